// JSON Schema validation of requests and responses against the bundled spec, with the project's one Ajv
// setup (./ajv.ts: the server's formats, every error listed). Used by the client's optional response
// validation, the deployment validator and the tests.
import type { Ajv2020, ErrorObject, ValidateFunction } from "ajv/dist/2020.js";
import { createAjv } from "./ajv.js";
import { listOperations, loadSpec, type JsonObject, type OpenApiDocument, type Operation } from "./spec.js";

export interface ValidationIssue {
  /** JSON pointer into the validated value, e.g. `/Data/0/id_paciente` ("" for the root). */
  pointer: string;
  /** Ajv keyword that failed (`type`, `required`, `unevaluatedProperties`, `pattern`, ...). */
  keyword: string;
  message: string;
  /** The property concerned for `required` and `unevaluatedProperties` errors. */
  property?: string;
}

export interface ValidationResult {
  valid: boolean;
  issues: ValidationIssue[];
}

export interface ContractValidatorOptions {
  /**
   * Treat properties the spec does not declare as errors in responses. The real server writes exactly the
   * DTO's properties, so an extra one means drift. Requests always accept unknown properties.
   */
  strictResponses?: boolean;
}

const SPEC_ID = "romsoft:openapi.json";

/** A deep copy of the spec in which every response row schema and envelope refuses undeclared properties. */
function strictCopy(doc: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(doc);
  for (const [name, schema] of Object.entries(copy.components.schemas)) {
    if (name.endsWith("_Full")) schema.unevaluatedProperties = false;
  }
  for (const item of Object.values(copy.paths)) {
    const res = (item.post?.responses as Record<string, JsonObject> | undefined)?.["200"];
    const media = (res?.content as Record<string, JsonObject> | undefined)?.["application/json"];
    if (media?.schema) (media.schema as JsonObject).unevaluatedProperties = false;
  }
  return copy;
}

function toIssue(e: ErrorObject): ValidationIssue {
  const params = e.params as { missingProperty?: string; unevaluatedProperty?: string; additionalProperty?: string };
  const property = params.missingProperty ?? params.unevaluatedProperty ?? params.additionalProperty;
  const issue: ValidationIssue = { pointer: e.instancePath, keyword: e.keyword, message: e.message ?? e.keyword };
  if (property !== undefined) issue.property = property;
  return issue;
}

/** Keeps the most useful error of an anyOf/allOf cascade: drop the generic wrappers. */
function summarize(errors: ErrorObject[] | null | undefined): ValidationIssue[] {
  if (!errors) return [];
  const specific = errors.filter((e) => e.keyword !== "anyOf" && e.keyword !== "allOf" && e.keyword !== "oneOf");
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  for (const e of specific.length ? specific : errors) {
    const issue = toIssue(e);
    const key = `${issue.pointer}|${issue.keyword}|${issue.property ?? ""}|${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(issue);
    }
  }
  return out;
}

export class ContractValidator {
  readonly doc: OpenApiDocument;
  private readonly ajv: Ajv2020;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(options: ContractValidatorOptions = {}) {
    const spec = loadSpec();
    this.doc = options.strictResponses ? strictCopy(spec) : spec;
    this.ajv = createAjv("report");
    this.ajv.addSchema({ ...this.doc, $id: SPEC_ID });
  }

  private compile(pointer: string): ValidateFunction {
    let fn = this.cache.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
      this.cache.set(pointer, fn);
    }
    return fn;
  }

  private run(pointer: string, value: unknown): ValidationResult {
    const fn = this.compile(pointer);
    const valid = fn(value) as boolean;
    return { valid, issues: valid ? [] : summarize(fn.errors) };
  }

  /** Validates a 200 answer (the envelope) of an operation. */
  validateResponse(op: Operation, body: unknown): ValidationResult {
    return this.run(`${op.pointer}/responses/200/content/application~1json/schema`, body);
  }

  /** Validates an error answer (400/401) of an operation against the ErrorEnvelope schema. */
  validateErrorEnvelope(body: unknown): ValidationResult {
    return this.run("#/components/schemas/ErrorEnvelope", body);
  }

  /** Validates a request body of an operation. */
  validateRequest(op: Operation, body: unknown): ValidationResult {
    return this.run(`${op.pointer}/requestBody/content/application~1json/schema`, body);
  }

  /** Validates any value against a named component schema. */
  validateSchema(name: string, value: unknown): ValidationResult {
    return this.run(`#/components/schemas/${name}`, value);
  }

  operations(): Operation[] {
    return listOperations();
  }
}
