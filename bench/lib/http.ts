// Single HTTP requests of the benchmark (probes, log-in, readiness polling). Load itself goes through autocannon.
import type { Child } from "./processes.js";

export interface HttpAnswer {
  status: number;
  text: string;
  /** Parsed body, or undefined when it is not JSON. */
  json: unknown;
}

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 10_000,
): Promise<HttpAnswer> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

export interface ReadyProbe {
  url: string;
  body: unknown;
  headers?: Record<string, string>;
  /** Accepts the answer as "ready"; default: HTTP 200. */
  accept?: (answer: HttpAnswer) => boolean;
}

/**
 * Polls until the probe gets an accepted answer; returns the milliseconds from the child's spawn to that answer.
 * Fails when the child exits first or timeoutMs passes.
 */
export async function waitReady(child: Child, probe: ReadyProbe, timeoutMs = 60_000, pollMs = 5): Promise<number> {
  const accept = probe.accept ?? ((a: HttpAnswer) => a.status === 200);
  const deadline = performance.now() + timeoutMs;
  let last = "no answer yet";
  while (performance.now() < deadline) {
    if (child.exited()) {
      throw new Error(`${child.name} exited (code ${child.exitCode()}) before answering:\n${child.output()}`);
    }
    try {
      const answer = await postJson(probe.url, probe.body, probe.headers, 2000);
      if (accept(answer)) return performance.now() - child.spawnedAt;
      last = `HTTP ${answer.status} ${answer.text.slice(0, 200)}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  throw new Error(`${child.name} not ready after ${timeoutMs} ms (last: ${last})\n${child.output()}`);
}

/** A JsonResponse envelope with Success true and Warning false. */
export function isCleanSuccess(json: unknown): boolean {
  if (json === null || typeof json !== "object") return false;
  const env = json as { Success?: unknown; Warning?: unknown };
  return env.Success === true && env.Warning === false;
}
