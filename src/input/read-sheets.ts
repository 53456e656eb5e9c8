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

function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
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

/** The value of attribute `name` (given as ' name="') inside the tag [from, to), or undefined. */
function attribute(xml: string, name: string, from: number, to: number): string | undefined {
  const at = xml.indexOf(name, from);
  if (at < 0 || at >= to) return undefined;
  const start = at + name.length;
  return xml.slice(start, xml.indexOf('"', start));
}

/** A row's cells by column, scanned with indexOf (the audit reads millions of them). */
function parseCells(xml: string): ReadCell[] {
  const cells: ReadCell[] = [];
  let p = 0;
  for (;;) {
    const open = xml.indexOf("<c ", p);
    if (open < 0) return cells;
    const tagEnd = xml.indexOf(">", open);
    if (tagEnd < 0) return cells;
    if (xml.charCodeAt(tagEnd - 1) === 47 /* "/" */) {
      p = tagEnd + 1;
      continue;
    }
    const close = xml.indexOf("</c>", tagEnd);
    if (close < 0) return cells;
    p = close + 4;
    const ref = attribute(xml, ' r="', open, tagEnd);
    if (ref === undefined) continue;
    const type = attribute(xml, ' t="', open, tagEnd) ?? "n";
    let value: ReadCell;
    if (type === "inlineStr") {
      value = unescapeExcel(unescapeXml(inlineText(xml, tagEnd, close)));
    } else {
      const v = xml.indexOf("<v>", tagEnd);
      if (v < 0 || v > close) continue;
      const raw = xml.slice(v + 3, xml.indexOf("</v>", v));
      if (type === "s") throw new Error("shared strings are not expected in this tool's workbooks");
      value = type === "n" ? Number(raw) : unescapeXml(raw);
    }
    cells[columnIndex(ref.replace(/\d+$/, ""))] = value;
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

/** Every non-empty row of the workbook (or of the named sheets), in order. */
export async function* readSheetRows(path: string, only?: (sheet: string) => boolean): AsyncGenerator<ReadRow> {
  const zip = await openZip(path);
  let base = "";
  let continued = 0;
  for (const { name: part, entry } of await sheetEntries(zip)) {
    if (base !== "" && part === continuationName(base, continued + 1)) continued++;
    else [base, continued] = [part, 0];
    const name = base;
    if (only && !only(name)) continue;
    const stream = await zip.stream(entry);
    stream.setEncoding("utf8");
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
        const end = buf.indexOf("</row>", tagEnd);
        if (end < 0) break;
        const row = Number(attribute(buf, ' r="', start, tagEnd) ?? 0);
        yield { sheet: name, part, row, cells: parseCells(buf.slice(tagEnd + 1, end)) };
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
