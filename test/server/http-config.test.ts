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
    });
    expect(config).toEqual({
      host: "0.0.0.0",
      port: 8080,
      dbPath: "/var/lib/romsoft/r.db",
      adminPassword: "una clave",
      jwt: { secret: "s".repeat(40), issuer: "iss", audience: "aud", expiresInMinutes: 60 },
      dni: { url: "http://dni.example/api/{dni}", token: "t", timeoutMs: 2500 },
      logLevel: "warn",
    });
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
  ])("refuses %j", (env, message) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(message);
  });
});
