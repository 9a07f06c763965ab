// Builds the package into client/dist/: ESM JavaScript with esbuild (already the project's build tool; it also
// turns the CommonJS runtime helpers of Ajv's standalone code into ESM and bundles them) and declarations
// with tsc (esbuild emits none):
//   index.js / *.d.ts  the core (openapi-fetch is its one runtime dependency, left as an import)
//   validate.js        the /validate subpath: precompiled validators + Ajv's runtime helpers, bundled
//   api.d.ts           a copy of generated/api.d.ts, so a consumer needs no other file of the repository
// Usage (from client/): node --import tsx scripts/build.ts [--if-stale]
//   --if-stale  do nothing when dist/ was built from these very inputs (sources, this script, contract/,
//               generated/, package.json: their hash is kept in dist/); the tests and prepack build this way
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { build, type Plugin } from "esbuild";
import ts from "typescript";

const clientDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(clientDir, "..");
const src = join(clientDir, "src");
const dist = join(clientDir, "dist");
const STAMP = ".inputs-sha256";
const generatedTypes = join(root, "generated", "api.d.ts");

/** Every file the output depends on: sources, this script, the contract modules used, the spec and its types. */
function inputs(): string[] {
  const files = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".ts")).map((f) => join(dir, f));
  return [
    ...files(src),
    ...files(join(clientDir, "scripts")),
    ...files(join(root, "contract")),
    join(clientDir, "package.json"),
    join(root, "generated", "openapi.json"),
    generatedTypes,
  ].sort();
}

function inputsHash(): string {
  const hash = createHash("sha256");
  for (const file of inputs()) hash.update(relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

/** `./validators.js` of validate.ts is the generated module; `./index.js` stays an import of the core entry. */
function validatePlugin(code: string): Plugin {
  return {
    name: "romsoft-validate",
    setup(b) {
      b.onResolve({ filter: /^\.\/index\.js$/ }, (args) =>
        args.importer === join(src, "validate.ts") ? { path: "./index.js", external: true } : undefined,
      );
      b.onResolve({ filter: /^\.\/validators\.js$/ }, () => ({ path: "validators", namespace: "romsoft-generated" }));
      b.onLoad({ filter: /.*/, namespace: "romsoft-generated" }, () => ({ contents: code, loader: "js", resolveDir: clientDir }));
    },
  };
}

async function buildJavaScript(out: string): Promise<void> {
  const common = { bundle: true, format: "esm", platform: "neutral", target: "es2022", logLevel: "warning" } as const;
  await build({ ...common, entryPoints: [join(src, "index.ts")], outfile: join(out, "index.js"), external: ["openapi-fetch"] });
  // Imported here so a build of the core alone never loads Ajv.
  const { validatorsModule } = await import("./validators.js");
  await build({
    ...common,
    entryPoints: [join(src, "validate.ts")],
    outfile: join(out, "validate.js"),
    // Generated code nobody reads: minified, it is a third smaller on disk and to parse.
    minify: true,
    plugins: [validatePlugin(await validatorsModule())],
  });
}

/** Declarations of client/src only, written flat into dist/; api.d.ts is the generated file itself. */
function buildDeclarations(out: string): void {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    verbatimModuleSyntax: true,
    skipLibCheck: true,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: root,
    outDir: join(clientDir, ".declarations"),
  };
  const program = ts.createProgram([join(src, "index.ts"), join(src, "validate.ts")], options);
  const diagnostics = ts.getPreEmitDiagnostics(program);
  if (diagnostics.length > 0) {
    const host = { getCanonicalFileName: (f: string) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
    throw new Error(`client declarations:\n${ts.formatDiagnostics(diagnostics, host)}`);
  }
  const outOfSrc = join(clientDir, ".declarations", "client", "src");
  const written: string[] = [];
  const result = program.emit(undefined, (file, text) => {
    // Declarations of modules outside client/src (contract/issues.ts) are internal to the bundles.
    if (dirname(file) !== outOfSrc || file.endsWith("/api.d.ts")) return;
    writeFileSync(join(out, file.slice(outOfSrc.length + 1)), text);
    written.push(file.slice(outOfSrc.length + 1));
  });
  if (result.emitSkipped) throw new Error("client declarations: emit skipped");
  writeFileSync(join(out, "api.d.ts"), readFileSync(generatedTypes));
  // Every relative import of a declaration must be a file of dist/ (nothing may point back into the repo).
  for (const file of [...written, "api.d.ts"]) {
    const text = readFileSync(join(out, file), "utf8");
    for (const m of text.matchAll(/from\s+"(\.[^"]+)"/g)) {
      const target = join(out, m[1]!.replace(/\.js$/, ".d.ts"));
      if (!existsSync(target)) throw new Error(`dist/${file} imports ${m[1]}, which is not in dist/`);
    }
  }
}

export async function buildClient(options: { ifStale?: boolean } = {}): Promise<"built" | "fresh"> {
  const hash = inputsHash();
  const stamp = join(dist, STAMP);
  if (options.ifStale && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) return "fresh";
  // Built aside and swapped in at the end: tests running meanwhile keep importing a complete dist/.
  const out = join(clientDir, `.dist-${process.pid}`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  try {
    await buildJavaScript(out);
    buildDeclarations(out);
    writeFileSync(join(out, STAMP), hash);
    rmSync(dist, { recursive: true, force: true });
    renameSync(out, dist);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return "built";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values } = parseArgs({ options: { "if-stale": { type: "boolean", default: false } } });
  const started = Date.now();
  const outcome = await buildClient({ ifStale: values["if-stale"] });
  const size = (f: string) => `${f} ${(statSync(join(dist, f)).size / 1024).toFixed(1)} KB`;
  if (outcome === "fresh") console.log("client/dist is up to date");
  else console.log(`built client/dist in ${Date.now() - started} ms: ${["index.js", "validate.js"].map(size).join(", ")}`);
}
