// Option values that verify and proxy read the same way (URLs, report files, --fail-on, --skip, whole
// numbers). Every problem is a usage error. Its own module so that each command's parser can use them
// without importing another command's parser.
import { existsSync, statSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { parseSkip, type SkipSelection } from "./skip.js";
import { UsageError } from "./usage-error.js";

export type ReportFormat = "json" | "junit" | "html";

export interface ReportTarget {
  path: string;
  format: ReportFormat;
}

/** The lowest severity that makes a verify or proxy run fail. */
export type FailOn = "error" | "warning";

export function integer(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`--${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseBaseUrl(raw: string | undefined, option = "base-url"): URL {
  if (raw === undefined || raw.trim() === "") throw new UsageError(`--${option} is required (e.g. --${option} https://romsoft.example.pe)`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new UsageError(`--${option} is not a valid URL: "${raw}"`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`--${option} must be an http:// or https:// URL, got "${url.protocol}"`);
  }
  if (url.username || url.password) {
    throw new UsageError(`--${option} must not contain credentials; use --username/--password or ROMSOFT_USERNAME/ROMSOFT_PASSWORD`);
  }
  if (url.search || url.hash) throw new UsageError(`--${option} must not have a query string or fragment`);
  return url;
}

export function failOnLevel(raw: string | undefined): FailOn {
  const value = raw ?? "error";
  if (value !== "error" && value !== "warning") throw new UsageError(`--fail-on must be "error" or "warning", got "${value}"`);
  return value;
}

export function skipOption(values: string[] | undefined): SkipSelection {
  try {
    const skip = parseSkip(values ?? []);
    if (values && skip.names.length === 0) throw new UsageError("--skip is empty");
    return skip;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
}

export function reportTarget(raw: string): ReportTarget {
  const ext = extname(raw).toLowerCase();
  const format: ReportFormat | undefined = ext === ".json" ? "json" : ext === ".xml" ? "junit" : ext === ".html" || ext === ".htm" ? "html" : undefined;
  if (!format) throw new UsageError(`--report "${raw}": the extension must be .json, .xml (JUnit) or .html`);
  const path = resolve(raw);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--report "${raw}": directory ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw new UsageError(`--report "${raw}" is a directory`);
  return { path, format };
}
