// JSON Schema validation of requests and responses against the bundled spec, with the project's one Ajv
// setup (./ajv.ts: the server's formats, every error listed). Used by the deployment validator and the
// tests; the client package's precompiled response validators are generated with the same setup (the
// "report" preset of createAjv, strictCopy).
import type { Ajv2020, ValidateFunction } from "ajv/dist/2020.js";
import { createAjv } from "./ajv.js";
import { summarizeErrors as summarize, type ValidationIssue } from "./issues.js";
import { listOperations, loadSpec, type JsonObject, type OpenApiDocument, type Operation } from "./spec.js";

export type { ValidationIssue } from "./issues.js";

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

/** `$id` under which the bundled spec is added to Ajv: schemas are compiled as `$ref`s into it. */
export const SPEC_ID = "romsoft:openapi.json";

/**
 * A deep copy of the spec in which every response row schema and envelope refuses undeclared properties
 * (also what the client package's precompiled validators are generated from).
 */
export function strictCopy(doc: OpenApiDocument): OpenApiDocument {
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
