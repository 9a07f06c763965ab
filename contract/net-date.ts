// The calendar check of .NET dates (the spec's NetDateTime, format `net-date-time`): the schema's pattern
// accepts the shape (`2021-09-06T10:12:05`, date-only, fractions, offsets), and this accepts only dates that
// exist, as DateTime's parser does: month 1–12, a day the month has (29 February in leap years only), hours
// 0–23, minutes and seconds 0–59, years 0001–9999, offsets up to ±14:00. `0001-01-01T00:00:00` (an unset
// DateTime) is valid; `2021-02-30` and `0000-00-00` are not.
// Pure TypeScript with no imports: the server, the client's validation and the mock share it.

export const NET_DATE_TIME_FORMAT = "net-date-time";

/**
 * The spec's NetDateTime pattern: the same calendar as a regular expression (leap years included), for tools
 * that only know JSON Schema keywords. Tests check that it agrees with isNetDateTime.
 */
export const NET_DATE_PATTERN =
  "^(?:(?:000[1-9]|00[1-9]\\d|0[1-9]\\d\\d|[1-9]\\d{3})-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1\\d|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)" +
  "|(?:\\d\\d(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)-02-29)" +
  "(?:T(?:[01]\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d(?:\\.\\d{1,7})?)?(?:Z|[+-](?:0\\d|1[0-3]):[0-5]\\d|[+-]14:00)?)?$";

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(?:Z|([+-])(\d{2}):(\d{2}))?)?$/;

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isNetDateTime(value: string): boolean {
  const m = SHAPE.exec(value);
  if (!m) return false;
  const [, y, mo, d, h = "0", mi = "0", s = "0", , oh = "0", om = "0"] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return false;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return false;
  return Number(oh) <= 14 && Number(om) <= 59 && !(Number(oh) === 14 && Number(om) > 0);
}
