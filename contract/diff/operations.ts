// What each operation of a bundled spec declares, in the terms the comparison uses: the request body and
// parameters, the responses (the envelope with its Data, the named examples and their messages), security.
import type { JsonObject } from "../spec.js";
import { canonical, deref, SchemaFlattener, type FlatSchema } from "./schema.js";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

export type MessageCategory = "success" | "warning" | "error";

export interface DocumentedMessage {
  /** Name of the example that shows it (`ok`, `warning2`, `error`, …). */
  example: string;
  category: MessageCategory;
  text: string | null;
}

export interface ResponseFacts {
  pointer: string;
  schema: FlatSchema | null;
  /** Named examples, canonical JSON of their values. */
  examples: Map<string, string>;
  messages: DocumentedMessage[];
  description: string | undefined;
}

export interface ParameterFacts {
  pointer: string;
  required: boolean;
  schema: FlatSchema;
  description: string | undefined;
}

export interface OperationFacts {
  key: string;
  method: string;
  path: string;
  pointer: string;
  summary: string | undefined;
  description: string | undefined;
  tags: string[];
  /** Security requirements, each as sorted `scheme[scopes]` names joined by " + "; [] when public. */
  security: string[];
  /** The security schemes the requirements name, canonical JSON without prose. */
  schemes: Map<string, string>;
  parameters: Map<string, ParameterFacts>;
  body: { pointer: string; required: boolean; schema: FlatSchema; examples: Map<string, string> } | null;
  responses: Map<string, ResponseFacts>;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The JSON media type of a content map (application/json, else the first one). */
function jsonMedia(doc: JsonObject, content: unknown): { key: string; media: JsonObject } | null {
  if (!isObject(content)) return null;
  const key = "application/json" in content ? "application/json" : Object.keys(content)[0];
  if (key === undefined) return null;
  return { key, media: deref<JsonObject>(doc, content[key]) };
}

function namedExamples(doc: JsonObject, media: JsonObject): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (isObject(media.examples)) {
    for (const [name, ex] of Object.entries(media.examples)) out.set(name, deref<JsonObject>(doc, ex).value);
  } else if (media.example !== undefined) {
    out.set("example", media.example);
  }
  return out;
}

/** The envelope says how an answer went: Success false is a caught error, Warning true a business warning. */
function messagesOf(examples: Map<string, unknown>): DocumentedMessage[] {
  const out: DocumentedMessage[] = [];
  for (const [example, value] of examples) {
    if (!isObject(value) || !("Message" in value)) continue;
    const category: MessageCategory = value.Success === false ? "error" : value.Warning === true ? "warning" : "success";
    out.push({ example, category, text: typeof value.Message === "string" ? value.Message : null });
  }
  return out;
}

function withoutProse(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutProse);
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "description").map(([k, v]) => [k, withoutProse(v)]));
}

/** Every operation of the document, keyed by operationId (or `METHOD path` when it has none). */
export function operationsOf(doc: JsonObject): Map<string, OperationFacts> {
  const flattener = new SchemaFlattener(doc);
  const rootSecurity = Array.isArray(doc.security) ? doc.security : [];
  const components = isObject(doc.components) ? doc.components : {};
  const schemes = isObject(components.securitySchemes) ? components.securitySchemes : {};
  const out = new Map<string, OperationFacts>();
  for (const [path, rawItem] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    const item = deref<JsonObject>(doc, rawItem);
    for (const method of METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const pointer = `#/paths/${escapeSegment(path)}/${method}`;
      const key = typeof op.operationId === "string" ? op.operationId : `${method.toUpperCase()} ${path}`;
      const requirements = (Array.isArray(op.security) ? op.security : rootSecurity) as JsonObject[];
      const security = requirements
        .map((req) => Object.entries(req).map(([name, scopes]) => `${name}${Array.isArray(scopes) && scopes.length ? `[${scopes.join(",")}]` : ""}`).sort().join(" + "))
        .sort();
      const usedSchemes = new Map<string, string>();
      for (const req of requirements) {
        for (const name of Object.keys(req)) usedSchemes.set(name, canonical(withoutProse(deref(doc, schemes[name]) ?? null)));
      }

      const parameters = new Map<string, ParameterFacts>();
      const params = [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])];
      params.forEach((raw) => {
        const p = deref<JsonObject>(doc, raw);
        const name = `${String(p.in)}.${String(p.name)}`;
        const index = ((op.parameters as unknown[]) ?? []).indexOf(raw);
        parameters.set(name, {
          pointer: index >= 0 ? `${pointer}/parameters/${index}` : `#/paths/${escapeSegment(path)}/parameters`,
          required: p.required === true,
          schema: flattener.flatten(p.schema),
          description: typeof p.description === "string" ? p.description : undefined,
        });
      });

      let body: OperationFacts["body"] = null;
      if (op.requestBody !== undefined) {
        const rb = deref<JsonObject>(doc, op.requestBody);
        const media = jsonMedia(doc, rb.content);
        if (media) {
          body = {
            pointer: `${pointer}/requestBody/content/${escapeSegment(media.key)}/schema`,
            required: rb.required === true,
            schema: flattener.flatten(media.media.schema),
            examples: new Map([...namedExamples(doc, media.media)].map(([k, v]) => [k, canonical(v)])),
          };
        }
      }

      const responses = new Map<string, ResponseFacts>();
      for (const [status, raw] of Object.entries(isObject(op.responses) ? op.responses : {})) {
        const response = deref<JsonObject>(doc, raw);
        const media = jsonMedia(doc, response.content);
        const examples = media ? namedExamples(doc, media.media) : new Map<string, unknown>();
        responses.set(status, {
          pointer: media
            ? `${pointer}/responses/${escapeSegment(status)}/content/${escapeSegment(media.key)}/schema`
            : `${pointer}/responses/${escapeSegment(status)}`,
          schema: media && media.media.schema !== undefined ? flattener.flatten(media.media.schema) : null,
          examples: new Map([...examples].map(([k, v]) => [k, canonical(v)])),
          messages: messagesOf(examples),
          description: typeof response.description === "string" ? response.description : undefined,
        });
      }

      out.set(key, {
        key,
        method,
        path,
        pointer,
        summary: typeof op.summary === "string" ? op.summary : undefined,
        description: typeof op.description === "string" ? op.description : undefined,
        tags: Array.isArray(op.tags) ? op.tags.map(String) : [],
        security,
        schemes: usedSchemes,
        parameters,
        body,
        responses,
      });
    }
  }
  return out;
}
