import { inflateRawSync } from "node:zlib";
import { MAX_SHARED_STRINGS, MAX_SHARED_STRINGS_BYTES, MAX_XLSX_UNCOMPRESSED, MAX_CELL_CHARS } from "./limits.js";
import { PayoutError } from "../errors.js";
import { inflateItem, type ZipItem } from "./zip-directory.js";

// One quick pass over an xlsx's XML before exceljs parses it (inflating is native and fast, the SAX
// parse is not): the real uncompressed size, the shared-string count, any text run long enough to be
// a monster cell, and the rows marked hidden — which exceljs's streaming reader does not report.

/** A run of this many bytes without "<" is text no cell of ≤ 1,000 characters can hold. */
const LONG_RUN = 8 * 1024;
const SMALL_PART = 16 * 1024 * 1024;

function smallPart(buf: Buffer, item: ZipItem | undefined): string {
  if (!item) return "";
  const h = item.localOffset;
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + item.compressedSize);
  return (item.method === 0 ? data : inflateRawSync(data, { maxOutputLength: SMALL_PART })).toString("utf8");
}

/** Sheet XML entries by sheet name, from workbook.xml and its relationships. */
function sheetEntries(buf: Buffer, byName: Map<string, ZipItem>): Map<string, string> {
  const workbook = smallPart(buf, byName.get("xl/workbook.xml"));
  const rels = smallPart(buf, byName.get("xl/_rels/workbook.xml.rels"));
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  }
  const entries = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]*)"/.exec(m[0])?.[1] ?? /\bid="([^"]*)"/.exec(m[0])?.[1];
    const target = rid ? targets.get(rid) : undefined;
    if (name !== undefined && target) entries.set(target, name.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'"));
  }
  return entries;
}

const HIDDEN = Buffer.from(' hidden="');

/** Checks the limits of DESIGN §11.1 on an xlsx; returns each sheet's hidden rows. */
export async function checkXlsx(buf: Buffer, zip: readonly ZipItem[], what: string, path: string): Promise<Map<string, Set<number>>> {
  const fail = (why: string): never => {
    throw new PayoutError("input-too-large", `${what} ${path} ${why}`);
  };
  const byName = new Map(zip.map((z) => [z.name, z]));
  let entries: Map<string, string>;
  try {
    entries = sheetEntries(buf, byName);
  } catch {
    return fail("的工作簿目录无法读取:请在 Excel 中打开后另存为 .xlsx");
  }
  const hidden = new Map<string, Set<number>>();
  let total = 0;
  for (const item of zip) {
    const isStrings = item.name === "xl/sharedStrings.xml";
    const sheetName = entries.get(item.name);
    if (!isStrings && sheetName === undefined) continue;
    const rows = new Set<number>();
    let strings = 0;
    let bytes = 0;
    let sinceLt = 0;
    let carry = Buffer.alloc(0);
    let lastRow = 0;
    try {
      for await (const chunk of inflateItem(buf, item) as AsyncIterable<Buffer>) {
        bytes += chunk.length;
        total += chunk.length;
        if (total > MAX_XLSX_UNCOMPRESSED) fail(`解压后超过 ${MAX_XLSX_UNCOMPRESSED / 1024 / 1024} MB:文件过大或已损坏,请按乡镇拆分后分别运行`);
        if (isStrings && bytes > MAX_SHARED_STRINGS_BYTES) fail(`的共享字符串超过 ${MAX_SHARED_STRINGS_BYTES / 1024 / 1024} MB:文件过大或已损坏,请另存为 CSV 后再运行`);
        // a run of text without "<": probe every LONG_RUN bytes, so any run of 2 × LONG_RUN is caught
        const first = chunk.indexOf(0x3c);
        if ((first < 0 ? sinceLt + chunk.length : sinceLt + first) > LONG_RUN) fail(longCell(sheetName, lastRow));
        for (let p = first < 0 ? chunk.length : first; p < chunk.length; p += LONG_RUN) {
          const next = chunk.indexOf(0x3c, p);
          if (next < 0) break;
          if (next - p > LONG_RUN) fail(longCell(sheetName, lastRow));
        }
        const last = chunk.lastIndexOf(0x3c);
        sinceLt = last < 0 ? sinceLt + chunk.length : chunk.length - last - 1;
        const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk;
        if (isStrings) {
          for (let p = data.indexOf("<si", carry.length > 3 ? carry.length - 3 : 0); p >= 0; p = data.indexOf("<si", p + 3)) {
            const c = data[p + 3];
            if (c === 0x3e || c === 0x20 || c === 0x2f) strings++;
          }
          if (strings > MAX_SHARED_STRINGS) fail(`的共享字符串超过 ${MAX_SHARED_STRINGS} 个:文件过大或已损坏,请另存为 CSV 后再运行`);
        } else {
          const rowAt = data.lastIndexOf("<row ");
          if (rowAt >= 0) lastRow = Number(/^<row [^>]*?\br="(\d+)"/.exec(data.toString("latin1", rowAt, Math.min(data.length, rowAt + 200)))?.[1] ?? lastRow);
          for (let p = data.indexOf(HIDDEN); p >= 0; p = data.indexOf(HIDDEN, p + 1)) {
            const tagStart = data.lastIndexOf(0x3c, p);
            if (tagStart < 0 || data.toString("latin1", tagStart, tagStart + 5) !== "<row ") continue;
            const tag = data.toString("latin1", tagStart, Math.min(data.length, data.indexOf(0x3e, p) + 1 || data.length));
            const r = /\br="(\d+)"/.exec(tag)?.[1];
            if (r && /\bhidden="(1|true)"/.test(tag)) rows.add(Number(r));
          }
        }
        carry = Buffer.from(data.subarray(Math.max(0, data.length - 512)));
      }
    } catch (err) {
      if (err instanceof PayoutError) throw err;
      fail(`已损坏,无法解压(${item.name}):请在 Excel 中打开后另存为 .xlsx`);
    }
    if (sheetName !== undefined && rows.size > 0) hidden.set(sheetName, rows);
  }
  return hidden;
}

function longCell(sheet: string | undefined, lastRow: number): string {
  const where = sheet === undefined ? "" : `工作表“${sheet}”${lastRow ? `第 ${lastRow} 行附近` : ""}`;
  return `${where}有内容超过 ${MAX_CELL_CHARS} 个字符的单元格:请检查是否粘贴了大段内容,删去后另存`;
}
