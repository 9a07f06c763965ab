// The `Romsoft-Ignored-Properties` response header: which top-level properties of the request body carried a
// value the action does not read (unknown names, names in another letter case, DTO properties this action
// ignores), so that a client learns why, say, a search with `{"apellidos": "Garcia"}` answered every patient.
// The reference server (server/plugins/ignored-properties.ts) and the mocks name them alike from here. Pure
// TypeScript: no Node module (the MSW handlers run it in a browser).
//
// What each action reads is the operation's `x-reads` in the spec (Operation `reads`). Values a .NET client
// sends for properties it never set do not count (null, "", 0, false, 0001-01-01T00:00:00, []), nor do
// Newtonsoft's reference metadata properties ($id, $ref, ...), which its deserializer consumes.

export const IGNORED_PROPERTIES_HEADER = "Romsoft-Ignored-Properties";

/** Names listed at most; a longer list ends with `...`. */
export const MAX_LISTED = 50;

const NEWTONSOFT_METADATA = new Set(["$id", "$ref", "$type", "$values"]);
const UNSET_DATE = /^0001-01-01T00:00:00(\.0{1,7})?$/;

/** A value a .NET client sends for a property it never set. */
export function isUnsetValue(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === "" ||
    value === 0 ||
    value === false ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === "string" && UNSET_DATE.test(value))
  );
}

/** The top-level properties of `body` with a value that `reads` does not name, in the body's order. */
export function ignoredProperties(body: unknown, reads: ReadonlySet<string>): string[] {
  if (body === null || typeof body !== "object" || Array.isArray(body)) return [];
  const out: string[] = [];
  for (const [name, value] of Object.entries(body)) {
    if (!reads.has(name) && !NEWTONSOFT_METADATA.has(name) && !isUnsetValue(value)) out.push(name);
  }
  return out;
}

/** The header value: names percent-encoded (any text may be a property name), `, `-separated, capped. */
export function headerValue(names: readonly string[]): string {
  const listed = names.slice(0, MAX_LISTED).map(encodeURIComponent);
  if (names.length > MAX_LISTED) listed.push("...");
  return listed.join(", ");
}
