// Raw roster rows for validateRow tests: cells in the order of COLUMNS, given by canonical header.
import { COLUMNS, type ColumnKey } from "../../src/roster/columns.js";
import type { ColumnMap, RawCell } from "../../src/roster/validate-row.js";

/** Every known column, in the order of COLUMNS. */
export const FULL_MAP: ColumnMap = {
  index: Object.fromEntries(COLUMNS.map((c, i) => [c.key, i])) as Record<ColumnKey, number>,
  extra: [],
  date1904: false,
};

/** A map with only some of the columns (by canonical header), and extra headers after them. */
export function mapOf(headers: readonly string[], extra: readonly string[] = [], date1904 = false): ColumnMap {
  const index = Object.fromEntries(COLUMNS.map((c) => [c.key, headers.indexOf(c.header)])) as Record<ColumnKey, number>;
  return { index, extra: extra.map((header, i) => ({ header, index: headers.length + i })), date1904 };
}

export type RowValues = Readonly<Record<string, RawCell>>;

/** Cells for FULL_MAP from values keyed by canonical header; missing columns are blank. */
export function cellsOf(values: RowValues): RawCell[] {
  return COLUMNS.map((c) => values[c.header] ?? "");
}

/** Full-width form of ASCII text, as some input methods type it. */
export function toFullWidth(s: string): string {
  return [...s].map((ch) => (ch >= "!" && ch <= "~" ? String.fromCharCode(ch.charCodeAt(0) + 0xfee0) : ch)).join("");
}
