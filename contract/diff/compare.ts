// Compares two bundled specs operation by operation. The envelope is understood: a 200 answer is
// `JsonResponse` plus `Data`, so `Data` is compared on its own (its kind, then its rows), and the `Message` of
// every named example is a documented message that clients may match on.
import type { JsonObject } from "../spec.js";
import { compareSchema, dataKind, severityOf, type SchemaContext } from "./compare-schema.js";
import { summarize, type Change, type DiffResult, type Severity } from "./model.js";
import { operationsOf, type DocumentedMessage, type OperationFacts, type ResponseFacts } from "./operations.js";
import type { FlatSchema } from "./schema.js";

type Emit = (change: Change) => void;

function change(operationId: string | null, severity: Severity, kind: string, pointer: string, message: string, before?: unknown, after?: unknown): Change {
  const c: Change = { operationId, severity, kind, pointer, message };
  if (before !== undefined) c.before = before;
  if (after !== undefined) c.after = after;
  return c;
}

function compareSecurity(b: OperationFacts, r: OperationFacts, emit: Emit): void {
  const before = b.security.join(" | ") || "public";
  const after = r.security.join(" | ") || "public";
  const pointer = `${r.pointer}/security`;
  if (before !== after) {
    if (b.security.length === 0) emit(change(r.key, "breaking", "security-added", pointer, `now requires ${after} (was public)`, before, after));
    else if (r.security.length === 0) emit(change(r.key, "non-breaking", "security-removed", pointer, `now public (required ${before})`, before, after));
    else emit(change(r.key, "breaking", "security-changed", pointer, `security ${before} → ${after}`, before, after));
    return;
  }
  for (const [name, scheme] of r.schemes) {
    if (b.schemes.get(name) !== scheme) {
      emit(change(r.key, "breaking", "security-scheme-changed", `#/components/securitySchemes/${name}`, `security scheme ${name} changed`,
        JSON.parse(b.schemes.get(name) ?? "null"), JSON.parse(scheme)));
    }
  }
}

function compareParameters(b: OperationFacts, r: OperationFacts, emit: Emit): void {
  for (const [name, p] of b.parameters) {
    if (!r.parameters.has(name)) emit(change(r.key, "breaking", "parameter-removed", p.pointer, `parameter ${name} removed (no longer read by the server)`));
  }
  for (const [name, p] of r.parameters) {
    const old = b.parameters.get(name);
    if (!old) {
      emit(change(r.key, p.required ? "breaking" : "non-breaking", "parameter-added", p.pointer, `parameter ${name} added${p.required ? " (required)" : ""}`));
      continue;
    }
    if (old.required !== p.required) {
      emit(change(r.key, p.required ? "breaking" : "non-breaking", p.required ? "parameter-required" : "parameter-optional", p.pointer,
        `parameter ${name} ${p.required ? "now required" : "no longer required"}`, old.required, p.required));
    }
    if (old.description !== p.description) emit(change(r.key, "info", "parameter-description-changed", p.pointer, `parameter ${name}: description edited`));
    compareSchema(old.schema, p.schema, { operationId: r.key, area: "parameter", pointer: `${p.pointer}/schema`, where: name, emit });
  }
}

function compareExamples(before: Map<string, string>, after: Map<string, string>, key: string, pointer: string, what: string, emit: Emit, ignoreMessage = false): void {
  const strip = (text: string) => {
    if (!ignoreMessage) return text;
    const value: unknown = JSON.parse(text);
    if (value && typeof value === "object" && !Array.isArray(value)) {
      const { Message: _message, ...rest } = value as JsonObject;
      return JSON.stringify(rest);
    }
    return text;
  };
  for (const name of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(name);
    const a = after.get(name);
    const examplePointer = `${pointer.replace(/\/schema$/, "")}/examples/${name}`;
    if (b === undefined) emit(change(key, "info", `${what}-example-added`, examplePointer, `${what} example ${name} added`));
    else if (a === undefined) emit(change(key, "info", `${what}-example-removed`, examplePointer, `${what} example ${name} removed`));
    else if (strip(b) !== strip(a)) emit(change(key, "info", `${what}-example-changed`, examplePointer, `${what} example ${name} edited`));
  }
}

function compareBody(b: OperationFacts, r: OperationFacts, emit: Emit): void {
  const pointer = `${r.pointer}/requestBody`;
  if (!b.body && !r.body) return;
  if (!b.body) {
    emit(change(r.key, r.body!.required ? "breaking" : "non-breaking", "request-body-added", pointer, `request body added${r.body!.required ? " (required)" : ""}`));
    return;
  }
  if (!r.body) {
    emit(change(r.key, "breaking", "request-body-removed", `${b.pointer}/requestBody`, "request body removed (no longer read by the server)"));
    return;
  }
  if (b.body.required !== r.body.required) {
    emit(change(r.key, r.body.required ? "breaking" : "non-breaking", r.body.required ? "request-body-required" : "request-body-optional", pointer,
      `request body ${r.body.required ? "now required" : "now optional"}`, b.body.required, r.body.required));
  }
  compareSchema(b.body.schema, r.body.schema, { operationId: r.key, area: "request", pointer: r.body.pointer, where: "body", emit });
  compareExamples(b.body.examples, r.body.examples, r.key, r.body.pointer, "request", emit);
}

function without(schema: FlatSchema, name: string): FlatSchema {
  const properties = new Map(schema.properties);
  properties.delete(name);
  const required = new Set(schema.required);
  required.delete(name);
  return { ...schema, properties, required };
}

/** The envelope around Data is compared as a response; Data itself by kind first, then property by property. */
function compareResponseSchema(key: string, b: FlatSchema, r: FlatSchema, pointer: string, emit: Emit): void {
  const envelope: SchemaContext = { operationId: key, area: "response", pointer, where: "response", emit };
  const bData = b.properties.get("Data");
  const rData = r.properties.get("Data");
  if (!bData && !rData) {
    compareSchema(b, r, envelope);
    return;
  }
  compareSchema(without(b, "Data"), without(r, "Data"), envelope);
  const dataPointer = `${pointer}/properties/Data`;
  const before = bData ? dataKind(bData) : "absent";
  const after = rData ? dataKind(rData) : "absent";
  if (before !== after || !bData || !rData) {
    emit(change(key, "breaking", "data-kind-changed", dataPointer, `Data: ${before} → ${after}`, before, after));
    return;
  }
  compareSchema(bData, rData, { operationId: key, area: "data", pointer: dataPointer, where: "Data", emit });
}

const label = (m: DocumentedMessage) => (m.text === null ? "null" : JSON.stringify(m.text));

/**
 * Documented messages are matched by text within their category (success, warning, error); a text that is
 * gone and another that appeared under the same example name is one message changed.
 */
function compareMessages(key: string, b: ResponseFacts, r: ResponseFacts, status: string, emit: Emit): void {
  const id = (m: DocumentedMessage) => `${m.category}\u0000${m.text}`;
  const beforeIds = new Set(b.messages.map(id));
  const afterIds = new Set(r.messages.map(id));
  const gone = b.messages.filter((m) => !afterIds.has(id(m)));
  const added = r.messages.filter((m) => !beforeIds.has(id(m)));
  const examplesPointer = r.pointer.replace(/\/schema$/, "/examples");
  for (const old of [...gone]) {
    const successor = added.find((m) => m.example === old.example && m.category === old.category);
    if (!successor) continue;
    gone.splice(gone.indexOf(old), 1);
    added.splice(added.indexOf(successor), 1);
    emit(change(key, "breaking", "message-changed", `${examplesPointer}/${successor.example}/value/Message`,
      `${status} ${old.category} message (example ${old.example}) changed: ${label(old)} → ${label(successor)}`, old.text, successor.text));
  }
  const seen = new Set<string>();
  for (const m of gone) {
    if (seen.has(id(m)) || afterIds.has(id(m))) continue;
    seen.add(id(m));
    emit(change(key, "non-breaking", "message-removed", `${b.pointer.replace(/\/schema$/, "/examples")}/${m.example}/value/Message`,
      `${status} ${m.category} message no longer documented: ${label(m)}`, m.text, undefined));
  }
  for (const m of added) {
    if (seen.has(id(m))) continue;
    seen.add(id(m));
    // A new warning or error is an answer clients have not been written for; a new success text is not.
    const severity: Severity = m.category === "success" ? "non-breaking" : "breaking";
    emit(change(key, severity, "message-added", `${examplesPointer}/${m.example}/value/Message`,
      `${status} ${m.category} message added: ${label(m)}`, undefined, m.text));
  }
}

function compareResponses(b: OperationFacts, r: OperationFacts, emit: Emit): void {
  for (const [status, res] of b.responses) {
    if (!r.responses.has(status)) {
      emit(change(r.key, severityOf("response", "narrowed"), "response-removed", res.pointer, `response ${status} no longer documented`));
    }
  }
  for (const [status, res] of r.responses) {
    const old = b.responses.get(status);
    if (!old) {
      emit(change(r.key, severityOf("response", "widened"), "response-added", res.pointer, `response ${status} added`));
      continue;
    }
    if (old.schema && res.schema) compareResponseSchema(r.key, old.schema, res.schema, res.pointer, emit);
    else if (old.schema || res.schema) emit(change(r.key, "breaking", "response-schema-changed", res.pointer, `response ${status}: schema ${old.schema ? "removed" : "added"}`));
    compareMessages(r.key, old, res, status, emit);
    compareExamples(old.examples, res.examples, r.key, res.pointer, "response", emit, true);
    if (old.description !== res.description) {
      emit(change(r.key, "info", "response-description-changed", res.pointer.replace(/\/content\/.*$/, ""), `response ${status}: description edited`));
    }
  }
}

function compareOperation(b: OperationFacts, r: OperationFacts, emit: Emit): void {
  if (b.path !== r.path || b.method !== r.method) {
    emit(change(r.key, "breaking", "operation-moved", r.pointer, `moved from ${b.method.toUpperCase()} ${b.path} to ${r.method.toUpperCase()} ${r.path}`,
      `${b.method.toUpperCase()} ${b.path}`, `${r.method.toUpperCase()} ${r.path}`));
  }
  compareSecurity(b, r, emit);
  compareParameters(b, r, emit);
  compareBody(b, r, emit);
  compareResponses(b, r, emit);
  if (b.summary !== r.summary) emit(change(r.key, "info", "summary-changed", `${r.pointer}/summary`, "summary edited", b.summary ?? null, r.summary ?? null));
  if (b.description !== r.description) emit(change(r.key, "info", "description-changed", `${r.pointer}/description`, "description edited"));
  if (b.tags.join() !== r.tags.join()) emit(change(r.key, "info", "tags-changed", `${r.pointer}/tags`, `tags ${b.tags.join(", ")} → ${r.tags.join(", ")}`, b.tags, r.tags));
}

function versionOf(doc: JsonObject): string {
  const info = doc.info as JsonObject | undefined;
  return typeof info?.version === "string" ? info.version : "";
}

/** Every change from `base` to `revision` (two bundled specs), labelled with the names the sides were given. */
export function diffContracts(base: JsonObject, revision: JsonObject, labels: { base: string; revision: string }): DiffResult {
  const changes: Change[] = [];
  const emit: Emit = (c) => changes.push(c);
  const versions = { base: versionOf(base), revision: versionOf(revision) };
  if (versions.base !== versions.revision) {
    emit(change(null, "info", "version-changed", "#/info/version", `contract version ${versions.base} → ${versions.revision}`, versions.base, versions.revision));
  }
  const before = operationsOf(base);
  const after = operationsOf(revision);
  for (const [key, b] of before) {
    const r = after.get(key);
    if (r) compareOperation(b, r, emit);
    else emit(change(key, "breaking", "operation-removed", b.pointer, `operation removed (${b.method.toUpperCase()} ${b.path})`));
  }
  for (const [key, r] of after) {
    if (!before.has(key)) emit(change(key, "non-breaking", "operation-added", r.pointer, `operation added (${r.method.toUpperCase()} ${r.path})`));
  }
  return { base: labels.base, revision: labels.revision, versions, summary: summarize(changes), changes };
}
