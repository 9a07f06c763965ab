// Handlers are built per HandlerContext (one database each): nothing a context keeps (tables, prepared
// statements, kept GetAllActives lists) is shared with another context on another database.
import { afterAll, describe, expect, it } from "vitest";
import { createDomain, dataOf, type Rows } from "../support/domain.js";

describe("createServiceHandlers per context", () => {
  const first = createDomain();
  const second = createDomain();
  afterAll(() => {
    first.db.close();
    second.db.close();
  });

  it("keeps each database's lists to itself", async () => {
    const before = dataOf<Rows>(await first.call("ADM_OCUPACION_GetAllActives", ""));
    expect(dataOf<Rows>(await second.call("ADM_OCUPACION_GetAllActives", ""))).toEqual(before);

    const added = await second.call("ADM_OCUPACION_Add", { c_codigo: "ZZ9", t_descripcion: "Cartógrafa lunar", f_estado: 1 });
    expect(added).toMatchObject({ Success: true, Warning: false });

    const secondAfter = dataOf<Rows>(await second.call("ADM_OCUPACION_GetAllActives", ""));
    expect(secondAfter.length).toBe(before.length + 1);
    expect(secondAfter.some((r) => r.t_descripcion === "Cartógrafa lunar")).toBe(true);
    // The first database did not change, and its kept list is still its own.
    expect(dataOf<Rows>(await first.call("ADM_OCUPACION_GetAllActives", ""))).toEqual(before);
  });

  it("searches each database with its own prepared statements", async () => {
    first.db.prepare("UPDATE ADM_PACIENTE SET t_apellido_paterno = 'Qquehuarucho' WHERE id_paciente = (SELECT min(id_paciente) FROM ADM_PACIENTE)").run();
    const inFirst = dataOf<Rows>(await first.call("ADM_PACIENTE_GetAllFilters", { valorRequest: "qquehuarucho" }));
    const inSecond = dataOf<Rows>(await second.call("ADM_PACIENTE_GetAllFilters", { valorRequest: "qquehuarucho" }));
    expect(inFirst.length).toBe(1);
    expect(inSecond).toEqual([]);
  });
});
