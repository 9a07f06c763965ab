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
import { SPEC_ID, strictCopy } from "../../contract/validate.js";

/**
 * Formats the project's Ajv defines itself rather than taking ajv-formats' (none today): the module (from the
 * repository root) and export the generated code imports each from. The build checks that the export is the
 * very definition the project's Ajv uses, so the browser validators cannot drift from the server's.
 */
const PROJECT_FORMATS: Record<string, { module: string; name: string }> = {};

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
 * from where the project's Ajv took it, checked to be the same definition.
 */
async function formatsPreamble(ajv: ReturnType<typeof createAjv>, used: Set<string>): Promise<string> {
  const imports: string[] = ['import { fullFormats } from "ajv-formats/dist/formats.js";'];
  const entries: string[] = [];
  for (const name of [...used].sort()) {
    const def = ajv.formats[name];
    if (def === undefined) throw new Error(`the spec uses format "${name}", which the project's Ajv does not define`);
    const own = PROJECT_FORMATS[name];
    if (own) {
      const exported = ((await import(`../../${own.module.replace(/\.ts$/, ".js")}`)) as Record<string, unknown>)[own.name];
      if (exported !== def) throw new Error(`format "${name}": ${own.module} ${own.name} is not the definition the project's Ajv uses`);
      const alias = `format_${entries.length}`;
      imports.push(`import { ${own.name} as ${alias} } from ${JSON.stringify(`../${own.module}`)};`);
      entries.push(`${JSON.stringify(name)}: ${alias}`);
    } else if (def === fullFormats[name as keyof typeof fullFormats]) {
      entries.push(`${JSON.stringify(name)}: fullFormats[${JSON.stringify(name)}]`);
    } else {
      throw new Error(`format "${name}" is the project's own: add it to PROJECT_FORMATS in client/scripts/validators.ts`);
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
    await formatsPreamble(ajv, formatsUsed(doc)),
    standalone.default(ajv, refs),
    `export const responses = {${responses.join(", ")}};`,
    `export const statuses = ${JSON.stringify(statuses)};`,
    "",
  ].join("\n");
}
