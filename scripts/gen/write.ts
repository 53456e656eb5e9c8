// Streams generated rows to a CSV (UTF-8 with BOM) or an .xlsx file, with bounded memory.
import ExcelJS from "../../src/input/exceljs.js";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { fixZipTimes } from "./zip-times.js";
import { COL, HEADERS, type BadKind, type GeneratedRow } from "./row.js";

export interface WriteStats {
  rows: number;
  bad: number;
  byKind: Partial<Record<BadKind, number>>;
}

const count = (stats: WriteStats, row: GeneratedRow): void => {
  stats.rows++;
  if (row.bad) {
    stats.bad++;
    stats.byKind[row.bad] = (stats.byKind[row.bad] ?? 0) + 1;
  }
};

const NEEDS_QUOTES = /[",\r\n]/;
const csvCell = (s: string): string => (NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The CSV text of one row, with the line ending. */
export const csvLine = (cells: readonly string[]): string => cells.map(csvCell).join(",") + "\r\n";

export async function writeCsv(rows: Iterable<GeneratedRow>, path: string): Promise<WriteStats> {
  const out = createWriteStream(path);
  const stats: WriteStats = { rows: 0, bad: 0, byKind: {} };
  let chunk = "\uFEFF" + csvLine(HEADERS);
  for (const row of rows) {
    count(stats, row);
    chunk += csvLine(row.cells);
    if (chunk.length > 1 << 19) {
      if (!out.write(chunk)) await once(out, "drain");
      chunk = "";
    }
  }
  out.end(chunk);
  await once(out, "close");
  return stats;
}

const TEXT_COLUMNS = new Set<number>([COL.身份证号, COL.银行账号, COL.户编号, COL.联系电话]);
const WIDE: Partial<Record<number, number>> = { [COL.身份证号]: 21, [COL.银行账号]: 22, [COL.户编号]: 15, [COL.联系电话]: 13, [COL.开户银行]: 16 };
const DRAIN_EVERY = 1000;
const DRAIN_ABOVE = 4 * 1024 * 1024;

/** A roster workbook: one sheet 花名册, ID/account columns text-formatted, every value a string cell. */
export async function writeXlsx(rows: Iterable<GeneratedRow>, path: string, year: number): Promise<WriteStats> {
  const stream = createWriteStream(path);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const fixed = new Date(Date.UTC(year, 0, 1));
  book.created = fixed;
  book.modified = fixed;
  book.creator = "payout gen-roster";
  const sheet = book.addWorksheet("花名册", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = HEADERS.map((header, i) => ({
    header,
    width: WIDE[i] ?? Math.max(8, header.length * 2 + 2),
    ...(TEXT_COLUMNS.has(i) ? { style: { numFmt: "@" } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  const stats: WriteStats = { rows: 0, bad: 0, byKind: {} };
  const sheetStream = (sheet as unknown as { stream?: { pipes?: NodeJS.WritableStream[] } }).stream;
  let sinceCheck = 0;
  for (const row of rows) {
    count(stats, row);
    sheet.addRow(row.cells.map((c) => (c === "" ? null : c))).commit();
    if (++sinceCheck >= DRAIN_EVERY) {
      sinceCheck = 0;
      // exceljs has no back-pressure (#734): wait when the zip side falls behind.
      // The target is archiver's readable-stream 2 PassThrough: it has no writableLength.
      const target = sheetStream?.pipes?.[0] as
        | (NodeJS.WritableStream & { writableLength?: number; _writableState?: { length?: number } })
        | undefined;
      if (target && (target.writableLength ?? target._writableState?.length ?? 0) > DRAIN_ABOVE) await once(target, "drain");
    }
  }
  sheet.commit();
  await book.commit();
  if (!stream.closed) await once(stream, "close");
  await fixZipTimes(path, year);
  return stats;
}
