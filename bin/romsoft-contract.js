#!/usr/bin/env node
// Launcher of the `romsoft-contract` command: registers tsx so the TypeScript sources run as they are,
// then hands the arguments to cli/main.ts.
import { register } from "tsx/esm/api";

// A closed pipe (`... | head`) is not an error of the command.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  tty: Boolean(process.stderr.isTTY),
});
