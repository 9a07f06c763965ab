// Mock Service Worker handlers of the whole API, built from the bundled spec (generated/openapi.json): the mock
// without a server, inside a browser (with MSW's service worker) or a Node test runner (`msw/node`).
//
//   import { setupServer } from "msw/node";           // tests
//   import { setupWorker } from "msw/browser";        // a page (serve mockServiceWorker.js: npm run mock:worker)
//   import { handlers, createHandlers } from "romsoft-contract/mocks/msw";
//
// It answers as `npm run mock` (the Prism front) does:
// - every operation answers its `ok` example; `Prefer` scenarios as contract/scenarios.ts defines them;
// - Account/Login needs no token and returns the `ok` example (a sample token); every other operation needs
//   `Authorization: Bearer <token>` (any token: presence is checked, not the JWT), 401 envelope otherwise;
// - bodies and query strings are checked against the spec as the reference server checks them, with its 400
//   envelope naming the field (contract/request-check.ts);
// - body properties the action does not read are named in `Romsoft-Ignored-Properties`, as the server does;
// - under `/api/`, an unknown path is 404 and another method 405 (`Allow: POST`), in the envelope.
// No Node imports: this module is bundled into pages as it is.
import { delay, http, HttpResponse, type RequestHandler } from "msw";
import { CORS_ALLOWED_HEADERS, CORS_MAX_AGE } from "../../contract/cors.js";
import { IGNORED_PROPERTIES_HEADER, headerValue, ignoredProperties } from "../../contract/ignored-properties.js";
import { createRequestChecker, readJsonBody } from "../../contract/request-check.js";
import { UNAUTHORIZED_MESSAGES, methodNotAllowedMessage, notFoundMessage, parseBearer } from "../../contract/request-errors.js";
import { operationsOf, type OpenApiDocument, type Operation } from "../../contract/operations.js";
import { resolveScenario } from "../../contract/scenarios.js";
import { bundledSpec } from "./spec.js";

export interface MockHandlersOptions {
  /**
   * Where the API is: an origin with an optional path prefix (`http://localhost:3000`, `/backend`), or `*`
   * (default) for any origin. Handlers match `<baseUrl>/api/...`.
   */
  baseUrl?: string;
  /**
   * A `Prefer` value applied to requests that send none, e.g. `"delay=400"` for a slow API everywhere or
   * `"example=error"` for failing answers. Requests with their own `Prefer` are answered by theirs.
   */
  defaultPrefer?: string;
  /** The bundled spec (default: the project's generated/openapi.json). */
  spec?: OpenApiDocument;
}

interface Envelope {
  Message: string | null;
  Success: boolean;
  Warning: boolean;
  Data: unknown;
}

const refusal = (message: string): Envelope => ({ Message: message, Success: false, Warning: false, Data: null });

/** `/api/X/Y/` or `//api//x/y` → `/api/x/y`: the server routes without regard to case, duplicate or trailing slashes. */
function routeKey(pathname: string): string {
  return pathname.replace(/\/{2,}/g, "/").replace(/(.)\/+$/, "$1").toLowerCase();
}

export function createHandlers(options: MockHandlersOptions = {}): RequestHandler[] {
  const spec = options.spec ?? bundledSpec;
  const base = (options.baseUrl ?? "*").replace(/\/+$/, "");
  // The sandbox's own operations (POST /sandbox/reset) answer their examples too: there is nothing to reset.
  const operations = [...operationsOf(spec), ...operationsOf(spec, { sandboxOnly: true })];
  const checker = createRequestChecker(spec);
  const byRoute = new Map(operations.map((op) => [routeKey(op.path), op]));
  const readsById = new Map(operations.map((op) => [op.operationId, new Set(op.reads)]));

  const answer = async (op: Operation, request: Request): Promise<Response> => {
    // The order of the reference server: token, body, query string, then the action (here: the scenario).
    if (op.secured) {
      const bearer = parseBearer(request.headers.get("authorization"));
      if ("failure" in bearer) {
        const challenge = bearer.failure === "missing" ? "Bearer" : 'Bearer error="invalid_token"';
        return HttpResponse.json(refusal(UNAUTHORIZED_MESSAGES[bearer.failure]), { status: 401, headers: { "WWW-Authenticate": challenge } });
      }
    }
    const read = readJsonBody(request.headers.get("content-type"), await request.text());
    if (!read.ok) return HttpResponse.json(refusal(read.message), { status: 400 });
    const problem = checker.check(op, read.body, new URL(request.url).searchParams);
    if (problem !== null) return HttpResponse.json(refusal(problem), { status: 400 });

    // From here on the server has let the request reach its action: it names the properties the action ignores.
    const ignored = ignoredProperties(read.body, readsById.get(op.operationId)!);
    const headers: Record<string, string> = ignored.length > 0 ? { [IGNORED_PROPERTIES_HEADER]: headerValue(ignored) } : {};
    const scenario = resolveScenario(op, request.headers.get("prefer") ?? options.defaultPrefer);
    if (scenario.kind === "refused") return HttpResponse.json(scenario.body, { status: 400, headers });
    if (scenario.delayMs > 0) await delay(scenario.delayMs);
    if (scenario.kind === "example") return HttpResponse.json(scenario.body as Envelope, { status: scenario.status, headers });
    return HttpResponse.json(op.responseExamples.ok?.value as Envelope, { status: 200, headers });
  };

  const perOperation = operations.map((op) => http.post(`${base}${op.path}`, ({ request }) => answer(op, request)));

  // Everything else under /api/: the same path in another letter case, other methods, unknown actions.
  const rest = http.all(`${base}/api/*`, ({ request }) => {
    const url = new URL(request.url);
    const op = byRoute.get(routeKey(url.pathname));
    if (op && request.method === "POST") return answer(op, request);
    // A preflight, as the Prism front answers it (a page's own requests never reach here: the browser sends
    // them to the service worker without one).
    if (op && request.method === "OPTIONS") {
      return new HttpResponse(null, {
        status: 204,
        headers: {
          "Access-Control-Allow-Origin": "*",
          "Access-Control-Allow-Methods": "POST",
          "Access-Control-Allow-Headers": CORS_ALLOWED_HEADERS.join(", "),
          "Access-Control-Max-Age": String(CORS_MAX_AGE),
        },
      });
    }
    if (op) {
      return HttpResponse.json(refusal(methodNotAllowedMessage(["POST"])), { status: 405, headers: { Allow: "POST" } });
    }
    return HttpResponse.json(refusal(notFoundMessage(request.method, url.pathname)), { status: 404 });
  });

  return [...perOperation, rest];
}

/** The handlers of every operation on any origin, with no default scenario. */
export const handlers: RequestHandler[] = createHandlers();
