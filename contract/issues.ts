// Ajv's errors as the short list of issues the project reports (validator, verify, the client's precompiled
// validators). Pure: no import at all, so the client package bundles it for browsers as well.

export interface ValidationIssue {
  /** JSON pointer into the validated value, e.g. `/Data/0/id_paciente` ("" for the root). */
  pointer: string;
  /** Ajv keyword that failed (`type`, `required`, `unevaluatedProperties`, `pattern`, ...). */
  keyword: string;
  message: string;
  /** The property concerned for `required` and `unevaluatedProperties` errors. */
  property?: string;
}

/** The members of an Ajv error object read here (structurally compatible with Ajv's ErrorObject). */
export interface AjvErrorLike {
  instancePath: string;
  keyword: string;
  message?: string;
  params: object;
}

function toIssue(e: AjvErrorLike): ValidationIssue {
  const params = e.params as { missingProperty?: string; unevaluatedProperty?: string; additionalProperty?: string };
  const property = params.missingProperty ?? params.unevaluatedProperty ?? params.additionalProperty;
  const issue: ValidationIssue = { pointer: e.instancePath, keyword: e.keyword, message: e.message ?? e.keyword };
  if (property !== undefined) issue.property = property;
  return issue;
}

/** Keeps the most useful errors of an anyOf/allOf cascade (drops the generic wrappers) and removes repeats. */
export function summarizeErrors(errors: readonly AjvErrorLike[] | null | undefined): ValidationIssue[] {
  if (!errors) return [];
  const specific = errors.filter((e) => e.keyword !== "anyOf" && e.keyword !== "allOf" && e.keyword !== "oneOf");
  const seen = new Set<string>();
  const out: ValidationIssue[] = [];
  for (const e of specific.length ? specific : errors) {
    const issue = toIssue(e);
    const key = `${issue.pointer}|${issue.keyword}|${issue.property ?? ""}|${issue.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(issue);
    }
  }
  return out;
}
