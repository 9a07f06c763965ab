// The recorder of observed traffic keeps bounded memory however long the proxy runs: one finding per distinct
// break with a count, and a bounded sample of durations from which the latency figures still describe every exchange.
import { describe, expect, it } from "vitest";
import type { Draft } from "../../cli/analyze.js";
import { Redactor } from "../../cli/redact.js";
import type { ExchangeVerdict } from "../../cli/traffic/check.js";
import { LATENCY_SAMPLE, TrafficRecorder } from "../../cli/traffic/recorder.js";
import { getOperation } from "../../contract/spec.js";

const op = getOperation("ADM_GENERO_GetAllActives");
const exchange = () => ({ request: { method: "POST", url: "http://x/api/ADM_GENERO/GetAllActives", headers: {}, body: null }, response: null, durationMs: 0 });
const verdict = (durationMs: number, drafts: Draft[] = []): ExchangeVerdict => ({
  results: [{ check: "response", drafts }],
  exchange,
  durationMs,
  notes: [],
  skipped: [],
});

describe("TrafficRecorder", () => {
  it("counts every exchange in the latency figures while keeping a bounded sample", () => {
    const recorder = new TrafficRecorder(new Redactor(), new Map());
    const n = LATENCY_SAMPLE * 3;
    // Durations 1..n in a scrambled order (a fixed permutation: 7919 is prime and does not divide n).
    for (let i = 0; i < n; i++) recorder.record(op, verdict(((i * 7919) % n) + 1));
    const { operations } = recorder.build("error");
    const latency = operations[0]!.latency!;
    expect(latency.count).toBe(n);
    expect(latency.maxMs).toBe(n);
    // The median of a uniform sample of 1..n is near n/2 (its standard error here is about n/200).
    expect(Math.abs(latency.p50Ms - n / 2)).toBeLessThan(n / 20);
  });

  it("one finding per distinct break, counted over the exchanges that showed it, rows folded", () => {
    const lines: string[] = [];
    const recorder = new TrafficRecorder(new Redactor(), new Map(), (line) => lines.push(line));
    const draft = (row: number): Draft => ({ severity: "error", category: "wrong-type", pointer: `/Data/${row}/id_genero`, message: "expected integer", expected: "integer", actual: "1" });
    for (let i = 0; i < 50; i++) recorder.record(op, verdict(1, [draft(i % 5)]));
    const { findings } = recorder.build("error");
    expect(findings.map((f) => [f.pointer, f.occurrences, f.direction])).toEqual([["/Data/0/id_genero", 50, "response"]]);
    expect(lines).toHaveLength(1);
    expect(recorder.counts).toEqual({ exchanges: 50, checked: 50, outsideApi: 0, unchecked: 0 });
  });
});
