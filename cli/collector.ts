// Gathers what every check saw, per operation, and turns it into the operation results and findings of
// the report. Timeouts are not reported by the check that hit them but once per operation, by `latency`.
import type { Operation } from "../contract/spec.js";
import type { Draft } from "./analyze.js";
import {
  CHECK_ORDER,
  SEVERITY_RANK,
  type Category,
  type CheckName,
  type CheckResult,
  type Exchange,
  type Finding,
  type Latency,
  type OperationResult,
  type Severity,
} from "./model.js";
import type { Redactor } from "./redact.js";

interface Entry {
  check: CheckName;
  draft: Draft;
  exchange: Exchange | undefined;
}

interface OpState {
  op: Operation;
  ran: Set<CheckName>;
  skipped: Map<CheckName, string>;
  entries: Entry[];
  timeouts: { check: CheckName; exchange: Exchange }[];
  notes: string[];
}

/** Findings that matter most come first: security, then transport and envelope, then schema detail. */
const CATEGORY_RANK: Partial<Record<Category, number>> = {
  security: 0,
  token: 1,
  network: 2,
  timeout: 2,
  redirect: 2,
  "http-status": 3,
  "not-envelope": 3,
  "not-json": 3,
  "success-false": 4,
  "wrong-data-kind": 5,
  crud: 5,
  "content-type": 6,
};

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export class Collector {
  private readonly states = new Map<string, OpState>();

  /**
   * @param excluded checks left out of the whole run (--skip), with the reason: whatever a check reports for
   * them is dropped and they are listed as skipped on the operation.
   */
  constructor(
    private readonly redactor: Redactor,
    private readonly excluded: ReadonlyMap<CheckName, string> = new Map(),
  ) {}

  /** Whether --skip left this check out. */
  isExcluded(check: CheckName): boolean {
    return this.excluded.has(check);
  }

  private state(op: Operation): OpState {
    let s = this.states.get(op.operationId);
    if (!s) {
      s = { op, ran: new Set(), skipped: new Map(), entries: [], timeouts: [], notes: [] };
      this.states.set(op.operationId, s);
    }
    return s;
  }

  /** Declares an operation as part of the run even if no check ends up running for it. */
  register(op: Operation): void {
    this.state(op);
  }

  ran(op: Operation, check: CheckName): void {
    if (this.excluded.has(check)) return this.skip(op, check, this.excluded.get(check)!);
    const s = this.state(op);
    s.ran.add(check);
    s.skipped.delete(check);
  }

  skip(op: Operation, check: CheckName, reason: string): void {
    const s = this.state(op);
    const excluded = this.excluded.get(check);
    if (excluded !== undefined) s.skipped.set(check, excluded);
    else if (!s.ran.has(check) && !s.skipped.has(check)) s.skipped.set(check, reason);
  }

  note(op: Operation, text: string): void {
    const s = this.state(op);
    const clean = this.redactor.text(text);
    if (!s.notes.includes(clean)) s.notes.push(clean);
  }

  /** Records the outcome of one check on one exchange. Timeout drafts are routed to `latency`. */
  add(op: Operation, check: CheckName, drafts: Draft[], exchange?: Exchange): void {
    if (this.excluded.has(check)) return this.skip(op, check, this.excluded.get(check)!);
    const s = this.state(op);
    s.ran.add(check);
    s.skipped.delete(check);
    for (const draft of drafts) {
      if (draft.category === "timeout" && exchange) {
        s.timeouts.push({ check, exchange });
        continue;
      }
      s.entries.push({ check, draft, exchange });
    }
  }

  findingsCount(op: Operation, check?: CheckName): number {
    const s = this.states.get(op.operationId);
    if (!s) return 0;
    return s.entries.filter((e) => check === undefined || e.check === check).length;
  }

  /** Whether any check ran for the operation (not only skips). */
  ranAny(op: Operation): boolean {
    const s = this.states.get(op.operationId);
    return !!s && (s.ran.size > 0 || s.entries.length > 0 || s.timeouts.length > 0);
  }

  hasTimeout(op: Operation): boolean {
    return (this.states.get(op.operationId)?.timeouts.length ?? 0) > 0;
  }

  build(failOn: Severity, timings: Map<string, number[]>, timeoutMs: number): { operations: OperationResult[]; findings: Finding[] } {
    const threshold = SEVERITY_RANK[failOn];
    const all: { opId: string; finding: Omit<Finding, "id"> }[] = [];
    const results: OperationResult[] = [];
    for (const s of this.states.values()) {
      const op = s.op;
      // A break of a read operation seen by both its own check and a write sequence is reported once.
      const keyOf = (d: Draft) => `${d.category}|${d.pointer === null ? "" : d.pointer.replace(/\/\d+(?=\/|$)/g, "/*")}|${JSON.stringify(d.expected ?? null)}`;
      const responseKeys = new Map(s.entries.filter((e) => e.check === "response").map((e) => [keyOf(e.draft), e.draft]));
      const entries = s.entries.filter((e) => {
        if (e.check !== "crud") return true;
        const twin = responseKeys.get(keyOf(e.draft));
        if (!twin) return true;
        twin.occurrences = (twin.occurrences ?? 1) + (e.draft.occurrences ?? 1);
        return false;
      });
      const times = timings.get(op.operationId) ?? [];
      const latency: Latency | null = times.length
        ? { count: times.length, p50Ms: percentile(times, 50), maxMs: Math.max(...times) }
        : null;
      if (times.length) {
        if (this.excluded.has("latency")) this.skip(op, "latency", this.excluded.get("latency")!);
        else s.ran.add("latency");
      }
      if (s.timeouts.length && !this.excluded.has("latency")) {
        const first = s.timeouts[0]!;
        const checks = [...new Set(s.timeouts.map((t) => t.check))];
        entries.push({
          check: "latency",
          exchange: first.exchange,
          draft: {
            severity: "error",
            category: "timeout",
            pointer: null,
            message: `slower than the timeout: ${s.timeouts.length} request(s) got no answer within ${timeoutMs} ms (${checks.join(", ")})`,
            expected: `< ${timeoutMs} ms`,
            actual: `> ${timeoutMs} ms`,
            occurrences: s.timeouts.length,
          },
        });
      }
      const findings = entries.map((e) => {
        const f: Omit<Finding, "id"> = {
          operationId: op.operationId,
          controller: op.controller,
          check: e.check,
          direction: e.check === "request" ? "request" : "response",
          severity: e.draft.severity,
          category: e.draft.category,
          pointer: e.draft.pointer,
          message: this.redactor.text(e.draft.message),
          occurrences: e.draft.occurrences ?? 1,
        };
        if (e.draft.expected !== undefined) f.expected = this.redactor.value(e.draft.expected);
        if (e.draft.actual !== undefined) f.actual = this.redactor.value(e.draft.actual);
        if (e.exchange) f.exchange = this.redactor.value(e.exchange);
        return f;
      });
      for (const f of findings) all.push({ opId: op.operationId, finding: f });
      const timedOutChecks = new Set(s.timeouts.map((t) => t.check));
      const checks: CheckResult[] = [];
      for (const name of CHECK_ORDER) {
        const mine = findings.filter((f) => f.check === name);
        if (mine.length) {
          checks.push({ name, status: mine.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? "failed" : "passed" });
        } else if (timedOutChecks.has(name)) {
          checks.push({ name, status: "skipped", reason: "no answer within the timeout (see latency)" });
        } else if (s.ran.has(name)) {
          checks.push({ name, status: "passed" });
        } else if (s.skipped.has(name)) {
          checks.push({ name, status: "skipped", reason: s.skipped.get(name)! });
        }
      }
      const status = checks.some((c) => c.status === "failed")
        ? "failed"
        : checks.some((c) => c.status === "passed")
          ? "passed"
          : "skipped";
      results.push({
        operationId: op.operationId,
        controller: op.controller,
        action: op.action,
        path: op.path,
        writes: op.writes,
        status,
        checks,
        latency,
        notes: s.notes,
        findings: [],
      });
    }
    all.sort(
      (a, b) =>
        SEVERITY_RANK[b.finding.severity] - SEVERITY_RANK[a.finding.severity] ||
        (CATEGORY_RANK[a.finding.category] ?? 9) - (CATEGORY_RANK[b.finding.category] ?? 9) ||
        a.opId.localeCompare(b.opId) ||
        CHECK_ORDER.indexOf(a.finding.check) - CHECK_ORDER.indexOf(b.finding.check),
    );
    const byOp = new Map(results.map((r) => [r.operationId, r]));
    const findings: Finding[] = all.map(({ opId, finding }, i) => {
      const f: Finding = { id: `F${i + 1}`, ...finding };
      byOp.get(opId)!.findings.push(f.id);
      return f;
    });
    results.sort((a, b) => a.controller.localeCompare(b.controller) || a.operationId.localeCompare(b.operationId));
    return { operations: results, findings };
  }
}
