// Environment settings of `npm start` (server/config.ts): defaults, parsing, and clear refusals.
import { describe, expect, it } from "vitest";
import { ConfigError, readConfig } from "../../server/config.js";

describe("readConfig", () => {
  it("has the documented defaults", () => {
    expect(readConfig({})).toEqual({
      host: "127.0.0.1",
      port: 3000,
      dbPath: "./data/romsoft.db",
      adminPassword: undefined,
      jwt: { secret: undefined, issuer: "romsoft-contract", audience: "romsoft-clients", expiresInMinutes: 28800 },
      dni: undefined,
      logLevel: "info",
      cors: "loopback",
      sandbox: undefined,
    });
  });

  it("reads every variable", () => {
    const config = readConfig({
      HOST: "0.0.0.0",
      PORT: "8080",
      ROMSOFT_DB: "/var/lib/romsoft/r.db",
      ROMSOFT_ADMIN_PASSWORD: "una clave",
      ROMSOFT_JWT_SECRET: "s".repeat(40),
      ROMSOFT_JWT_ISSUER: "iss",
      ROMSOFT_JWT_AUDIENCE: "aud",
      ROMSOFT_JWT_EXPIRES_MINUTES: "60",
      ROMSOFT_DNI_URL: "http://dni.example/api/{dni}",
      ROMSOFT_DNI_TOKEN: "t",
      ROMSOFT_DNI_TIMEOUT_MS: "2500",
      LOG_LEVEL: "WARN",
      ROMSOFT_CORS_ORIGINS: "https://app.example.pe, http://localhost:5173",
    });
    expect(config).toEqual({
      host: "0.0.0.0",
      port: 8080,
      dbPath: "/var/lib/romsoft/r.db",
      adminPassword: "una clave",
      jwt: { secret: "s".repeat(40), issuer: "iss", audience: "aud", expiresInMinutes: 60 },
      dni: { url: "http://dni.example/api/{dni}", token: "t", timeoutMs: 2500 },
      logLevel: "warn",
      cors: ["https://app.example.pe", "http://localhost:5173"],
      sandbox: undefined,
    });
  });

  it("sandbox mode (ROMSOFT_SANDBOX=1 or --sandbox): CORS * and a fresh in-memory seed unless told otherwise", () => {
    const limits = { maxSessions: 200, idleMs: 1_800_000 };
    expect(readConfig({ ROMSOFT_SANDBOX: "1" })).toMatchObject({ sandbox: limits, cors: "*", dbPath: ":memory:", host: "127.0.0.1" });
    expect(readConfig({}, { sandbox: true })).toMatchObject({ sandbox: limits, cors: "*", dbPath: ":memory:" });
    expect(
      readConfig(
        { ROMSOFT_SANDBOX: "true", ROMSOFT_SANDBOX_SESSIONS: "5", ROMSOFT_SANDBOX_IDLE_SECONDS: "60", ROMSOFT_CORS_ORIGINS: "http://localhost:5173", ROMSOFT_DB: "seed.db" },
      ),
    ).toMatchObject({ sandbox: { maxSessions: 5, idleMs: 60_000 }, cors: ["http://localhost:5173"], dbPath: "seed.db" });
    expect(readConfig({ ROMSOFT_SANDBOX: "0", ROMSOFT_CORS_ORIGINS: "*" })).toMatchObject({ sandbox: undefined, cors: "*" });
  });

  it("treats blank values as unset", () => {
    expect(readConfig({ PORT: " ", ROMSOFT_JWT_SECRET: "", ROMSOFT_DNI_URL: "" })).toMatchObject({ port: 3000, jwt: { secret: undefined }, dni: undefined });
  });

  it.each([
    [{ PORT: "abc" }, /PORT must be a whole number/],
    [{ PORT: "70000" }, /PORT must be between 0 and 65535/],
    [{ ROMSOFT_JWT_EXPIRES_MINUTES: "0" }, /ROMSOFT_JWT_EXPIRES_MINUTES must be between/],
    [{ ROMSOFT_JWT_EXPIRES_MINUTES: "-5" }, /ROMSOFT_JWT_EXPIRES_MINUTES must be a whole number/],
    [{ ROMSOFT_JWT_SECRET: "short" }, /at least 32 bytes/],
    [{ ROMSOFT_ADMIN_PASSWORD: "" }, /ROMSOFT_ADMIN_PASSWORD is set but empty/],
    [{ ROMSOFT_DNI_URL: "not a url" }, /ROMSOFT_DNI_URL is not a URL/],
    [{ LOG_LEVEL: "verbose" }, /LOG_LEVEL must be one of/],
    [{ ROMSOFT_CORS_ORIGINS: "localhost:5173" }, /ROMSOFT_CORS_ORIGINS: 'localhost:5173' is not an origin/],
    [{ ROMSOFT_CORS_ORIGINS: "http://localhost:5173/app" }, /'http:\/\/localhost:5173\/app' is not an origin/],
    [{ ROMSOFT_CORS_ORIGINS: "*, http://localhost:5173" }, /'\*' allows every origin: give it alone/],
    [{ ROMSOFT_SANDBOX: "maybe" }, /ROMSOFT_SANDBOX must be 1 or 0/],
    [{ ROMSOFT_SANDBOX: "1", ROMSOFT_SANDBOX_SESSIONS: "0" }, /ROMSOFT_SANDBOX_SESSIONS must be between 1 and/],
  ])("refuses %j", (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });
});
