// Dates are compact integers yyyymmdd (20270305); 0 means "no date".
export type DateNum = number;

export function makeDate(y: number, m: number, d: number): DateNum | undefined {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return undefined;
  if (y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  return y * 10000 + m * 100 + d;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(m) ? 30 : 31;
}

export const yearOf = (d: DateNum): number => Math.floor(d / 10000);
export const monthOf = (d: DateNum): number => Math.floor(d / 100) % 100;
export const dayOf = (d: DateNum): number => d % 100;

/** Completed years between a birth date and a date (the yyyymmdd trick is exact). */
export function ageOn(birth: DateNum, on: DateNum): number {
  return Math.floor((on - birth) / 10000);
}

export function formatDate(d: DateNum): string {
  if (!d) return "";
  return `${yearOf(d)}-${String(monthOf(d)).padStart(2, "0")}-${String(dayOf(d)).padStart(2, "0")}`;
}

export function monthStart(y: number, m: number): DateNum {
  return y * 10000 + m * 100 + 1;
}

export function monthEnd(y: number, m: number): DateNum {
  return y * 10000 + m * 100 + daysInMonth(y, m);
}

/** Excel serial day number (1900 system, or 1904 when date1904) to a date. */
export function fromExcelSerial(serial: number, date1904 = false): DateNum | undefined {
  if (!Number.isFinite(serial) || serial < 1) return undefined;
  let days = Math.floor(serial) + (date1904 ? 1462 : 0);
  // Excel counts 1900-02-29 (serial 60), which never existed: serials before it are one day behind.
  if (days === 60) return undefined;
  if (days < 60) days += 1;
  const ms = Date.UTC(1899, 11, 30) + days * 86400000;
  const dt = new Date(ms);
  return makeDate(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

export function fromUtcDate(dt: Date): DateNum | undefined {
  if (Number.isNaN(dt.getTime())) return undefined;
  return makeDate(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

/**
 * Parses the date spellings clerks use: 2027-03-05, 2027/3/5, 2027.3.5, 20270305, 2027年3月5日.
 * Returns undefined for anything else, or for an impossible date.
 */
export function parseDateText(text: string): DateNum | undefined {
  const t = text.trim();
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(t);
  if (!m) m = /^(\d{4})年(\d{1,2})月(\d{1,2})日?$/.exec(t);
  if (!m) m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (!m) {
    const time = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T]00:00(:00(\.0+)?)?Z?$/.exec(t);
    if (time) m = time;
  }
  if (!m) return undefined;
  return makeDate(Number(m[1]), Number(m[2]), Number(m[3]));
}
