// Free-text searches take any string the contract allows, control characters included: the patient search's
// trigram prefilter must not turn them into an FTS5 syntax error (answered as Success:false before the fix).
import { afterAll, describe, expect, it } from "vitest";
import { createDomain, dataOf, type Rows } from "../support/domain.js";

const d = createDomain();
afterAll(() => d.db.close());

describe("patient search with control characters", () => {
  it.each([
    ["a NUL inside a word", "gar\u0000cia"],
    ["only NULs", "\u0000\u0000\u0000"],
    ["other control characters", "\u0001\u001fGARCIA\u007f"],
  ])("%s: answers a list, never an error", async (_name, valorRequest) => {
    const res = await d.call("ADM_PACIENTE_GetAllFilters", { valorRequest });
    expect(res.Success).toBe(true);
    expect(Array.isArray(dataOf<Rows>(res))).toBe(true);
  });

  it("a control character does not widen the exact match", async () => {
    const rows = dataOf<Rows>(await d.call("ADM_PACIENTE_GetAllFilters", { valorRequest: "gar\u0000cia" }));
    // The prefilter ignores the NUL, but the exact condition still looks for the text as sent: no patient has it.
    expect(rows).toEqual([]);
  });
});
