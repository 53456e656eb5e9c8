// src/input — the one way in (DESIGN §10, §11.1): every table a clerk hands us (roster, earlier
// ledgers, objections, corrections, bank returns, 待补录) is read here: format by content, encoding,
// title rows, header aliases, limits and cell guards → records + problems. csv-parse and the workbook
// readers are imported nowhere else; nothing here imports roster/, years/, reconcile/ or outputs/.

import { cellText, normaliseHeader, type RawCell } from "./cell.js";
import { excelDamage } from "./excel-damage.js";
import { HEADER_SEARCH_ROWS, MAX_CELL_CHARS } from "./limits.js";
import { openSource } from "./open-source.js";
import { CONTROL_CHARS, printable } from "./printable.js";
import { PayoutError } from "../errors.js";
import { columnLetters } from "../xlsx/sheet-xml.js";
import type { TableFormat } from "./format.js";

/** A column a table may have: its canonical header, the aliases clerks write, how it is guarded. */
export interface TableColumn<K extends string = string> {
  readonly key: K;
  readonly header: string;
  readonly aliases?: readonly string[];
  readonly required?: boolean;
  /** id / account: Excel's number damage (3.41122E+17, ".0", last digits 0) is refused. */
  readonly kind?: "text" | "id" | "account";
  /** Characters allowed in a cell of this column (a name: 100); any cell: 1,000. */
  readonly maxLength?: number;
}

export interface TableSpec<K extends string = string> {
  /** The table as the clerk knows it, for messages: 花名册, 上年台账, 异议名单 … */
  readonly what: string;
  readonly columns: readonly TableColumn<K>[];
  /** The xlsx/xls sheet; default the first. */
  readonly sheet?: string | undefined;
  /** Excel damage in id/account columns stops the read (default); the roster reports it per row instead. */
  readonly refuseDamage?: boolean;
}

export interface TableRecord {
  /** The row number a spreadsheet shows. */
  readonly row: number;
  readonly cells: readonly RawCell[];
}

export interface OpenedTable<K extends string> {
  readonly format: TableFormat;
  readonly headerRow: number;
  /** Index of each known column in a record, or -1. */
  readonly index: Readonly<Record<K, number>>;
  /** Headers the spec does not know, with their index. */
  readonly extra: ReadonlyArray<{ readonly header: string; readonly index: number }>;
  /** Data records (blank rows skipped), guarded; a problem stops the read with exit 2 at the end. */
  readonly records: AsyncIterable<TableRecord>;
  /** Rows hidden in Excel, filled while the records are read. */
  readonly hiddenRows: readonly number[];
  readonly sha256: () => string;
  readonly date1904: () => boolean;
}

/** Spreadsheet column letters of a 0-based index (0 → A, 26 → AA): the writer's, for messages here too. */
export { columnLetters };

const MAX_LISTED = 20;

// trim() already drops the ideographic space, so no half-width folding is needed to see a blank
const isBlank = (cells: readonly RawCell[]): boolean => {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (typeof c === "string" ? c.length > 0 && c.trim() !== "" : cellText(c) !== "") return false;
  }
  return true;
};

/**
 * Opens a table through the one reader (DESIGN §11.1): format by content, encoding, title rows, the
 * header found by its required columns (aliases allowed, duplicates refused), then each record
 * guarded — as wide as the header, no control characters, no cell over its length, formulas by
 * their saved result, IDs and accounts undamaged by Excel. Problems are collected (the first 20 are
 * listed) and stop the read with exit 2 once the records are read.
 */
export async function openTable<K extends string>(path: string, spec: TableSpec<K>): Promise<OpenedTable<K>> {
  const source = await openSource(path, spec.what, spec.sheet);
  const byName = new Map<string, TableColumn<K>>();
  for (const col of spec.columns) for (const name of [col.header, ...(col.aliases ?? [])]) byName.set(normaliseHeader(name), col);
  const required = spec.columns.filter((c) => c.required);
  const iterator = source.records[Symbol.asyncIterator]();
  let best = { row: 0, found: 0 };
  let header: { row: number; cells: RawCell[]; index: Record<K, number>; extra: Array<{ header: string; index: number }> } | undefined;
  // a header refused ends the reading of the source too (a CSV may be read by a worker thread)
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const { cells, row } = next.value;
      const found = new Map<K, number[]>();
      const texts = cells.map((c) => (typeof c === "string" ? c.trim() : cellText(c)));
      texts.forEach((t, i) => {
        const col = t === "" ? undefined : byName.get(normaliseHeader(t));
        if (col) found.set(col.key, [...(found.get(col.key) ?? []), i]);
      });
      const have = required.filter((c) => found.has(c.key)).length;
      if (have === required.length && found.size > 0) {
        const at = (i: number): string => `${columnLetters(i)} 列“${printable(texts[i] ?? "")}”`;
        for (const [key, where] of found) {
          if (where.length > 1) {
            const col = spec.columns.find((c) => c.key === key);
            throw new PayoutError("input-format", `${spec.what} ${path} 第 ${row} 行的表头有两列都表示“${col?.header ?? key}”:${at(where[0] ?? 0)} 和 ${at(where[1] ?? 0)}。请删去或改名其中一列后再运行`);
          }
        }
        const extraSeen = new Map<string, number>();
        const extra: Array<{ header: string; index: number }> = [];
        texts.forEach((t, i) => {
          if (t === "" || byName.has(normaliseHeader(t))) return;
          const norm = normaliseHeader(t);
          const earlier = extraSeen.get(norm);
          if (earlier !== undefined) throw new PayoutError("input-format", `${spec.what} ${path} 第 ${row} 行的表头有两列同名:${at(earlier)} 和 ${at(i)}。请删去或改名其中一列后再运行`);
          extraSeen.set(norm, i);
          extra.push({ header: t, index: i });
        });
        const index = Object.fromEntries(spec.columns.map((c) => [c.key, found.get(c.key)?.[0] ?? -1])) as Record<K, number>;
        header = { row, cells, index, extra };
        break;
      }
      if (have > best.found) best = { row, found: have };
      if (row >= HEADER_SEARCH_ROWS) break;
    }
  } catch (err) {
    void iterator.return?.();
    throw err;
  }
  if (!header) {
    void iterator.return?.();
    const names = required.map((c) => c.header).join("、");
    throw new PayoutError("input-no-header", `${spec.what} ${path} 前 ${HEADER_SEARCH_ROWS} 行中找不到表头:需要包含 ${names} 这些列${best.found ? `(第 ${best.row} 行最接近)` : ""}`);
  }
  const { index, extra } = header;
  const headerCells = header.cells;
  let width = 0;
  for (let i = headerCells.length - 1; i >= 0; i--) {
    if (cellText(headerCells[i]) !== "") {
      width = i + 1;
      break;
    }
  }
  const csvWidth = headerCells.length;
  const names = new Map<number, string>();
  headerCells.forEach((c, i) => names.set(i, cellText(c)));
  const columnName = (i: number): string => (names.get(i) ? `“${printable(names.get(i) ?? "")}”列(${columnLetters(i)} 列)` : `${columnLetters(i)} 列`);
  const limited = spec.columns.filter((c) => c.maxLength !== undefined && index[c.key] >= 0).map((c) => ({ i: index[c.key], max: c.maxLength ?? MAX_CELL_CHARS }));
  const damaged = spec.refuseDamage === false ? [] : spec.columns.filter((c) => (c.kind === "id" || c.kind === "account") && index[c.key] >= 0).map((c) => ({ i: index[c.key], kind: c.kind as "id" | "account" }));
  const hiddenRows: number[] = [];
  const problems: string[] = [];
  let count = 0;
  const csv = source.format === "csv";
  const stop = (): never => {
    const more = count > problems.length ? `\n  …共 ${count} 处,仅列出前 ${problems.length} 处` : "";
    throw new PayoutError("input-format", `${spec.what} ${path} 有 ${count} 处无法读取的内容,请修正后另存再运行:\n  ${problems.join("\n  ")}${more}`);
  };
  const problem = (row: number, what: string): void => {
    count++;
    if (problems.length < MAX_LISTED) problems.push(`第 ${row} 行${what}`);
    else stop();
  };

  async function* records(): AsyncGenerator<TableRecord> {
    try {
      for (;;) {
        const next = await iterator.next();
        if (next.done) break;
        const record = next.value;
        const { cells, row } = record;
        const before = count;
        for (let i = 0; i < cells.length; i++) {
          const c = cells[i];
          if (typeof c !== "string") continue;
          if (c.length > MAX_CELL_CHARS) problem(row, `${columnName(i)}超过 ${MAX_CELL_CHARS} 个字符`);
          else if (record.suspect && CONTROL_CHARS.test(c)) problem(row, `${columnName(i)}含有控制字符(如 NUL、ESC 等不可见字符):请删除后另存`);
        }
        if (isBlank(cells) && count === before && !record.faults) continue;
        if (csv ? cells.length !== csvWidth : cells.length > width && !isBlank(cells.slice(width))) {
          problem(row, csv ? `有 ${cells.length} 列,表头有 ${csvWidth} 列:每行的列数须与表头相同(请检查多余或缺少的逗号、引号或换行)` : `在表头以外的列(${columnLetters(width)} 列起)还有内容:请删去或补上表头`);
        }
        for (const f of record.faults ?? []) problem(row, `${columnName(f.index)}${f.message}`);
        for (const { i, max } of limited) {
          const c = cells[i];
          if (typeof c === "string" && c.trim().length > max) problem(row, `${columnName(i)}超过 ${max} 个字符`);
        }
        for (const { i, kind } of damaged) {
          const why = excelDamage(cells[i], kind);
          if (why) problem(row, `${columnName(i)}:${why}`);
        }
        if (record.hidden) hiddenRows.push(row);
        if (count === before) yield { row, cells };
      }
      if (count > 0) stop();
    } finally {
      // stopped early (too many problems, or the consumer's own error): the source stops too
      void iterator.return?.();
    }
  }
  return { format: source.format, headerRow: header.row, index, extra, records: records(), hiddenRows, sha256: source.sha256, date1904: source.date1904 };
}

/** A record of a small table: each known column's text (half-width, trimmed) and raw cell. */
export interface ReadRecord<K extends string> {
  readonly row: number;
  readonly text: Readonly<Record<K, string>>;
  readonly raw: Readonly<Record<K, RawCell>>;
}

export interface ReadTableResult<K extends string> {
  readonly records: ReadRecord<K>[];
  readonly headerRow: number;
  readonly present: ReadonlySet<K>;
  readonly extra: ReadonlyArray<{ readonly header: string; readonly index: number }>;
  readonly format: TableFormat;
  /** Warnings for the clerk (hidden rows), already in Chinese. */
  readonly warnings: string[];
}

/** Hidden rows as one warning: "第 5、9 行在 Excel 中是隐藏行,已照常读入". */
export function hiddenRowsWarning(what: string, path: string, rows: readonly number[]): string | undefined {
  if (rows.length === 0) return undefined;
  const listed = rows.slice(0, 20).join("、") + (rows.length > 20 ? ` 等 ${rows.length} 行` : "");
  return `${what} ${path} 第 ${listed} 行在 Excel 中是隐藏行,已照常读入:请确认这些行是否应当计入`;
}

/** Reads a whole (small) table through the one reader: every record with its known columns. */
export async function readTable<K extends string>(path: string, spec: TableSpec<K>): Promise<ReadTableResult<K>> {
  const table = await openTable(path, spec);
  const records: ReadRecord<K>[] = [];
  for await (const { row, cells } of table.records) {
    const text = {} as Record<K, string>;
    const raw = {} as Record<K, RawCell>;
    for (const col of spec.columns) {
      const i = table.index[col.key];
      raw[col.key] = i < 0 ? undefined : cells[i];
      text[col.key] = cellText(raw[col.key]);
    }
    records.push({ row, text, raw });
  }
  const hidden = hiddenRowsWarning(spec.what, path, table.hiddenRows);
  return {
    records, headerRow: table.headerRow, extra: table.extra, format: table.format,
    present: new Set(spec.columns.filter((c) => table.index[c.key] >= 0).map((c) => c.key)),
    warnings: hidden ? [hidden] : [],
  };
}
