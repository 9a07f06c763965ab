// `--skip <check>[,<check>…]`: the names a user may give and the checks each one leaves out. A group name
// (`auth`, `crud`) stands for its checks; every name is also accepted singly.
import type { CheckName } from "./model.js";

const AUTH: CheckName[] = ["auth:no-token", "auth:garbage-token", "auth:bad-signature", "auth:alg-none", "auth:expired-token"];

export const SKIP_NAMES: Readonly<Record<string, readonly CheckName[]>> = {
  login: ["login"],
  auth: AUTH,
  ...Object.fromEntries(AUTH.map((c) => [c, [c]])),
  request: ["request"],
  response: ["response"],
  crud: ["crud", "duplicate"],
  duplicate: ["duplicate"],
  latency: ["latency"],
};

export interface SkipSelection {
  /** The names as given (deduplicated, in order). */
  names: string[];
  /** Every check left out, with the reason shown in the reports and on the console. */
  checks: Map<CheckName, string>;
}

/** Parses the --skip values (repeatable, comma-separated); throws an Error naming an unknown check. */
export function parseSkip(values: readonly string[]): SkipSelection {
  const names: string[] = [];
  const checks = new Map<CheckName, string>();
  for (const raw of values.flatMap((v) => v.split(","))) {
    const name = raw.trim().toLowerCase();
    if (name === "") continue;
    const group = SKIP_NAMES[name];
    if (!group) throw new Error(`--skip: unknown check "${raw.trim()}" (known: ${Object.keys(SKIP_NAMES).join(", ")})`);
    if (!names.includes(name)) names.push(name);
    for (const check of group) if (!checks.has(check)) checks.set(check, `left out with --skip ${name}`);
  }
  return { names, checks };
}
