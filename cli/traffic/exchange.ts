// An HTTP exchange seen between a client and a deployment (through the proxy, or read from a HAR file), and how
// one is matched to an operation of the contract.
import { listOperations, type Operation } from "../../contract/spec.js";

export interface ObservedExchange {
  method: string;
  /** The URL the client called (the deployment's, for the report). */
  url: URL;
  /** Header names in lower case; repeated headers joined with ", ". */
  requestHeaders: Record<string, string>;
  /** The request body as sent, or null when it was larger than the copy kept for checking. */
  requestBody: Buffer | null;
  /** Set when the request body cannot be judged although it was copied (the answer came before it was complete). */
  requestIncomplete?: boolean;
  /** HTTP status, or null when no answer came (the error says why). */
  status: number | null;
  responseHeaders: Record<string, string>;
  /** The answer's body with any content coding undone, or null when it was larger than the copy kept for checking. */
  responseBody: Buffer | null;
  durationMs: number;
  error?: string;
}

let byPath: Map<string, Operation> | undefined;

/**
 * The operation a URL path calls: the part from the last `/api/` on, compared without case (ASP.NET routes
 * ignore case) and without a trailing slash, so a deployment under a path prefix (`/romsoft/api/...`) matches.
 */
export function operationForPath(pathname: string): Operation | undefined {
  byPath ??= new Map(listOperations().map((op) => [op.path.toLowerCase(), op]));
  const lower = pathname.toLowerCase().replace(/\/+$/, "");
  const i = lower.lastIndexOf("/api/");
  return i < 0 ? undefined : byPath.get(lower.slice(i));
}

/**
 * Headers as the checks read them, from rawHeaders ([name, value, name, value…]): names in lower case, repeated
 * headers joined with ", ". Read from the raw list so that node's headers object is never built.
 */
export function flattenRawHeaders(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    const before = out[name];
    out[name] = before === undefined ? value : `${before}, ${value}`;
  }
  return out;
}
