// Value helpers shared by the database layer and the handlers: .NET date strings, search normalization.

/** The value Newtonsoft writes for an unset non-nullable DateTime. */
export const NET_MIN_DATE = "0001-01-01T00:00:00";

const DATE_RE = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?(?:Z|[+-]\d{2}:\d{2})?$/;

/**
 * A request date in the .NET form the backend writes back: `YYYY-MM-DDTHH:MM:SS[.fffffff]`, no offset.
 * Date-only values get `T00:00:00`, missing seconds `:00`, trailing zero fractions are dropped; an offset is
 * dropped and the wall-clock time kept (the backend's DateTime columns carry no time zone). Anything that is not
 * a date string yields null.
 */
export function toNetDate(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const m = DATE_RE.exec(value.trim());
  if (!m) return null;
  const [, day, hm = "00:00", ss = "00", frac] = m;
  const fraction = frac ? frac.replace(/0+$/, "") : "";
  return `${day}T${hm}:${ss}${fraction ? `.${fraction}` : ""}`;
}

/** Current local time as a .NET date string (whole seconds). */
export function nowNet(date: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return (
    `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}` +
    `T${p(date.getHours())}:${p(date.getMinutes())}:${p(date.getSeconds())}`
  );
}

/** Lower-case, diacritics stripped (NFD): the form searches compare. `Peña Núñez` -> `pena nunez`. */
export function normalizeSearch(value: string): string {
  return value.normalize("NFD").replace(/\p{Diacritic}/gu, "").toLowerCase();
}
