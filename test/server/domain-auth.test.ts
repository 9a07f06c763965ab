// Login, password storage (scrypt hashes only), masked clave in every response, user state.
import { afterAll, describe, expect, it } from "vitest";
import {
  DEFAULT_COST,
  dummyHash,
  hashPassword,
  isPasswordHash,
  verifyPassword,
  verifyPasswordOrDummy,
} from "../../server/auth/password.js";
import { createUserStatus } from "../../server/db/users.js";
import { createDomain, dataOf, fakeTokens, type Rows } from "../support/domain.js";

const d = createDomain({ adminPassword: "Adm!n-2021" });
afterAll(() => d.db.close());

const NO_USER = { Message: "El usuario no pertenece al sistema.", Success: true, Warning: true, Data: null };
const claveOf = (usuario: string) =>
  (d.db.prepare("SELECT clave FROM SEG_USUARIO WHERE usuario = ?").pluck().get(usuario) as string | undefined) ?? null;

describe("password hashing", () => {
  it("uses scrypt N=2^15, r=8, p=1 unless a test lowers it", () => {
    expect(DEFAULT_COST).toEqual({ N: 32768, r: 8, p: 1 });
    expect(hashPassword("x").split("$").slice(0, 4)).toEqual(["scrypt", "1024", "8", "1"]);
  });

  it("stores a self-describing scrypt hash with a random salt and verifies it", () => {
    const a = hashPassword("s3creto");
    const b = hashPassword("s3creto");
    expect(a).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain("s3creto");
    expect(verifyPassword("s3creto", a)).toBe(true);
    expect(verifyPassword("s3creta", a)).toBe(false);
    expect(isPasswordHash(a)).toBe(true);
  });

  it("refuses malformed or tampered hashes without throwing", async () => {
    for (const bad of ["", "plain", "scrypt$1$2", "scrypt$99999999999$8$1$AAAA$AAAA", "bcrypt$1$1$1$AA$AA"]) {
      expect(verifyPassword("x", bad)).toBe(false);
      expect(isPasswordHash(bad)).toBe(false);
    }
    expect(await verifyPasswordOrDummy("x", null)).toBe(false);
    expect(await verifyPasswordOrDummy("x", "!")).toBe(false);
    expect(isPasswordHash(dummyHash())).toBe(true);
  });
});

describe("Account/Login", () => {
  it("logs the administrator in with the configured password and issues a token", async () => {
    const res = await d.call("Account_Login", { Username: "admin", Password: "Adm!n-2021", ValidacionAD: false });
    expect(res).toEqual({
      Message: null,
      Success: true,
      Warning: false,
      Data: {
        id_usuario: 1,
        id_rol: 1,
        usuario: "admin",
        clave: "***",
        apellidos: "Pullima",
        nombres: "Administrador",
        estado: "Activo",
        token: "token-for-admin",
      },
    });
    expect(fakeTokens.issued.at(-1)).toEqual({ id_usuario: 1, usuario: "admin", id_rol: 1 });
  });

  it("matches the user name case-insensitively", async () => {
    expect(dataOf(await d.call("Account_Login", { Username: "ADMIN", Password: "Adm!n-2021" }))).toMatchObject({ id_usuario: 1 });
  });

  it("answers the same warning for a wrong password, an unknown user and missing fields", async () => {
    expect(await d.call("Account_Login", { Username: "admin", Password: "admin" })).toEqual(NO_USER);
    expect(await d.call("Account_Login", { Username: "nadie", Password: "Adm!n-2021" })).toEqual(NO_USER);
    expect(await d.call("Account_Login", { Username: null, Password: null })).toEqual(NO_USER);
    expect(await d.call("Account_Login", {})).toEqual(NO_USER);
    expect(await d.call("Account_Login", { Username: "admin", Password: "" })).toEqual(NO_USER);
  });

  it("refuses seeded users that have no password yet", async () => {
    expect(claveOf("mcardenas")).toBe("!");
    expect(await d.call("Account_Login", { Username: "mcardenas", Password: "!" })).toEqual(NO_USER);
  });

  it("refuses an inactive user with the same warning, and accepts it again once reactivated", async () => {
    const id = d.db.prepare("SELECT id_usuario FROM SEG_USUARIO WHERE usuario = 'rquispe'").pluck().get() as number;
    expect(dataOf(await d.call("SEG_USUARIO_Update", { id_usuario: id, clave: "Quispe#2021" }))).toBeNull();
    expect(await d.call("Account_Login", { Username: "rquispe", Password: "Quispe#2021" })).toEqual(NO_USER);
    expect(dataOf(await d.call("SEG_USUARIO_Update", { id_usuario: id, estado: "A" }))).toBeNull();
    expect(dataOf(await d.call("Account_Login", { Username: "rquispe", Password: "Quispe#2021" }))).toMatchObject({ estado: "Activo" });
  });
});

describe("SEG_USUARIO passwords and state", () => {
  it("Add stores a hash, never the password; Update with a new clave re-hashes; '***', null or absent keep it", async () => {
    expect(dataOf(await d.call("SEG_USUARIO_Add", { usuario: "lramos", clave: "Adm1s10n#2021", id_rol: 2, estado: "Activo" }))).toBeNull();
    const first = claveOf("lramos")!;
    expect(isPasswordHash(first)).toBe(true);
    expect(first).not.toContain("Adm1s10n");
    const id = d.db.prepare("SELECT id_usuario FROM SEG_USUARIO WHERE usuario = 'lramos'").pluck().get() as number;

    for (const keep of [{ clave: "***" }, { clave: null }, { clave: "" }, {}]) {
      expect(dataOf(await d.call("SEG_USUARIO_Update", { id_usuario: id, nombres: "Lucía", ...keep }))).toBeNull();
      expect(claveOf("lramos")).toBe(first);
    }
    expect(dataOf(await d.call("SEG_USUARIO_Update", { id_usuario: id, clave: "Nuev@Clave1" }))).toBeNull();
    const second = claveOf("lramos")!;
    expect(second).not.toBe(first);
    expect(verifyPassword("Nuev@Clave1", second)).toBe(true);
    expect(dataOf(await d.call("Account_Login", { Username: "lramos", Password: "Nuev@Clave1" }))).toMatchObject({ id_usuario: id });
    expect(await d.call("Account_Login", { Username: "lramos", Password: "Adm1s10n#2021" })).toEqual(NO_USER);
  });

  it("no stored password is plaintext", () => {
    const claves = d.db.prepare("SELECT clave FROM SEG_USUARIO").pluck().all() as string[];
    expect(claves.length).toBeGreaterThan(3);
    for (const c of claves) expect(c === "!" || isPasswordHash(c)).toBe(true);
  });

  it("no response carries a stored password or hash", async () => {
    const answers = [
      await d.call("SEG_USUARIO_GetById", { id_usuario: 1 }),
      await d.call("SEG_USUARIO_GetAllFilters", {}),
      await d.call("SEG_USUARIO_GetAllPaging", { WhereFilter: "WHERE U.estado IN ('Activo','Inactivo')", Start: 1, AmountRows: 50 }),
      await d.call("SEG_USUARIO_GetByUsername", { usuario: "admin", clave: "Adm!n-2021" }),
      await d.call("Account_Login", { Username: "admin", Password: "Adm!n-2021" }),
    ];
    for (const a of answers) {
      expect(a.Success).toBe(true);
      expect(a.Warning).toBe(false);
      const text = JSON.stringify(a);
      expect(text).not.toContain("scrypt$");
      expect(text).not.toContain("Adm!n-2021");
    }
    const rows = [...(answers[0]!.Data as Rows), ...(answers[1]!.Data as Rows), ...(answers[2]!.Data as Rows), answers[3]!.Data as Record<string, unknown>];
    for (const r of rows) expect(r.clave).toBeNull();
    expect((answers[4]!.Data as Record<string, unknown>).clave).toBe("***");
  });

  it("GetByUsername checks the password like Login", async () => {
    expect(dataOf(await d.call("SEG_USUARIO_GetByUsername", { usuario: "admin", clave: "Adm!n-2021" }))).toMatchObject({
      id_usuario: 1,
      usuario: "admin",
      RolNombre: "Administrador",
    });
    expect(await d.call("SEG_USUARIO_GetByUsername", { usuario: "admin", clave: "wrong" })).toEqual(NO_USER);
    expect(await d.call("SEG_USUARIO_GetByUsername", { usuario: "ghost", clave: "Adm!n-2021" })).toEqual(NO_USER);
  });

  it("a deleted user's tokens stop working at once (createUserStatus)", async () => {
    const status = createUserStatus(d.db);
    expect(dataOf(await d.call("SEG_USUARIO_Add", { usuario: "temporal", clave: "T3mp!", id_rol: 3 }))).toBeNull();
    const id = d.db.prepare("SELECT id_usuario FROM SEG_USUARIO WHERE usuario = 'temporal'").pluck().get() as number;
    expect(status(id)).toBe(true);
    expect(dataOf(await d.call("SEG_USUARIO_Delete", { id_usuario: id }))).toBeNull();
    expect(status(id)).toBe(false);
    expect(status(424242)).toBe(false);
    expect(status(Number.NaN)).toBe(false);
  });

  it("validates estado and id_rol", async () => {
    expect(await d.call("SEG_USUARIO_Add", { usuario: "x1", clave: "x", id_rol: 2, estado: "Suspendido" })).toMatchObject({
      Warning: true,
      Message: "El campo estado debe ser Activo o Inactivo.",
    });
    expect(await d.call("SEG_USUARIO_Add", { usuario: "x2", clave: "x", id_rol: 77 })).toMatchObject({
      Warning: true,
      Message: "El rol no pertenece al sistema.",
    });
  });

  it("filters users by the fields the backend reads, with estado A/Activo alike", async () => {
    const byEstado = dataOf<Rows>(await d.call("SEG_USUARIO_GetAllFilters", { estado: "I" }));
    expect(byEstado.length).toBeGreaterThan(0);
    expect(byEstado.every((r) => r.estado === "Inactivo")).toBe(true);
    const byRol = dataOf<Rows>(await d.call("SEG_USUARIO_GetAllFilters", { id_rol: 1, apellidos: "pullima" }));
    expect(byRol.map((r) => r.usuario)).toEqual(["admin"]);
  });
});

describe("the last active user", () => {
  it("cannot be deleted or deactivated", async () => {
    const solo = createDomain({ adminPassword: "x" });
    try {
      solo.db.exec("UPDATE SEG_USUARIO SET estado = 'Inactivo' WHERE usuario <> 'admin'");
      expect(await solo.call("SEG_USUARIO_Delete", { id_usuario: 1 })).toMatchObject({
        Warning: true,
        Message: "No se pudo realizar la eliminación: es el único usuario activo.",
      });
      expect(await solo.call("SEG_USUARIO_Update", { id_usuario: 1, estado: "Inactivo" })).toMatchObject({
        Warning: true,
        Message: "No se pudo realizar la actualización: es el único usuario activo.",
      });
      expect(createUserStatus(solo.db)(1)).toBe(true);
    } finally {
      solo.db.close();
    }
  });
});
