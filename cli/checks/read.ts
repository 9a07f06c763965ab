// A read operation called the way the spec documents it (its request example, its query parameters):
// HTTP 200, JSON, the envelope, Success:true, and Data valid against the schema in strict mode.
import type { Operation } from "../../contract/spec.js";
import { evaluateAnswer } from "../analyze.js";
import type { RunContext } from "../context.js";
import { exampleBody, exampleQuery } from "../context.js";

export async function checkRead(ctx: RunContext, op: Operation): Promise<void> {
  const res = await ctx.client.call({
    path: op.path,
    query: exampleQuery(op),
    body: exampleBody(op),
    token: ctx.session.token,
    operationId: op.operationId,
  });
  if (!ctx.session.token && res.status === 401) {
    ctx.collector.skip(op, "response", "the deployment requires a token and Login returned none");
    return;
  }
  // Any documented warning example counts: the legacy backend's (`warning`, `warning2`) and the reference
  // server's own (`warningReferenceServer...`).
  const warningAllowed = Object.keys(op.responseExamples).some((name) => name.startsWith("warning"));
  const evaluation = evaluateAnswer(ctx.validator, op, res, { warningAllowed });
  ctx.collector.add(op, "response", evaluation.drafts, res.exchange);
  const env = evaluation.envelope;
  if (env?.Success && env.Warning) ctx.collector.note(op, `answered a documented business warning: ${env.Message ?? ""}`);
  else if (env?.Success && Array.isArray(env.Data) && env.Data.length === 0) {
    ctx.collector.note(op, "Data was an empty array with the spec's example request: the row schema was not exercised");
  }
}
