// The shape of the module client/scripts/validators.ts generates at build time (the package bundles it into
// dist/validate.js; it is never a file of the sources).

/** An Ajv standalone validation function: true when valid, otherwise its `errors` say why. */
export interface CompiledValidator {
  (data: unknown): boolean;
  errors?: readonly { instancePath: string; keyword: string; message?: string; params: object }[] | null;
}

/** The 200-answer (envelope) validator of each operation, by operationId. */
export declare const responses: Readonly<Record<string, CompiledValidator>>;
/** Validator of the ErrorEnvelope schema (400 and 401 answers). */
export declare const errorEnvelope: CompiledValidator;
/** The HTTP statuses each operation declares, by operationId. */
export declare const statuses: Readonly<Record<string, readonly number[]>>;
