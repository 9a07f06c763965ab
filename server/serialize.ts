// How answers become JSON text. JSON.stringify, except for a value whose JSON was kept beforehand (the frozen
// rows of a cached list): an envelope carrying it as Data is written around the kept text, so a list served
// from the cache is not serialized again on every request.

const kept = new WeakMap<object, string>();

/**
 * Keeps the JSON text of a value that will be sent many times. The value must never change afterwards: it is
 * frozen here (its own properties and those of its direct children, the rows of a list).
 */
export function keepJson<T extends object>(value: T): T {
  if (Array.isArray(value)) for (const item of value) if (item !== null && typeof item === "object") Object.freeze(item);
  Object.freeze(value);
  kept.set(value, JSON.stringify(value));
  return value;
}

const ENVELOPE_KEYS = ["Message", "Success", "Warning", "Data"] as const;

/** True for exactly `{Message: string|null, Success: boolean, Warning: boolean, Data}`, in that order. */
function isPlainEnvelope(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  if (keys.length !== 4 || keys.some((k, i) => k !== ENVELOPE_KEYS[i])) return false;
  return (
    (value.Message === null || typeof value.Message === "string") &&
    typeof value.Success === "boolean" &&
    typeof value.Warning === "boolean"
  );
}

/** The JSON text of an answer: the same text JSON.stringify would write. */
export function serializeAnswer(data: unknown): string {
  if (data !== null && typeof data === "object") {
    const envelope = data as Record<string, unknown>;
    const inner = envelope.Data;
    if (inner !== null && typeof inner === "object") {
      const json = kept.get(inner);
      if (json !== undefined && isPlainEnvelope(envelope)) {
        return `{"Message":${JSON.stringify(envelope.Message)},"Success":${String(envelope.Success)},"Warning":${String(envelope.Warning)},"Data":${json}}`;
      }
    }
  }
  return JSON.stringify(data);
}
