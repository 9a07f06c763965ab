// How an observed request's token is judged (the auth checks of the proxy and of HAR files): the same token judged
// again later gives the verdict of that later moment (what is remembered between calls is the token's shape, not
// a verdict).
import { describe, expect, it } from "vitest";
import { judgeToken } from "../../cli/traffic/check.js";

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
const jwt = (header: unknown, payload: unknown, signature = "c2ln") => `${b64(header)}.${b64(payload)}.${signature}`;

describe("judgeToken", () => {
  const now = Date.UTC(2026, 0, 1);
  const exp = now / 1000 + 100;
  const signed = jwt({ alg: "HS256", typ: "JWT" }, { sub: "1", exp });

  it("names the auth check each kind of token fails", () => {
    expect(judgeToken(undefined, now).check).toBe("auth:no-token");
    expect(judgeToken("Bearer ", now).check).toBe("auth:no-token");
    expect(judgeToken("Basic YWJj", now).check).toBe("auth:garbage-token");
    expect(judgeToken("Bearer not-a-jwt", now).check).toBe("auth:garbage-token");
    expect(judgeToken(`Bearer ${jwt({ alg: "none" }, { exp })}`, now).check).toBe("auth:alg-none");
    expect(judgeToken(`Bearer ${jwt({ alg: "HS256" }, { exp }, "")}`, now).check).toBe("auth:alg-none");
    expect(judgeToken(`Bearer ${signed}`, now)).toEqual({ check: null, label: "with a token" });
    expect(judgeToken(`Bearer ${jwt({ alg: "HS256" }, { sub: "1" })}`, now).check).toBeNull();
  });

  it("judges a token seen before at the moment of the new request (5 minutes of clock skew allowed)", () => {
    expect(judgeToken(`Bearer ${signed}`, now).check).toBeNull();
    expect(judgeToken(`Bearer ${signed}`, now + 399_000).check).toBeNull();
    expect(judgeToken(`Bearer ${signed}`, now + 401_000)).toEqual({ check: "auth:expired-token", label: `with a token expired at ${new Date(exp * 1000).toISOString()}` });
    expect(judgeToken(`Bearer ${signed}`, now).check).toBeNull();
  });
});
