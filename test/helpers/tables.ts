import { readFileSync } from "node:fs";
import * as XLSX from "@e965/xlsx";
import iconv from "iconv-lite";

// Tiny tables built by the tests in every format a clerk may hand us (no binary fixtures).

export const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;

/** A fixture CSV's rows (UTF-8 with BOM). */
export function fixtureRows(name: string): string[][] {
  return readFileSync(FIXTURES + name, "utf8").replace(/^\ufeff/, "").split(/\r?\n/).filter((l) => l !== "").map((l) => l.split(","));
}

export type LineEnding = "\r\n" | "\n" | "\r";

const quoted = (cell: string): string => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

/** CSV text of rows, each line ended as given. */
export function csvText(rows: readonly (readonly string[])[], ending: (i: number) => LineEnding = () => "\r\n"): string {
  return rows.map((r, i) => r.map(quoted).join(",") + ending(i)).join("");
}

export function encode(text: string, encoding: "utf8" | "utf8-bom" | "gbk"): Buffer {
  if (encoding === "gbk") return iconv.encode(text, "gbk");
  return Buffer.concat([encoding === "utf8-bom" ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(text, "utf8")]);
}

/** A workbook of one sheet; cells may be SheetJS cell objects (formulas, errors). */
export function workbook(rows: ReadonlyArray<ReadonlyArray<string | number | XLSX.CellObject>>, bookType: "xlsx" | "biff8", hiddenRows: readonly number[] = []): Buffer {
  const ws = XLSX.utils.aoa_to_sheet([]);
  rows.forEach((r, ri) => r.forEach((c, ci) => {
    ws[XLSX.utils.encode_cell({ r: ri, c: ci })] = typeof c === "object" ? c : typeof c === "number" ? { t: "n", v: c } : { t: "s", v: c };
  }));
  ws["!ref"] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length - 1, c: Math.max(...rows.map((r) => r.length)) - 1 } });
  if (hiddenRows.length) ws["!rows"] = Array.from({ length: rows.length }, (_, i) => (hiddenRows.includes(i + 1) ? { hidden: true } : {}));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, "花名册");
  return XLSX.write(wb, { type: "buffer", bookType, compression: true }) as Buffer;
}

/** A zip of the given entries (an .ods, a .docx, an xlsx with a monster part). */
export function zipOf(entries: Record<string, string | Buffer>): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new();
  for (const [name, data] of Object.entries(entries)) XLSX.CFB.utils.cfb_add(cfb, name, typeof data === "string" ? Buffer.from(data) : data);
  return XLSX.CFB.write(cfb, { type: "buffer", fileType: "zip", compression: true }) as Buffer;
}

/** An OLE compound file holding the named streams (a WPS .et, a Word .doc). */
export function compoundFile(streams: readonly string[]): Buffer {
  const cfb = XLSX.CFB.utils.cfb_new();
  for (const s of streams) XLSX.CFB.utils.cfb_add(cfb, `/${s}`, Buffer.from("payout test"));
  return XLSX.CFB.write(cfb, { type: "buffer" }) as Buffer;
}
