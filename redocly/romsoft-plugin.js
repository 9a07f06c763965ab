// Redocly lint plugin: the one convention of this API that a configurable rule (redocly.yaml) cannot express,
// because it compares two values: the operationId must be `{Controller}_{Action}` of its own path.
function OperationIdMatchesPath() {
  return {
    Paths: {
      enter(paths, ctx) {
        for (const [path, item] of Object.entries(paths)) {
          const resolved = ctx.resolve(item);
          const pathItem = resolved.node;
          if (!pathItem || typeof pathItem !== "object") continue;
          const match = /^\/api\/([^/]+)\/([^/]+)$/.exec(path);
          for (const method of ["get", "put", "post", "delete", "options", "head", "patch", "trace"]) {
            const operation = pathItem[method];
            if (!operation || typeof operation !== "object") continue;
            const expected = match ? `${match[1]}_${match[2]}` : undefined;
            if (operation.operationId !== expected) {
              ctx.report({
                message: `operationId must be \`${expected ?? "{Controller}_{Action}"}\` for ${path} (found \`${operation.operationId}\`).`,
                location: resolved.location.child([method, "operationId"]),
              });
            }
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
      },
    },
  };
}
