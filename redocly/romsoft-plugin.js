// Redocly lint plugin: the conventions of this API that a configurable rule (redocly.yaml) cannot express,
// because they compare two values:
// - the operationId must be `{Controller}_{Action}` of its own path (`Sandbox_{action}` for `/sandbox/{action}`);
// - an operation is marked `x-sandbox-only: true` (and tagged Sandbox) exactly when its path is `/sandbox/...`.
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

function* operationsOf(paths, ctx) {
  for (const [path, item] of Object.entries(paths)) {
    const resolved = ctx.resolve(item);
    const pathItem = resolved.node;
    if (!pathItem || typeof pathItem !== "object") continue;
    for (const method of METHODS) {
      const operation = pathItem[method];
      if (operation && typeof operation === "object") yield { path, method, operation, location: resolved.location };
    }
  }
}

function OperationIdMatchesPath() {
  return {
    Paths: {
      enter(paths, ctx) {
        for (const { path, method, operation, location } of operationsOf(paths, ctx)) {
          const api = /^\/api\/([^/]+)\/([^/]+)$/.exec(path);
          const sandbox = /^\/sandbox\/([^/]+)$/.exec(path);
          const expected = api ? `${api[1]}_${api[2]}` : sandbox ? `Sandbox_${sandbox[1]}` : undefined;
          if (operation.operationId !== expected) {
            ctx.report({
              message: `operationId must be \`${expected ?? "{Controller}_{Action}"}\` for ${path} (found \`${operation.operationId}\`).`,
              location: location.child([method, "operationId"]),
            });
          }
        }
      },
    },
  };
}

function SandboxOnlyMarked() {
  return {
    Paths: {
      enter(paths, ctx) {
        for (const { path, method, operation, location } of operationsOf(paths, ctx)) {
          const sandboxPath = path.startsWith("/sandbox/");
          const marked = operation["x-sandbox-only"] === true;
          const tags = Array.isArray(operation.tags) ? operation.tags : [];
          if (sandboxPath && (!marked || tags.length !== 1 || tags[0] !== "Sandbox")) {
            ctx.report({
              message: `${path} is a sandbox-only operation: mark it \`x-sandbox-only: true\` and tag it \`Sandbox\` alone.`,
              location: location.child([method]),
            });
          } else if (!sandboxPath && (marked || tags.includes("Sandbox"))) {
            ctx.report({
              message: `${path} is an operation of the API: only /sandbox/... operations are sandbox-only.`,
              location: location.child([method]),
            });
          }
        }
      },
    },
  };
}

export default function romsoftPlugin() {
  return {
    id: "romsoft",
    rules: {
      oas3: {
        "operationid-matches-path": OperationIdMatchesPath,
        "sandbox-only-marked": SandboxOnlyMarked,
      },
    },
  };
}
