// A mistake in the command line: main prints it with the usage and exits 2. Its own module so that every
// command's option parser can throw it without importing another command's parser.
import { parseArgs, type ParseArgsConfig } from "node:util";

export class UsageError extends Error {
  override readonly name = "UsageError";
}

type OptionsConfig = NonNullable<ParseArgsConfig["options"]>;

/** node's parseArgs, strict and with positionals, its errors turned into a UsageError (prefixed with the command). */
export function parseCommandLine<O extends OptionsConfig>(argv: string[], options: O, command?: string) {
  try {
    return parseArgs({ args: argv, allowPositionals: true as const, strict: true as const, options });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(command ? `${command}: ${message}` : message);
  }
}
