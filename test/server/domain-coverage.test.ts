// Every operationId of the spec has exactly one handler, and nothing else is exported.
import { afterAll, describe, expect, it } from "vitest";
import { listOperations } from "../../contract/spec.js";
import { createDomain } from "../support/domain.js";

describe("createServiceHandlers coverage", () => {
  const d = createDomain();
  afterAll(() => d.db.close());

  it("has a handler function for every operation of the spec and no extra ones", () => {
    const specIds = listOperations().map((o) => o.operationId).sort();
    const handlerIds = Object.keys(d.handlers).sort();
    expect(handlerIds.filter((id) => !specIds.includes(id))).toEqual([]);
    expect(specIds.filter((id) => !handlerIds.includes(id))).toEqual([]);
    for (const id of specIds) expect(typeof (d.handlers as Record<string, unknown>)[id]).toBe("function");
  });
});
