// CORS of every server a browser app talks to in development (the mock front, the in-browser mock, the
// sandbox): which request headers the API uses and how long a preflight may be cached.

/** Request headers a browser client of the API sends (allowed in preflight answers). */
export const CORS_ALLOWED_HEADERS = ["Authorization", "Content-Type", "Prefer", "X-Sandbox-Session"] as const;

/** Response headers a page may read besides the CORS-safelisted ones (the server sends no request id). */
export const CORS_EXPOSED_HEADERS = ["Romsoft-Ignored-Properties"] as const;

/** How long a browser may cache a preflight answer, in seconds. */
export const CORS_MAX_AGE = 600;
