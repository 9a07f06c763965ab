// Request bodies: JSON only (application/json, with or without parameters such as charset, and text/json).
//
// Differences from fastify's own parser, to accept what the backend accepts:
// - an empty body is not an error: it parses to `undefined` and the validation plugin decides (fine for
//   actions that ignore their body, "body required" for actions that read a DTO);
// - prototype-poisoning keys (`__proto__`, `constructor.prototype`) are dropped (fastify's secure-json-parse);
//   no handler reads them anyway;
// - a number too large for a double (`1e309`, which JSON.parse turns into Infinity) is refused with 400 naming
//   the field: it would otherwise be stored as Infinity and read back as 0.
// Any other content type (text/plain, forms, a body without Content-Type) is answered 400 by the error
// handler (fastify raises "unsupported media type").
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { HUGE_NUMBER_LITERAL, nonFinitePath } from "../../contract/request-check.js";
import { MALFORMED_JSON_MESSAGE, outOfRangeNumberMessage } from "../../contract/request-errors.js";
import { RequestProblem } from "../error-envelope.js";

async function jsonBody(app: FastifyInstance): Promise<void> {
  // fastify's parser, used for everything but the empty body (keeps its secure-json-parse protections).
  const secureParse = app.getDefaultJsonParser("remove", "remove");

  const parse = (req: unknown, raw: string, done: (err: Error | null, body?: unknown) => void): void => {
    // A UTF-8 byte-order mark is tolerated, as Newtonsoft.Json does.
    const body = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
    if (body.trim() === "") {
      done(null, undefined);
      return;
    }
    secureParse(req as never, body, (err: Error | null, value?: unknown) => {
      if (err) done(new RequestProblem(400, MALFORMED_JSON_MESSAGE));
      else {
        const overflow = HUGE_NUMBER_LITERAL.test(body) ? nonFinitePath(value) : null;
        if (overflow !== null) done(new RequestProblem(400, outOfRangeNumberMessage(overflow)));
        else done(null, value);
      }
    });
  };

  // Drop fastify's defaults (application/json and text/plain): only JSON bodies are accepted.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(["application/json", "text/json"], { parseAs: "string" }, parse);
}

export default fp(jsonBody, { name: "romsoft-json-body", fastify: "5.x" });
