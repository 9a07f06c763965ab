// The precompiled response validators of `@romsoft-contract/client/validate`: Ajv standalone code (ESM)
// generated from the bundled spec at build time, so nothing is compiled when the package runs (no eval or
// `new Function`: it works under a strict Content-Security-Policy). Same Ajv setup and the same strict copy of
// the spec (undeclared response properties are errors) as contract/validate.ts.
import standalone from "ajv/dist/standalone/index.js";
import { listOperations, loadSpec, resolveRef, type JsonObject } from "../../contract/spec.js";
import { createAjv, SPEC_ID, strictCopy } from "../../contract/validate.js";

/**
 * The source of the generated module (the shape client/src/validators.d.ts declares): `responses` (the
 * 200-answer validator of each operation), `errorEnvelope` (400/401 answers) and `statuses` (the HTTP
 * statuses each operation declares). Its `require`s of Ajv's runtime helpers are bundled by esbuild.
 */
export function validatorsModule(): string {
  const spec = loadSpec();
  const doc = strictCopy(spec);
  const ajv = createAjv({ source: true, esm: true });
  ajv.addSchema({ ...doc, $id: SPEC_ID });
  const refs: Record<string, string> = { errorEnvelope: `${SPEC_ID}#/components/schemas/ErrorEnvelope` };
  const responses: string[] = [];
  const statuses: Record<string, number[]> = {};
  for (const op of listOperations(spec)) {
    const id = `romsoft:response:${op.operationId}`;
    ajv.addSchema({ $id: id, $ref: `${SPEC_ID}${op.pointer}/responses/200/content/application~1json/schema` });
    refs[`response_${op.operationId}`] = id;
    responses.push(`${JSON.stringify(op.operationId)}: response_${op.operationId}`);
    const post = resolveRef(spec, spec.paths[op.path]?.post ?? {});
    statuses[op.operationId] = Object.keys((post.responses ?? {}) as JsonObject).map(Number);
  }
  return [
    "// Generated at build time from the bundled spec with Ajv standalone code. Do not edit.",
    standalone.default(ajv, refs),
    `export const responses = {${responses.join(", ")}};`,
    `export const statuses = ${JSON.stringify(statuses)};`,
    "",
  ].join("\n");
}
