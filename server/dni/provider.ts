// Where ADM_PACIENTECONSULTADNI/GetPacienteConsultaDNI looks people up: a local registry table (seeded from
// server/db/seed/ADM_PACIENTE_CONSULTA.json) or a remote identity service reached over HTTP.
import type { Db, DniProvider, DniRecord } from "../context.js";
import { DniProviderError } from "../context.js";

export { DniProviderError };

/** Answers from the ADM_PACIENTE_CONSULTA table. */
export function createLocalDniProvider(db: Db): DniProvider {
  const stmt = db.prepare("SELECT dni, paterno, materno, nombres, domicilio FROM ADM_PACIENTE_CONSULTA WHERE dni = ?");
  return {
    lookup(dni: string): Promise<DniRecord | null> {
      const row = stmt.get(dni) as DniRecord | undefined;
      return Promise.resolve(row ?? null);
    },
  };
}

export interface HttpDniProviderOptions {
  /**
   * The identity service. `{dni}` in the URL is replaced by the (URL-encoded) number; without it the number
   * is appended as the last path segment.
   */
  url: string;
  /** Sent as `Authorization: Bearer <token>` (never in the URL, so it does not end up in access logs). */
  token?: string;
  /** Abort the request after this many milliseconds. */
  timeoutMs: number;
  /** For tests: the fetch implementation. */
  fetch?: typeof fetch;
}

function pick(obj: Record<string, unknown>, ...names: string[]): string | null {
  const lower = new Map(Object.entries(obj).map(([k, v]) => [k.toLowerCase(), v]));
  for (const n of names) {
    const v = lower.get(n.toLowerCase());
    if (typeof v === "string") return v;
    if (typeof v === "number") return String(v);
  }
  return null;
}

/**
 * GET <url> with a timeout. 404 -> null (unknown DNI). Network errors, timeouts, other non-2xx statuses and
 * bodies that are not a JSON object throw DniProviderError. The body is read as the DTO's fields
 * (dni, paterno, materno, nombres, domicilio), also accepting the common spellings apellidoPaterno,
 * apellidoMaterno, direccion; a body with none of the name fields is treated as "not found".
 */
export function createHttpDniProvider(options: HttpDniProviderOptions): DniProvider {
  const doFetch = options.fetch ?? fetch;
  return {
    async lookup(dni: string): Promise<DniRecord | null> {
      const encoded = encodeURIComponent(dni);
      const url = options.url.includes("{dni}")
        ? options.url.replaceAll("{dni}", encoded)
        : `${options.url.replace(/\/+$/, "")}/${encoded}`;
      const headers: Record<string, string> = { Accept: "application/json" };
      if (options.token) headers.Authorization = `Bearer ${options.token}`;
      let res: Response;
      try {
        res = await doFetch(url, { method: "GET", headers, signal: AbortSignal.timeout(options.timeoutMs) });
      } catch (err) {
        const timedOut = err instanceof Error && (err.name === "TimeoutError" || err.name === "AbortError");
        throw new DniProviderError(timedOut ? "identity service timed out" : "identity service unreachable");
      }
      if (res.status === 404) return null;
      if (!res.ok) throw new DniProviderError(`identity service answered HTTP ${res.status}`);
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        throw new DniProviderError("identity service answered something that is not JSON");
      }
      if (body === null || typeof body !== "object" || Array.isArray(body)) {
        throw new DniProviderError("identity service answered an unexpected JSON shape");
      }
      const obj = body as Record<string, unknown>;
      const record: DniRecord = {
        dni: pick(obj, "dni", "numeroDocumento", "numero") ?? dni,
        paterno: pick(obj, "paterno", "apellidoPaterno", "apellido_paterno"),
        materno: pick(obj, "materno", "apellidoMaterno", "apellido_materno"),
        nombres: pick(obj, "nombres", "nombre"),
        domicilio: pick(obj, "domicilio", "direccion"),
      };
      if (record.paterno === null && record.materno === null && record.nombres === null) return null;
      return record;
    },
  };
}
