// Every type the client uses, derived from the generated `paths`, `operations` and `components`
// (generated/api.d.ts). Nothing here describes a request or response by hand: change the spec, run
// `npm run generate`, and these types follow.
import type { components, operations, paths } from "./api.js";

/** Operations only the development sandbox serves (`POST /sandbox/reset`): not part of the Romsoft API. */
export type SandboxOperationId = Extract<keyof operations, `Sandbox_${string}`>;

/** `{Controller}_{Action}` of every operation of the API (the sandbox-only ones are left out). */
export type OperationId = Exclude<keyof operations & string, SandboxOperationId>;

type Op<K extends OperationId> = operations[K];

/**
 * Splits an operationId at its LAST underscore: controller names contain underscores
 * (`CVN_TARIFARIO_SEGUS_PARTICIPANTE`), action names never do. `pathOf()` applies the same rule at run time;
 * the assertions at the end of this file prove, for every operation, that the rule lands on the spec's path.
 */
type SplitLast<S extends string, Head extends string = ""> = S extends `${infer First}_${infer Rest}`
  ? SplitLast<Rest, Head extends "" ? First : `${Head}_${First}`>
  : [Head, S];

export type ControllerOf<K extends OperationId> = SplitLast<K>[0];
export type ActionOf<K extends OperationId> = SplitLast<K>[1];

/** `/api/{Controller}/{Action}` of an operation. */
export type PathOf<K extends OperationId> = `/api/${ControllerOf<K>}/${ActionOf<K>}`;

/** The operationId served at a path. */
export type OperationIdOf<P extends keyof paths> = P extends `/api/${infer C}/${infer A}` ? `${C}_${A}` : never;

/** The JSON request body of an operation (`unknown` for actions that ignore their body). */
export type RequestBody<K extends OperationId> =
  NonNullable<Op<K>["requestBody"]> extends { content: { "application/json": infer B } } ? B : never;

/** True when the spec marks the request body as required (a DTO the action reads). */
export type BodyRequired<K extends OperationId> = undefined extends Op<K>["requestBody"] ? false : true;

/** The query parameters of an operation, or `undefined` for the 108 operations that take none. */
export type QueryOf<K extends OperationId> = Op<K>["parameters"]["query"];

/** Operations that bind a value from the query string (ADM_ATENCION_GetAllPaciente, FAR_PRODUCTO_GetById). */
export type QueryOperationId = { [K in OperationId]: QueryOf<K> extends object ? K : never }[OperationId];

/**
 * What `call()` takes after the operationId: the body (optional when the action ignores it), then the query
 * parameters for the two operations that have them.
 */
export type CallArgs<K extends OperationId> = K extends QueryOperationId
  ? [body: RequestBody<K> | undefined, query: NonNullable<QueryOf<K>>]
  : BodyRequired<K> extends true
    ? [body: RequestBody<K>]
    : [body?: RequestBody<K>];

/** The JsonResponse envelope an operation answers with HTTP 200. */
export type Envelope<K extends OperationId> = Op<K>["responses"][200]["content"]["application/json"];

/** The `Data` of an operation's envelope, as the spec declares it. */
export type DataOf<K extends OperationId> = Envelope<K>["Data"];

/** The envelope of a request refused before any action ran (HTTP 400/401). */
export type ErrorEnvelope = components["schemas"]["ErrorEnvelope"];

/** The envelope shape shared by every answer (`JsonResponse<D>` narrows `Data` to `D`). */
export type { JsonResponse } from "../../contract/envelope.js";

/** The user Account/Login returns (with the token in `token`). */
export type LoginUser = NonNullable<DataOf<"Account_Login">>;

/** The body Account/Login takes. */
export type LoginBody = RequestBody<"Account_Login">;

/**
 * What `call()` resolves to: the operation's envelope with the HTTP status and the response headers it came
 * with; `ignoredProperties` reads the `Romsoft-Ignored-Properties` header of a 200 answer.
 */
export type Reply<K extends OperationId> =
  | {
      operationId: K;
      status: 200;
      envelope: Envelope<K>;
      /**
       * Top-level request properties that carried a value the action does not read, from the
       * `Romsoft-Ignored-Properties` header ([] when absent, as from servers that do not send it).
       */
      ignoredProperties: string[];
      headers: Headers;
    }
  | { operationId: K; status: 400; envelope: ErrorEnvelope; headers: Headers };

// ---- Compile-time proofs that the runtime path rule and the generated types agree --------------------------

type Equals<X, Y> = (<T>() => T extends X ? 1 : 2) extends <T>() => T extends Y ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

/** Operations whose derived path is not a path of the spec, or whose path serves another operation. */
type BadPaths = {
  [K in OperationId]: PathOf<K> extends keyof paths
    ? Equals<NonNullable<paths[PathOf<K>]["post"]>, operations[K]> extends true
      ? never
      : K
    : K;
}[OperationId];
/** API paths whose operationId is not an operation, or that the last-underscore rule would not reach. */
type UnreachedPaths = {
  [P in keyof paths]: P extends `/api/${string}`
    ? OperationIdOf<P> extends OperationId
      ? Equals<PathOf<OperationIdOf<P>>, P> extends true
        ? never
        : P
      : P
    : never;
}[keyof paths];

export type _PathRuleCoversEveryOperation = Assert<Equals<BadPaths, never>>;
export type _PathRuleReachesEveryPath = Assert<Equals<UnreachedPaths, never>>;
