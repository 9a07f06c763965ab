// Optional (tests turn it on): every 200 answer of an operation is validated against the operation's
// response schema BEFORE fastify serializes it. fast-json-stringify is not a validator: it drops unknown
// properties and coerces some wrong types silently, so a handler returning the wrong shape would go
// unnoticed. Here a mismatch is logged with its issues (never the payload, which may hold a token) and
// answered 500, which no test can miss. Undeclared properties count as mismatches (strictResponses).
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import { listOperations, listSandboxOperations, type Operation } from "../../contract/spec.js";
import { ContractValidator } from "../../contract/validate.js";
import { ResponseContractError } from "../error-envelope.js";

async function responseValidation(app: FastifyInstance): Promise<void> {
  const validator = new ContractValidator({ strictResponses: true });
  const operations = new Map<string, Operation>([...listOperations(), ...listSandboxOperations()].map((op) => [op.operationId, op]));

  app.addHook("preSerialization", async (request, reply, payload: unknown) => {
    const operationId = request.routeOptions.config.operationId;
    if (!operationId || reply.statusCode !== 200) return payload;
    const op = operations.get(operationId);
    if (!op) return payload;
    const result = validator.validateResponse(op, payload);
    if (!result.valid) throw new ResponseContractError(operationId, result.issues.slice(0, 10));
    return payload;
  });
}

export default fp(responseValidation, { name: "romsoft-response-validation", fastify: "5.x" });
