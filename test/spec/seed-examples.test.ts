// The `ok` examples of the catalog lists show rows of the seed data (server/db/seed/<Controller>.json), so the
// Prism mock (which serves the examples) and the reference server (which loads the seed) show the same data.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { listOperations } from "../../contract/spec.js";
import { readJson, repoRoot } from "../support/backend-facts.js";

type Row = Record<string, unknown>;
const seedDir = join(repoRoot, "server", "db", "seed");
const DESCRIPTION = ["t_descripcion", "t_descripcion_esp", "t_medico", "rol", "t_razon_social", "t_distrito"];

const lists = listOperations().filter(
  (op) => /^GetAllActives/.test(op.action) || op.action === "GetAllFormaPagoActives",
);

describe("catalog list examples come from the seed data", () => {
  it("covers every GetAllActives-style operation", () => {
    expect(lists.length).toBeGreaterThanOrEqual(45);
  });

  it.each(lists.map((op) => [op.operationId, op] as const))("%s", (_id, op) => {
    const file = join(seedDir, `${op.controller}.json`);
    expect(existsSync(file), file).toBe(true);
    const seed = readJson<Row[]>(file);
    const rows = (op.responseExamples.ok?.value as { Data: Row[] }).Data;
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const idKey = Object.keys(row).find((k) => k.startsWith("id_"))!;
      const match = seed.find((s) => s[idKey] === row[idKey]);
      expect(match, `${op.operationId}: ${idKey}=${String(row[idKey])} is not in the seed`).toBeDefined();
      const descKey = DESCRIPTION.find((k) => k in row);
      if (descKey) expect(row[descKey], `${op.operationId} ${idKey}=${String(row[idKey])}`).toBe(match![descKey]);
      // every property the seed row sets is shown with the same value
      const shared = Object.keys(match!).filter((k) => k in row);
      expect(shared.length).toBeGreaterThan(1);
      for (const k of shared) expect(row[k], `${op.operationId} ${idKey}=${String(row[idKey])} ${k}`).toEqual(match![k]);
      // only active rows are listed
      if ("f_estado" in match!) expect(match.f_estado, `${op.operationId} ${idKey}=${String(row[idKey])}`).toBe(1);
    }
  });
});
