// contract/net-date.ts: the calendar check of .NET dates (format net-date-time) and the NetDateTime pattern
// that spells the same calendar out, compared with each other over every day of years 1–2500.
import { describe, expect, it } from "vitest";
import { AJV_PRESETS, createAjv, type AjvPreset } from "../../contract/ajv.js";
import { NET_DATE_PATTERN, NET_DATE_TIME_FORMAT, isNetDateTime } from "../../contract/net-date.js";

const IMPOSSIBLE = ["2021-02-30", "0000-00-00", "2021-02-29T10:00:00", "2021-13-01T00:00:00", "2021-04-31", "2021-09-06T24:00:00", "2021-09-06T10:60:00", "2021-09-06T10:12:61", "2021-09-06T10:12:05+15:00"];
const VALID = ["0001-01-01T00:00:00", "2020-02-29T00:00:00", "2000-02-29", "2021-09-06T10:12:05.1234567-05:00", "2021-09-06T10:12", "2021-12-31T23:59:59Z", "9999-12-31T23:59:59"];

describe("net-date-time", () => {
  it("the calendar check", () => {
    for (const d of IMPOSSIBLE) expect(isNetDateTime(d), d).toBe(false);
    for (const d of VALID) expect(isNetDateTime(d), d).toBe(true);
    expect(isNetDateTime("1900-02-29")).toBe(false);
  });

  it("the pattern is the same calendar", () => {
    const pattern = new RegExp(NET_DATE_PATTERN);
    for (const d of [...IMPOSSIBLE, ...VALID]) expect(pattern.test(d), d).toBe(isNetDateTime(d));
    // Every day (and impossible day 00/29–32, month 00/13) of years 1–2500 and around 9999, both ways.
    let checked = 0;
    const wrong: string[] = [];
    const two = (n: number) => String(n).padStart(2, "0");
    for (const y of [...Array.from({ length: 2500 }, (_, i) => i + 1), 0, 9996, 9999]) {
      for (let m = 0; m <= 13; m++) {
        for (const d of [0, 1, 28, 29, 30, 31, 32]) {
          const s = `${String(y).padStart(4, "0")}-${two(m)}-${two(d)}`;
          const exists = m >= 1 && m <= 12 && d >= 1 && new Date(Date.UTC(2000, m - 1, 1)).getUTCMonth() === m - 1 && d <= new Date(Date.UTC(2000, m, 0)).getUTCDate() - (m === 2 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 1 : 0) && y >= 1;
          if (isNetDateTime(s) !== exists) wrong.push(`format ${s}`);
          if (pattern.test(s) !== exists) wrong.push(`pattern ${s}`);
          checked++;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(200_000);
  });

  // The server, the client's validation and verify compile the spec with this one factory (contract/ajv.ts).
  it.each(Object.keys(AJV_PRESETS) as AjvPreset[])("the Ajv factory's %s preset checks the format without the pattern", (preset) => {
    const validate = createAjv(preset).compile({ type: "string", format: NET_DATE_TIME_FORMAT });
    for (const d of IMPOSSIBLE) expect(validate(d), d).toBe(false);
    for (const d of VALID) expect(validate(d), d).toBe(true);
  });
});
