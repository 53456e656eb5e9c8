import { cellText, type RawCell } from "./cell.js";
import { excelDamage } from "./excel-damage.js";
import { MAX_CELL_CHARS } from "./limits.js";
import { CONTROL_CHARS, printable } from "./printable.js";
import type { SourceRecord } from "./source.js";

// The guard every data record of a table passes once its header is known (DESIGN §11.1): as wide
// as the header, no control characters, no cell over its length, no Excel damage in IDs and
// accounts. Plain data and a pure function, so the worker thread that reads a large CSV guards
// its records exactly as this thread does.

/** How a table's records are guarded: found from its header by openTable. */
export interface RecordGuard {
  readonly csv: boolean;
  /** A CSV record has as many cells as the header. */
  readonly csvWidth: number;
  /** A sheet's record has nothing past the header's last named column. */
  readonly width: number;
  /** The header's texts by column, for messages. */
  readonly names: readonly string[];
  readonly limited: ReadonlyArray<{ readonly i: number; readonly max: number }>;
  readonly damaged: ReadonlyArray<{ readonly i: number; readonly kind: "id" | "account" }>;
}

/** Spreadsheet column letters of a 0-based index: 0 → A, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

// trim() already drops the ideographic space, so no half-width folding is needed to see a blank
export const isBlank = (cells: readonly RawCell[]): boolean => {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (typeof c === "string" ? c.length > 0 && c.trim() !== "" : cellText(c) !== "") return false;
  }
  return true;
};

const NONE: readonly string[] = Object.freeze([]);

function columnName(g: RecordGuard, i: number): string {
  const name = g.names[i];
  return name ? `“${printable(name)}”列(${columnLetters(i)} 列)` : `${columnLetters(i)} 列`;
}

/**
 * A record's problems, in the order they are reported, each as the words after "第 N 行"; none for
 * a sound record; `null` for a blank record with nothing to report (skipped).
 */
export function guardRecord(g: RecordGuard, record: SourceRecord): readonly string[] | null {
  const { cells } = record;
  let found: string[] | undefined;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (typeof c !== "string") continue;
    if (c.length > MAX_CELL_CHARS) (found ??= []).push(`${columnName(g, i)}超过 ${MAX_CELL_CHARS} 个字符`);
    else if (record.suspect && CONTROL_CHARS.test(c)) (found ??= []).push(`${columnName(g, i)}含有控制字符(如 NUL、ESC 等不可见字符):请删除后另存`);
  }
  if (found === undefined && !record.faults && isBlank(cells)) return null;
  if (g.csv ? cells.length !== g.csvWidth : cells.length > g.width && !isBlank(cells.slice(g.width))) {
    (found ??= []).push(g.csv ? `有 ${cells.length} 列,表头有 ${g.csvWidth} 列:每行的列数须与表头相同(请检查多余或缺少的逗号、引号或换行)` : `在表头以外的列(${columnLetters(g.width)} 列起)还有内容:请删去或补上表头`);
  }
  for (const f of record.faults ?? []) (found ??= []).push(`${columnName(g, f.index)}${f.message}`);
  for (const { i, max } of g.limited) {
    const c = cells[i];
    if (typeof c === "string" && c.trim().length > max) (found ??= []).push(`${columnName(g, i)}超过 ${max} 个字符`);
  }
  for (const { i, kind } of g.damaged) {
    const why = excelDamage(cells[i], kind);
    if (why) (found ??= []).push(`${columnName(g, i)}:${why}`);
  }
  return found ?? NONE;
}
