import type { Fen } from "../domain/money.js";
import { putDigits, putUtf8 } from "../xlsx/bytes.js";
import { safeText } from "../xlsx/safe-text.js";

// A small CSV field encoder: the ledger has a million lines, and quoting by hand keeps it fast
// and byte-stable. Text fields are neutralised against formula injection; numbers are not.
export function csvField(value: string): string {
  const text = safeText(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: readonly string[]): string {
  return fields.map(csvField).join(",") + "\r\n";
}

/** Amount fields: already "1200.00", never neutralised (a negative amount is a number, not a formula). */
export function csvLineWithAmounts(fields: readonly string[], amountColumns: ReadonlySet<number>): string {
  return fields.map((f, i) => (amountColumns.has(i) ? f : csvField(f))).join(",") + "\r\n";
}

export const UTF8_BOM = "\ufeff";

/** The most bytes putCsvField writes for `value`: 3 per UTF-16 unit, with an apostrophe, quotes and doubled quotes. */
export function csvFieldBytes(value: string): number {
  return 3 * value.length + 3;
}

/** `csvField(value)` encoded as UTF-8 at `at`; returns the position after it. */
export function putCsvField(buffer: Buffer, at: number, value: string): number {
  return putUtf8(buffer, at, csvField(value));
}

/** The most bytes putYuan writes: a sign, 16 digits of yuan, the point and two of fen. */
export const YUAN_BYTES = 20;

/** `formatYuan(amount)` (-1234.50) written as ASCII at `at`; returns the position after it. */
export function putYuan(buffer: Buffer, at: number, amount: Fen): number {
  let abs: number = amount;
  if (amount < 0) {
    buffer[at++] = 45;
    abs = -amount;
  }
  at = putDigits(buffer, at, Math.floor(abs / 100));
  const fen = abs % 100;
  buffer[at++] = 46;
  buffer[at++] = 48 + Math.floor(fen / 10);
  buffer[at++] = 48 + (fen % 10);
  return at;
}
