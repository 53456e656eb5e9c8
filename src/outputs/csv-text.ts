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
