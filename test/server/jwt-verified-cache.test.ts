// verify() remembers tokens it accepted: a known token is still refused once it expires, a changed token is
// verified from scratch, and callers get their own copy of the user.
import { afterEach, describe, expect, it, vi } from "vitest";
import { TokenError, createJwtService } from "../../server/auth/jwt.js";

const user = { id_usuario: 7, usuario: "jperez", id_rol: 2 };

function reasonOf(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof TokenError) return err.reason;
    throw err;
  }
  return "accepted";
}

describe("verify() of a token it accepted before", () => {
  afterEach(() => vi.useRealTimers());

  it("answers the same user each time, as a copy the caller may change", () => {
    const jwt = createJwtService({ secret: "s".repeat(32) });
    const token = jwt.issue(user);
    const first = jwt.verify(token);
    expect(first).toEqual(user);
    first.id_usuario = 99;
    expect(jwt.verify(token)).toEqual(user);
  });

  it("refuses it once it has expired", () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2026-01-01T00:00:00Z"));
    const jwt = createJwtService({ secret: "s".repeat(32), expiresInMinutes: 1 });
    const token = jwt.issue(user);
    expect(jwt.verify(token)).toEqual(user);
    vi.setSystemTime(new Date("2026-01-01T00:00:59Z"));
    expect(jwt.verify(token)).toEqual(user);
    vi.setSystemTime(new Date("2026-01-01T00:01:00Z"));
    expect(reasonOf(() => jwt.verify(token))).toBe("expired");
    expect(reasonOf(() => jwt.verify(token))).toBe("expired");
  });

  it("verifies a changed token from scratch", () => {
    const jwt = createJwtService({ secret: "s".repeat(32) });
    const token = jwt.issue(user);
    jwt.verify(token);
    const last = token.at(-2) === "A" ? "B" : "A";
    expect(reasonOf(() => jwt.verify(`${token.slice(0, -2)}${last}${token.at(-1)}`))).toBe("signature");
    expect(reasonOf(() => createJwtService({ secret: "t".repeat(32) }).verify(token))).toBe("signature");
  });
});
