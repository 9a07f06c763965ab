// What a comparison of two contracts produces: a flat list of changes, each tied to the operation it affects
// (a change in a shared schema is one change per operation that reaches the schema).

export type Severity = "breaking" | "non-breaking" | "info";

/** Severities from the lowest to the highest (the order --fail-on compares in). */
export const SEVERITY_ORDER: readonly Severity[] = ["info", "non-breaking", "breaking"];

export interface Change {
  /** The operation affected; null for changes of the document itself (its version). */
  operationId: string | null;
  severity: Severity;
  /** What changed, e.g. `request-property-removed`, `data-kind-changed`, `message-changed` (README lists them). */
  kind: string;
  /**
   * Where, as a URI-fragment JSON pointer from the operation down: $refs and allOf are followed, so a property
   * of a shared schema reads `…/schema/properties/name` on every operation that reaches it.
   */
  pointer: string;
  message: string;
  before?: unknown;
  after?: unknown;
}

export interface DiffSummary {
  breaking: number;
  nonBreaking: number;
  info: number;
}

export interface DiffResult {
  /** The two sides as they were named (a file or `git:<ref>`). */
  base: string;
  revision: string;
  /** info.version of each side. */
  versions: { base: string; revision: string };
  summary: DiffSummary;
  changes: Change[];
}

export function summarize(changes: readonly Change[]): DiffSummary {
  const summary: DiffSummary = { breaking: 0, nonBreaking: 0, info: 0 };
  for (const c of changes) {
    if (c.severity === "breaking") summary.breaking++;
    else if (c.severity === "non-breaking") summary.nonBreaking++;
    else summary.info++;
  }
  return summary;
}

/** True when `severity` is at or above `threshold`. */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}
