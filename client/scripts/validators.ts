// The precompiled response validators of `@romsoft-contract/client/validate`: Ajv standalone code (ESM)
// generated from the bundled spec at build time, so nothing is compiled when the package runs (no eval or
// `new Function`: it works under a strict Content-Security-Policy). The project's one Ajv factory with the
// preset contract/validate.ts uses ("report"), and the same strict copy of the spec (undeclared response
// properties are errors).
import { _ } from "ajv/dist/2020.js";
import { fullFormats } from "ajv-formats/dist/formats.js";
import standalone from "ajv/dist/standalone/index.js";
import { listOperations, loadSpec, resolveRef, type JsonObject } from "../../contract/spec.js";
import { createAjv } from "../../contract/ajv.js";
import { PROJECT_FORMATS } from "../../contract/formats.js";
import { SPEC_ID, strictCopy } from "../../contract/validate.js";

/** The `format` values the spec's schemas use. */
function formatsUsed(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) formatsUsed(v, found);
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "format" && typeof v === "string") found.add(v);
      else formatsUsed(v, found);
    }
  }
  return found;
}

/**
 * The preamble that defines `formats` (what the generated code reads the spec's formats from): each one taken
 * from where the project's Ajv took it, ajv-formats or the project's own (contract/formats.ts), and checked to
 * be that very definition, so the precompiled validators cannot drift from the server's.
 */
function formatsPreamble(ajv: ReturnType<typeof createAjv>, used: Set<string>): string {
  const imports = new Set<string>();
  const entries: string[] = [];
  for (const name of [...used].sort()) {
    const def = ajv.formats[name];
    const key = JSON.stringify(name);
    if (def === undefined) throw new Error(`the spec uses format "${name}", which the project's Ajv does not define`);
    if (def === PROJECT_FORMATS[name]) {
      imports.add('import { PROJECT_FORMATS } from "../contract/formats.ts";');
      entries.push(`${key}: PROJECT_FORMATS[${key}]`);
    } else if (def === fullFormats[name as keyof typeof fullFormats]) {
      imports.add('import { fullFormats } from "ajv-formats/dist/formats.js";');
      entries.push(`${key}: fullFormats[${key}]`);
    } else {
      throw new Error(`format "${name}" of the project's Ajv is neither ajv-formats' nor one of contract/formats.ts`);
    }
  }
  return [...imports, `const formats = {${entries.join(", ")}};`].join("\n");
}

/**
 * The source of the generated module (the shape client/src/validators.d.ts declares): `responses` (the
 * 200-answer validator of each operation), `errorEnvelope` (400/401 answers) and `statuses` (the HTTP
 * statuses each operation declares). Its imports and `require`s (Ajv's runtime helpers, the formats) are
 * resolved from client/ and bundled by esbuild.
 */
export async function validatorsModule(): Promise<string> {
  const spec = loadSpec();
  const doc = strictCopy(spec);
  const ajv = createAjv("report", { source: true, esm: true, formats: _`formats` });
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
    formatsPreamble(ajv, formatsUsed(doc)),
    standalone.default(ajv, refs),
    `export const responses = {${responses.join(", ")}};`,
    `export const statuses = ${JSON.stringify(statuses)};`,
    "",
  ].join("\n");
}
