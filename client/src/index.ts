// The typed client of the Romsoft Gestión Clínica API, on openapi-fetch and the generated `paths`.
// Browser-safe: it imports nothing from Node and never reads the spec file. Response validation is a function
// you pass in: `responseValidator` from `@romsoft-contract/client/validate` (precompiled from the spec), so the
// core stays small when validation is not used.
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "./api.js";
import { result, unwrap, type Result } from "./envelope.js";
import {
  RomsoftAuthError,
  RomsoftContractError,
  RomsoftHttpError,
  type ResponseIssue,
} from "./errors.js";
import type { CallArgs, DataOf, ErrorEnvelope, JsonResponse, LoginUser, OperationId, PathOf, Reply } from "./types.js";

export * from "./errors.js";
export * from "./types.js";
export { result, unwrap, type Result } from "./envelope.js";

/**
 * Checks one answer against the spec; returns the problems found (none = valid). Called with the operationId,
 * the HTTP status and the parsed JSON body (or the raw text when the body is not JSON).
 */
export type ResponseValidator = (operationId: OperationId, status: number, body: unknown) => readonly ResponseIssue[];

export interface RomsoftClientOptions {
  /** Where the API lives, e.g. `http://127.0.0.1:3000` (no `/api`). */
  baseUrl: string;
  /** A bearer token to start with (otherwise `login()` obtains one). */
  token?: string;
  /** A fetch implementation (default: the global fetch). */
  fetch?: (input: Request) => Promise<Response>;
  /**
   * Validate every answer against the operation's response schema and throw RomsoftContractError on a mismatch.
   * Off by default. Pass `responseValidator` from `@romsoft-contract/client/validate` (or use that subpath's
   * `createRomsoftClient`, which also accepts `true`), or any function of your own.
   */
  validateResponses?: ResponseValidator | false;
}

const LOGIN_PATH: PathOf<"Account_Login"> = "/api/Account/Login";

/**
 * `/api/{Controller}/{Action}` of an operation: the operationId split at its last underscore (controller names
 * contain underscores, action names never do). types.ts proves at compile time that this rule gives the
 * spec's path for every operation and reaches every path.
 */
export function pathOf<K extends OperationId>(operationId: K): PathOf<K> {
  const i = operationId.lastIndexOf("_");
  return `/api/${operationId.slice(0, i)}/${operationId.slice(i + 1)}` as PathOf<K>;
}

/** The operationId of a path of the spec (`/api/A_B/C` → `A_B_C`). */
export function operationIdOf(path: string): OperationId {
  const [, , controller = "", action = ""] = path.split("/");
  return `${controller}_${action}` as OperationId;
}

export const IGNORED_PROPERTIES_HEADER = "Romsoft-Ignored-Properties";

/** The names in a `Romsoft-Ignored-Properties` value (`, `-separated, percent-encoded; a final `...` dropped). */
export function parseIgnoredProperties(value: string | null): string[] {
  if (value === null || value.trim() === "") return [];
  return value
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "" && part !== "...")
    .map((part) => {
      try {
        return decodeURIComponent(part);
      } catch {
        return part;
      }
    });
}

function isEnvelope(value: unknown): value is JsonResponse {
  return typeof value === "object" && value !== null && "Success" in value && "Warning" in value && "Message" in value;
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.clone().text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export interface RomsoftClient {
  /** The underlying openapi-fetch client (typed by `paths`), with the same auth and validation middleware. */
  readonly raw: Client<paths>;
  /** The bearer token sent with every call but Account/Login. */
  readonly token: string | undefined;
  setToken(token: string | undefined): void;
  /**
   * Account/Login. On success keeps `Data.token` for the following calls and answers `{kind:"ok", data: user}`;
   * bad credentials answer `{kind:"warning", message}` (the envelope's warning), not an exception.
   */
  login(username: string, password: string): Promise<Result<LoginUser>>;
  /**
   * Calls any operation by its operationId. The body type (and the query type for ADM_ATENCION_GetAllPaciente
   * and FAR_PRODUCTO_GetById) come from the spec. Resolves with the envelope for HTTP 200 and 400; throws
   * RomsoftAuthError (401), RomsoftContractError (validation on, answer off-spec), RomsoftHttpError (other).
   */
  call<K extends OperationId>(operationId: K, ...args: CallArgs<K>): Promise<Reply<K>>;
  /** `unwrap(await call(...))`: the `Data` of a success, or a thrown RomsoftApiError. */
  data<K extends OperationId>(operationId: K, ...args: CallArgs<K>): Promise<DataOf<K>>;
  result: typeof result;
  unwrap: typeof unwrap;
}

type LoosePost = (
  url: string,
  init: { body?: unknown; params?: { query?: Record<string, unknown> } },
) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

export function createRomsoftClient(options: RomsoftClientOptions): RomsoftClient {
  let token = options.token;
  // `true` reaches here only from untyped code: the core carries no validators (they are the /validate subpath).
  if ((options.validateResponses as unknown) === true) {
    throw new TypeError(
      'validateResponses: true needs the precompiled validators of "@romsoft-contract/client/validate": pass its `responseValidator`, or use its createRomsoftClient',
    );
  }
  const validate = options.validateResponses || undefined;
  const raw = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const middleware: Middleware = {
    onRequest({ request, schemaPath }) {
      if (token !== undefined && schemaPath !== LOGIN_PATH) request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
    async onResponse({ response, schemaPath }) {
      // Answers of the API's operations (`/api/...`) are validated; a path of the spec outside it (a
      // development server's own, e.g. a sandbox's /sandbox/reset) is no operation of the API and has no validator.
      const isOperation = schemaPath.startsWith("/api/");
      const check = isOperation ? validate : undefined;
      if (!check && response.status !== 401) return undefined;
      const name = isOperation ? operationIdOf(schemaPath) : schemaPath;
      const body = await readBody(response);
      if (check) {
        const issues = check(operationIdOf(schemaPath), response.status, body);
        if (issues.length > 0) throw new RomsoftContractError(name, response.status, issues, body);
      }
      if (response.status === 401) throw new RomsoftAuthError(name, isEnvelope(body) ? body.Message : null);
      return undefined;
    },
  };
  raw.use(middleware);
  const post = raw.POST as unknown as LoosePost;

  async function call<K extends OperationId>(operationId: K, ...args: CallArgs<K>): Promise<Reply<K>> {
    const [body, query] = args as [unknown, Record<string, unknown> | undefined];
    const init: Parameters<LoosePost>[1] = {};
    if (body !== undefined) init.body = body;
    if (query !== undefined) init.params = { query };
    const { data, error, response } = await post(pathOf(operationId), init);
    const headers = response.headers;
    if (response.status === 200 && isEnvelope(data)) {
      const ignoredProperties = parseIgnoredProperties(headers.get(IGNORED_PROPERTIES_HEADER));
      return { operationId, status: 200, envelope: data as Reply<K>["envelope"], ignoredProperties, headers } as Reply<K>;
    }
    if (response.status === 400 && isEnvelope(error)) {
      return { operationId, status: 400, envelope: error as ErrorEnvelope, headers };
    }
    throw new RomsoftHttpError(operationId, response.status, error ?? data);
  }

  return {
    raw,
    get token() {
      return token;
    },
    setToken(value) {
      token = value;
    },
    async login(username, password) {
      const reply = await call("Account_Login", { Username: username, Password: password });
      const r = result(reply);
      if (r.kind !== "ok") return r;
      if (r.data === null) return { kind: "error", message: "Account/Login answered success without a user", status: 200 };
      if (typeof r.data.token === "string" && r.data.token !== "") token = r.data.token;
      return { kind: "ok", data: r.data };
    },
    call,
    async data(operationId, ...args) {
      return unwrap(await call(operationId, ...args));
    },
    result,
    unwrap,
  };
}
