// Builds the package into client/dist/: ESM JavaScript with esbuild (already the project's build tool; it also
// turns the CommonJS runtime helpers of Ajv's standalone code into ESM and bundles them) and declarations
// with tsc (esbuild emits none):
//   index.js / *.d.ts  the core (openapi-fetch is its one runtime dependency, left as an import)
//   validate.js        the /validate subpath: precompiled validators + Ajv's runtime helpers, bundled
//   api.d.ts           a copy of generated/api.d.ts, so a consumer needs no other file of the repository
//   contract/*.d.ts    the declarations of the contract/ modules the public types name (the JsonResponse type)
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

/**
 * Where a declaration of the repository goes in dist/: client/src/* at the top, generated/api.d.ts as api.d.ts
 * (client/src/api.ts only re-exports it), the contract/ modules the public types name under dist/contract/.
 */
function distPathOf(rootRelative: string): string | undefined {
  if (rootRelative === "generated/api.d.ts" || rootRelative === "client/src/api.d.ts") return "api.d.ts";
  if (rootRelative.startsWith("client/src/")) return rootRelative.slice("client/src/".length);
  if (rootRelative.startsWith("contract/")) return rootRelative;
  return undefined;
}

const RELATIVE_SPECIFIER = /(from\s+|import\s*\(\s*)"(\.{1,2}\/[^"]+)"/g;

/**
 * Declarations with tsc, laid out in dist/ by distPathOf and their relative imports rewritten to match. Only what
 * index.d.ts and validate.d.ts reach is written (contract/issues.ts, bundled into validate.js, is not part of
 * the types), and every import must land on a file of dist/: nothing may point back into the repository.
 */
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
  // Emitted declarations by their source's place in the repository (`client/src/index.d.ts`, `contract/envelope.d.ts`).
  const emitted = new Map<string, string>([["generated/api.d.ts", readFileSync(generatedTypes, "utf8")]]);
  const result = program.emit(undefined, (file, text) => {
    emitted.set(relative(join(clientDir, ".declarations"), file), text);
  });
  if (result.emitSkipped) throw new Error("client declarations: emit skipped");
  emitted.delete("client/src/api.d.ts");

  const pending = ["client/src/index.d.ts", "client/src/validate.d.ts"];
  const done = new Set<string>();
  while (pending.length > 0) {
    const from = pending.pop()!;
    if (done.has(from)) continue;
    done.add(from);
    const text = emitted.get(from);
    const target = distPathOf(from);
    if (text === undefined || target === undefined) throw new Error(`client declarations: ${from} is not part of the package`);
    const rewritten = text.replace(RELATIVE_SPECIFIER, (_match, prefix: string, specifier: string) => {
      let imported = join(dirname(from), specifier).replace(/\.js$/, ".d.ts");
      if (imported === "client/src/api.d.ts") imported = "generated/api.d.ts";
      const importedTarget = distPathOf(imported);
      if (importedTarget === undefined || !emitted.has(imported)) {
        throw new Error(`client declarations: ${from} imports ${specifier}, which the package does not ship`);
      }
      pending.push(imported);
      const path = relative(dirname(target), importedTarget).replace(/\.d\.ts$/, ".js");
      return `${prefix}"${path.startsWith(".") ? path : `./${path}`}"`;
    });
    mkdirSync(dirname(join(out, target)), { recursive: true });
    writeFileSync(join(out, target), rewritten);
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
