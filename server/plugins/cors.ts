// CORS, so that a web app served from another origin (a dev server on localhost:5173...) can call the API
// from the browser. @fastify/cors answers the preflights and adds the headers; this module decides which
// origins are allowed and keeps preflights to the API's own paths.
//
// - `"loopback"` (the default of `npm start`): any http://localhost, 127.0.0.1 or [::1] origin, any port;
// - `"*"` (the sandbox's default): any origin (answered `Access-Control-Allow-Origin: *`);
// - a list of exact origins (`ROMSOFT_CORS_ORIGINS=https://app.example.pe,http://localhost:5173`).
// No credentials mode: the API reads a bearer token from `Authorization`, never a cookie.
//
// Requests without `Origin`, or from an origin not allowed, get no CORS header at all (the browser then
// refuses to hand the answer to the page); an `OPTIONS` that is not an allowed preflight goes to the 404/405
// handling as before.
import type { FastifyInstance, FastifyRequest } from "fastify";
import cors, { type FastifyCorsOptions } from "@fastify/cors";
import fp from "fastify-plugin";
import { CORS_ALLOWED_HEADERS, CORS_EXPOSED_HEADERS, CORS_MAX_AGE } from "../../contract/cors.js";

export type CorsOrigins = "loopback" | "*" | readonly string[];

const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/;

/** Paths that take cross-origin POSTs: the API's actions and the sandbox's own operations. */
const PREFLIGHT_PATH = /^\/(api|sandbox)\//i;

export class CorsOriginsError extends Error {
  override name = "CorsOriginsError";
}

/**
 * Reads a `ROMSOFT_CORS_ORIGINS` value: `*`, or a comma-separated list of origins (`scheme://host[:port]`,
 * nothing after). Undefined or blank gives `fallback`. Throws CorsOriginsError naming the bad entry.
 */
export function parseCorsOrigins(value: string | undefined, fallback: CorsOrigins): CorsOrigins {
  if (value === undefined || value.trim() === "") return fallback;
  const entries = value.split(",").map((e) => e.trim()).filter((e) => e !== "");
  if (entries.includes("*")) {
    if (entries.length > 1) throw new CorsOriginsError("'*' allows every origin: give it alone, not in a list");
    return "*";
  }
  for (const entry of entries) {
    const url = URL.canParse(entry) ? new URL(entry) : undefined;
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.origin !== entry.replace(/\/$/, "").toLowerCase()) {
      throw new CorsOriginsError(`'${entry}' is not an origin (scheme://host[:port], e.g. http://localhost:5173)`);
    }
  }
  return entries.map((e) => new URL(e).origin);
}

/** Whether a request's `Origin` may read the API's answers. */
export function originAllowed(origins: CorsOrigins, origin: string): boolean {
  if (origins === "*") return true;
  if (origins === "loopback") return LOOPBACK_ORIGIN.test(origin);
  return origins.includes(origin.toLowerCase());
}

/** A short description for the start-up banner. */
export function describeCorsOrigins(origins: CorsOrigins): string {
  if (origins === "*") return "any origin (*)";
  if (origins === "loopback") return "http://localhost, 127.0.0.1 and [::1] on any port";
  return origins.join(", ");
}

export interface CorsPluginOptions {
  origins: CorsOrigins;
}

async function corsPlugin(app: FastifyInstance, { origins }: CorsPluginOptions): Promise<void> {
  const base = {
    methods: ["POST"],
    allowedHeaders: [...CORS_ALLOWED_HEADERS],
    exposedHeaders: [...CORS_EXPOSED_HEADERS],
    maxAge: CORS_MAX_AGE,
    credentials: false,
    strictPreflight: false,
  } satisfies FastifyCorsOptions;
  const refused: FastifyCorsOptions = { ...base, origin: false };

  await app.register(cors, {
    hook: "onRequest",
    delegator: (request: FastifyRequest, callback) => {
      const origin = request.headers.origin;
      if (origin === undefined || !originAllowed(origins, origin)) return callback(null, refused);
      callback(null, {
        ...base,
        origin: origins === "*" ? "*" : origin,
        // Only a real preflight (OPTIONS with Access-Control-Request-Method) to an API path is answered 204;
        // any other OPTIONS gets the API's 404/405 answer, with the CORS headers so the page can read it.
        preflight: request.method === "OPTIONS" && request.headers["access-control-request-method"] !== undefined && PREFLIGHT_PATH.test(request.url),
      });
    },
  });
}

export default fp(corsPlugin, { name: "romsoft-cors", fastify: "5.x" });
