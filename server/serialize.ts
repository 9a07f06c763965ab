// How answers become JSON text. JSON.stringify, except for a value whose JSON was kept beforehand (the frozen
// rows of a cached list): an envelope carrying it as Data is written around the kept text, so a list served
// from the cache is not serialized again on every request. The most frequent answer, a clean success
// (`Message: null, Success: true, Warning: false`), is kept whole as UTF-8 bytes: sending it costs neither
// serialization nor text encoding, and its Content-Length is the buffer's length.
import { JSON_RESPONSE_KEYS } from "../contract/envelope.js";

interface Kept {
  json: string;
  /** The whole clean-success envelope around `json`, encoded once (on its first use). */
  cleanSuccess?: Buffer;
}

const kept = new WeakMap<object, Kept>();

/**
 * Keeps the JSON text of a value that will be sent many times. The value must never change afterwards: it is
 * frozen here (its own properties and those of its direct children, the rows of a list).
 */
export function keepJson<T extends object>(value: T): T {
  if (Array.isArray(value)) for (const item of value) if (item !== null && typeof item === "object") Object.freeze(item);
  Object.freeze(value);
  kept.set(value, { json: JSON.stringify(value) });
  return value;
}

/** True for exactly `{Message: string|null, Success: boolean, Warning: boolean, Data}`, in that order. */
function isPlainEnvelope(value: Record<string, unknown>): boolean {
  const keys = Object.keys(value);
  if (keys.length !== JSON_RESPONSE_KEYS.length || keys.some((k, i) => k !== JSON_RESPONSE_KEYS[i])) return false;
  return (
    (value.Message === null || typeof value.Message === "string") &&
    typeof value.Success === "boolean" &&
    typeof value.Warning === "boolean"
  );
}

/** The JSON of an answer: the same text JSON.stringify would write (as UTF-8 bytes for a kept clean success). */
export function serializeAnswer(data: unknown): string | Buffer {
  if (data !== null && typeof data === "object") {
    const envelope = data as Record<string, unknown>;
    const inner = envelope.Data;
    if (inner !== null && typeof inner === "object") {
      const k = kept.get(inner);
      if (k !== undefined && isPlainEnvelope(envelope)) {
        const head = `{"Message":${JSON.stringify(envelope.Message)},"Success":${String(envelope.Success)},"Warning":${String(envelope.Warning)},"Data":`;
        if (envelope.Message === null && envelope.Success === true && envelope.Warning === false) {
          return (k.cleanSuccess ??= Buffer.from(`${head}${k.json}}`, "utf8"));
        }
        return `${head}${k.json}}`;
      }
    }
  }
  return JSON.stringify(data);
}
