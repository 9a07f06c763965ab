// Auth enforcement: every protected operation must answer 401 to no token, a garbage token, a token whose
// signature does not verify (the real claims re-signed with a random key) and an `alg: none` token.
import type { Operation } from "../../contract/spec.js";
import type { Draft } from "../analyze.js";
import { transportDrafts } from "../analyze.js";
import type { RunContext } from "../context.js";
import { exampleBody, exampleQuery } from "../context.js";
import { forgeAlgNone, forgeBadSignature, GARBAGE_TOKEN, syntheticPayload } from "../jwt.js";
import type { CheckName } from "../model.js";

interface Probe {
  check: CheckName;
  label: string;
  authorization: () => string | undefined;
}

export async function checkAuth(ctx: RunContext, op: Operation): Promise<void> {
  if (!op.secured) return;
  const payload = ctx.session.payload ?? syntheticPayload();
  const header = ctx.session.header ?? {};
  const probes: Probe[] = [
    { check: "auth:no-token", label: "no token", authorization: () => undefined },
    { check: "auth:garbage-token", label: "a garbage token", authorization: () => `Bearer ${GARBAGE_TOKEN}` },
    { check: "auth:bad-signature", label: "a token with a bad signature", authorization: () => `Bearer ${forgeBadSignature(payload, header)}` },
    { check: "auth:alg-none", label: "an alg:none token", authorization: () => `Bearer ${forgeAlgNone(payload)}` },
  ];
  // Writes are probed with an empty object, so that a deployment that lets the call through runs it with
  // nothing in it rather than with the spec's example data.
  const body = op.writes ? {} : exampleBody(op);
  const query = exampleQuery(op);
  let envelopeReported = false;
  for (const probe of probes) {
    const authorization = probe.authorization();
    const res = await ctx.client.call({
      path: op.path,
      query,
      body,
      // Not accounted to the operation's latency: that figure is about the calls that do the work.
      ...(authorization !== undefined ? { authorization } : {}),
    });
    const drafts: Draft[] = transportDrafts(res).filter((d) => d.category !== "redirect" || res.error);
    if (res.error) {
      ctx.collector.add(op, probe.check, drafts, res.exchange);
      continue;
    }
    const status = res.status!;
    if (status >= 200 && status < 300) {
      const unauthenticated = probe.check === "auth:no-token";
      drafts.push({
        severity: "error",
        category: "security",
        pointer: null,
        message: unauthenticated
          ? "operation accepts unauthenticated requests (HTTP " + status + " without a token)"
          : `operation accepts ${probe.label} (HTTP ${status})`,
        expected: 401,
        actual: status,
      });
      ctx.collector.add(op, probe.check, drafts, res.exchange);
      if (unauthenticated) {
        for (const rest of probes.slice(1)) ctx.collector.skip(op, rest.check, "not sent: the operation already accepts requests without a token");
        return;
      }
      continue;
    }
    if (status !== 401) {
      drafts.push({
        severity: "warning",
        category: "http-status",
        pointer: null,
        message: `refused ${probe.label} with HTTP ${status} instead of 401`,
        expected: 401,
        actual: status,
      });
    } else if (!envelopeReported) {
      const result = ctx.validator.validateErrorEnvelope(res.json);
      if (!result.valid) {
        envelopeReported = true;
        drafts.push({
          severity: "warning",
          category: "error-envelope",
          pointer: "",
          message: `the 401 answer is not the error envelope {Message, Success:false, Warning:false, Data:null}${res.json === undefined ? " (not JSON)" : ""}`,
          expected: "ErrorEnvelope",
          actual: res.json === undefined ? "not JSON" : result.issues.map((i) => `${i.pointer || "/"} ${i.message}`).slice(0, 3).join("; "),
        });
      }
    }
    ctx.collector.add(op, probe.check, drafts, res.exchange);
  }
}
