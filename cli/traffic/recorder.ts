// Gathers the verdicts on observed traffic: each distinct break (operation + check + category + pointer with row
// indexes folded + expected value) is kept once, with how many exchanges showed it and the first of them, and
// announced once, when first seen. At the end it becomes a Report through the same Collector verify uses.
import type { Operation } from "../../contract/spec.js";
import type { Draft } from "../analyze.js";
import { Collector } from "../collector.js";
import type { CheckName, Exchange, Finding, OperationResult, Severity, TokenInfo } from "../model.js";
import type { Redactor } from "../redact.js";
import type { ExchangeVerdict } from "./check.js";

/** Distinct breaks kept; past this, further new ones are counted but not stored (a guard on memory). */
export const MAX_DISTINCT_FINDINGS = 5000;
/** Durations kept per operation for the latency figures: a uniform sample of every exchange (reservoir sampling). */
export const LATENCY_SAMPLE = 10_000;

interface Kept {
  op: Operation;
  check: CheckName;
  draft: Draft;
  exchange: Exchange;
  exchanges: number;
}

interface OpSeen {
  op: Operation;
  ran: Set<CheckName>;
  skipped: Set<CheckName>;
  notes: Set<string>;
  /** A uniform sample of the exchanges' durations (at most LATENCY_SAMPLE), their count and the slowest. */
  times: number[];
  timed: number;
  slowest: number;
}

export interface TrafficCounts {
  /** Every exchange seen. */
  exchanges: number;
  /** Exchanges of an API operation that were judged. */
  checked: number;
  /** Exchanges that are not an API call (other paths, CORS preflights, assets). */
  outsideApi: number;
  /** API exchanges not judged (outside --operations, or bodies over the checking copy's cap). */
  unchecked: number;
}

const fold = (pointer: string | null) => (pointer === null ? "" : pointer.replace(/\/\d+(?=\/|$)/g, "/*"));

export class TrafficRecorder {
  readonly counts: TrafficCounts = { exchanges: 0, checked: 0, outsideApi: 0, unchecked: 0 };
  private readonly ops = new Map<string, OpSeen>();
  private readonly kept = new Map<string, Kept>();
  private dropped = 0;
  /** The first token Login was seen to answer. */
  token: TokenInfo | null = null;
  loginSeen = false;

  constructor(
    private readonly redactor: Redactor,
    private readonly excluded: ReadonlyMap<CheckName, string>,
    /** Called once per distinct break, when it is first seen, with a one-line description (redacted). */
    private readonly onNew: (line: string, finding: { operationId: string; check: CheckName; severity: Severity }) => void = () => undefined,
  ) {}

  private seen(op: Operation): OpSeen {
    let s = this.ops.get(op.operationId);
    if (!s) {
      s = { op, ran: new Set(), skipped: new Set(), notes: new Set(), times: [], timed: 0, slowest: 0 };
      this.ops.set(op.operationId, s);
    }
    return s;
  }

  outside(): void {
    this.counts.exchanges++;
    this.counts.outsideApi++;
  }

  unchecked(op?: Operation, note?: string): void {
    this.counts.exchanges++;
    this.counts.unchecked++;
    if (op && note) this.seen(op).notes.add(note);
  }

  record(op: Operation, verdict: ExchangeVerdict): void {
    this.counts.exchanges++;
    const s = this.seen(op);
    if (verdict.results.length === 0) this.counts.unchecked++;
    else this.counts.checked++;
    // A proxy may run for days: the durations are sampled, not all kept.
    s.timed++;
    s.slowest = Math.max(s.slowest, verdict.durationMs);
    if (s.times.length < LATENCY_SAMPLE) s.times.push(verdict.durationMs);
    else {
      const j = Math.floor(Math.random() * s.timed);
      if (j < LATENCY_SAMPLE) s.times[j] = verdict.durationMs;
    }
    for (const note of verdict.notes) s.notes.add(this.redactor.text(note));
    for (const check of verdict.skipped) s.skipped.add(check);
    if (op.operationId === "Account_Login" && verdict.token) {
      this.loginSeen = true;
      this.token ??= verdict.token;
    }
    for (const { check, drafts } of verdict.results) {
      s.ran.add(check);
      for (const draft of drafts) {
        const key = `${op.operationId}|${check}|${draft.category}|${fold(draft.pointer)}|${JSON.stringify(draft.expected ?? null)}`;
        const prior = this.kept.get(key);
        if (prior) {
          prior.exchanges++;
          continue;
        }
        if (this.kept.size >= MAX_DISTINCT_FINDINGS) {
          this.dropped++;
          continue;
        }
        this.kept.set(key, { op, check, draft, exchange: verdict.exchange(), exchanges: 1 });
        const where = draft.pointer !== null && draft.pointer !== "" ? ` at ${draft.pointer}` : "";
        const direction = check === "request" ? "request" : "response";
        this.onNew(
          this.redactor.text(`${draft.severity.toUpperCase().padEnd(7)} ${op.operationId} [${check}] ${direction} ${draft.category}${where}: ${draft.message}`),
          { operationId: op.operationId, check, severity: draft.severity },
        );
      }
    }
  }

  /** Distinct breaks seen so far. */
  get distinct(): number {
    return this.kept.size;
  }

  /** The operation results and findings, worst first, as verify builds them. */
  build(failOn: Severity): { operations: OperationResult[]; findings: Finding[] } {
    const collector = new Collector(this.redactor, this.excluded);
    const timings = new Map<string, number[]>();
    for (const s of this.ops.values()) {
      collector.register(s.op);
      for (const check of s.ran) collector.ran(s.op, check);
      for (const check of s.skipped) collector.skip(s.op, check, this.excluded.get(check) ?? "left out with --skip");
      for (const note of s.notes) collector.note(s.op, note);
      timings.set(s.op.operationId, s.times);
    }
    for (const k of this.kept.values()) {
      collector.add(k.op, k.check, [{ ...k.draft, occurrences: k.exchanges }], k.exchange);
    }
    if (this.dropped) {
      const first = this.ops.values().next().value;
      if (first) collector.note(first.op, `${this.dropped} further distinct break(s) were counted but not kept (more than ${MAX_DISTINCT_FINDINGS})`);
    }
    const built = collector.build(failOn, timings, 0);
    for (const result of built.operations) {
      const s = this.ops.get(result.operationId);
      if (result.latency && s) result.latency = { ...result.latency, count: s.timed, maxMs: s.slowest };
    }
    return built;
  }
}
