import type { Fen } from "../domain/money.js";
import { continuationName } from "../xlsx/sheet-names.js";
import { unescapeExcel } from "../xlsx/xml-text.js";
import { openZip } from "../xlsx/zip-entries.js";

// A fast reader for the self-audit of the workbooks this tool writes (inline or "str" strings,
// numbers): streams each sheet's XML once, far quicker than exceljs's SAX reader on big sheets.

export type ReadCell = string | number | undefined;

export interface ReadRow {
  /** The table's sheet: a continuation past Excel's row limit (…(续)) reads as the sheet it continues. */
  readonly sheet: string;
  /** The sheet's own name in the workbook. */
  readonly part: string;
  /** Row number as the spreadsheet shows it. */
  readonly row: number;
  /** Cells by column, 0 = column A. */
  readonly cells: readonly ReadCell[];
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, name: string) => {
    if (name.startsWith("#x")) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name] ?? whole;
  });
}

function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:]+)="([^"]*)"/g)) found.set(m[1] ?? "", unescapeXml(m[2] ?? ""));
  return found;
}

/** The text of every <t>…</t> of an inline string (rich text has several runs). */
function inlineText(xml: string, from: number, to: number): string {
  let text = "";
  let p = from;
  for (;;) {
    const open = xml.indexOf("<t", p);
    if (open < 0 || open >= to) return text;
    const body = xml.indexOf(">", open) + 1;
    if (xml.charCodeAt(body - 2) === 47 /* "/" */) {
      p = body;
      continue;
    }
    const close = xml.indexOf("</t>", body);
    if (close < 0 || close > to) return text;
    text += xml.slice(body, close);
    p = close + 4;
  }
}

/** Has a byte ≥ 0x80: the sheet's XML is read as latin1 (one char a byte, fast), so such text is UTF-8 to decode. */
const HIGH = /[^\x00-\x7f]/;

/** Text read as latin1 back to what the UTF-8 bytes say (ASCII, the IDs and numbers, stays as it is). */
function fromBytes(text: string): string {
  return HIGH.test(text) ? Buffer.from(text, "latin1").toString("utf8") : text;
}

/** The value of attribute `name` (given as ' name="') inside the tag [from, to), or undefined. */
function attribute(xml: string, name: string, from: number, to: number): string | undefined {
  const at = xml.indexOf(name, from);
  if (at < 0 || at >= to) return undefined;
  const start = at + name.length;
  return xml.slice(start, xml.indexOf('"', start));
}

/** The column of a cell reference's letters at `at` (A = 1 … Z = 26, AA = 27 …), 0 without letters. */
function columnAt(xml: string, at: number): number {
  let column = 0;
  for (let i = at, c = xml.charCodeAt(i); c >= 65 && c <= 90; c = xml.charCodeAt(++i)) column = column * 26 + (c - 64);
  return column;
}

/**
 * The first "</row>" at or after `from`, or -1. Found by its "w>": V8 looks for a pattern this short
 * by its first character, and "<" starts every tag of a row, while "w" is rare in sheet XML (and
 * never a byte of a multi-byte UTF-8 character), so the scan runs at memchr's pace.
 */
function rowEnd(xml: string, from: number): number {
  for (let w = xml.indexOf("w>", from + 4); w >= 0; w = xml.indexOf("w>", w + 2)) {
    if (xml.startsWith("</ro", w - 4)) return w - 4;
  }
  return -1;
}

/** The cells of the row whose XML is xml[from, to), by column, scanned with indexOf (the audit reads millions). */
function parseCells(xml: string, from: number, to: number, wanted: Uint8Array | undefined): ReadCell[] {
  const cells: ReadCell[] = [];
  let p = from;
  for (;;) {
    const open = xml.indexOf("<c ", p);
    if (open < 0 || open >= to) return cells;
    // a cell not wanted is passed over from its reference alone, when that comes first (as this tool
    // writes it); past the last column wanted the row is done (cells come in column order)
    if (wanted && xml.startsWith(' r="', open + 2)) {
      const column = columnAt(xml, open + 6);
      if (column > wanted.length) return cells;
      if (column === 0 || wanted[column - 1] !== 1) {
        p = open + 3;
        continue;
      }
    }
    const tagEnd = xml.indexOf(">", open);
    if (tagEnd < 0 || tagEnd >= to) return cells;
    if (xml.charCodeAt(tagEnd - 1) === 47 /* "/" */) {
      p = tagEnd + 1;
      continue;
    }
    const close = xml.indexOf("</c>", tagEnd);
    if (close < 0 || close > to) return cells;
    p = close + 4;
    const ref = xml.indexOf(' r="', open);
    if (ref < 0 || ref >= tagEnd) continue;
    const column = columnAt(xml, ref + 4);
    if (column === 0 || (wanted && wanted[column - 1] !== 1)) continue;
    const type = attribute(xml, ' t="', open, tagEnd) ?? "n";
    let value: ReadCell;
    if (type === "inlineStr") {
      value = unescapeExcel(unescapeXml(fromBytes(inlineText(xml, tagEnd, close))));
    } else {
      const v = xml.indexOf("<v>", tagEnd);
      if (v < 0 || v > close) continue;
      const raw = xml.slice(v + 3, xml.indexOf("</v>", v));
      if (type === "s") throw new Error("shared strings are not expected in this tool's workbooks");
      value = type === "n" ? Number(raw) : unescapeXml(fromBytes(raw));
    }
    cells[column - 1] = value;
  }
}

/** Sheet names in workbook order, each with its XML entry. */
async function sheetEntries(zip: Awaited<ReturnType<typeof openZip>>): Promise<Array<{ name: string; entry: string }>> {
  const workbook = await readText(await zip.stream("xl/workbook.xml"));
  const rels = await readText(await zip.stream("xl/_rels/workbook.xml.rels"));
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attributes(m[0]);
    targets.set(a.get("Id") ?? "", (a.get("Target") ?? "").replace(/^\/?(xl\/)?/, ""));
  }
  const sheets: Array<{ name: string; entry: string }> = [];
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const target = targets.get(a.get("r:id") ?? "");
    if (target) sheets.push({ name: a.get("name") ?? "", entry: `xl/${target}` });
  }
  return sheets;
}

async function readText(stream: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk);
  return Buffer.concat(parts).toString("utf8");
}

/**
 * Every non-empty row of the workbook (or of the named sheets), in order. With `columns` (0-based),
 * only those cells are read, the others left undefined: the self-audit of a large sheet needs a few.
 */
export async function* readSheetRows(path: string, only?: (sheet: string) => boolean, columns?: readonly number[]): AsyncGenerator<ReadRow> {
  let wanted: Uint8Array | undefined;
  if (columns) {
    wanted = new Uint8Array(Math.max(0, ...columns) + 1);
    for (const c of columns) wanted[c] = 1;
  }
  const zip = await openZip(path);
  let base = "";
  let continued = 0;
  for (const { name: part, entry } of await sheetEntries(zip)) {
    if (base !== "" && part === continuationName(base, continued + 1)) continued++;
    else [base, continued] = [part, 0];
    const name = base;
    if (only && !only(name)) continue;
    const stream = await zip.stream(entry);
    // latin1: one char a byte, no UTF-8 decoding of the whole sheet (the markup is ASCII); the text
    // of a cell is decoded when it is read (fromBytes). A one-byte string also takes half the memory.
    stream.setEncoding("latin1");
    let buf = "";
    for await (const chunk of stream as AsyncIterable<string>) {
      buf += chunk;
      let pos = 0;
      for (;;) {
        const start = buf.indexOf("<row ", pos);
        if (start < 0) break;
        const tagEnd = buf.indexOf(">", start);
        if (tagEnd < 0) break;
        if (buf.charCodeAt(tagEnd - 1) === 47 /* "/" */) {
          pos = tagEnd + 1;
          continue;
        }
        const end = rowEnd(buf, tagEnd);
        if (end < 0) break;
        const row = Number(attribute(buf, ' r="', start, tagEnd) ?? 0);
        yield { sheet: name, part, row, cells: parseCells(buf, tagEnd + 1, end, wanted) };
        pos = end + 6;
      }
      buf = buf.slice(pos);
    }
  }
}

/** Yuan as written in a cell back to fen (the cells hold fen / 100). */
export function cellFen(cell: ReadCell): Fen {
  return (typeof cell === "number" ? Math.round(cell * 100) : 0) as Fen;
}
