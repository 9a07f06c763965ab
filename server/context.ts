// The seam between the HTTP shell (app.ts, plugins/, auth/) and the domain (db/, domain/):
// the shell builds a HandlerContext and asks the domain for one handler per operationId.
import type { Database } from "better-sqlite3";
import type { FastifyBaseLogger } from "fastify";
import type { components } from "../generated/api.js";

export type Db = Database;

/** Signs tokens for Login. Implemented by the shell (auth/jwt.ts) so the domain never sees the key. */
export interface TokenIssuer {
  issue(user: { id_usuario: number; usuario: string; id_rol: number }): string;
}

export type DniRecord = components["schemas"]["ADM_PACIENTE_CONSULTADTO"];

/** Where ADM_PACIENTECONSULTADNI/GetPacienteConsultaDNI looks people up. */
export interface DniProvider {
  /** The person with that DNI, or null when unknown. Throws DniProviderError when the source fails. */
  lookup(dni: string): Promise<DniRecord | null>;
}

export class DniProviderError extends Error {}

export interface HandlerContext {
  db: Db;
  tokens: TokenIssuer;
  dni: DniProvider;
  log: FastifyBaseLogger;
}
