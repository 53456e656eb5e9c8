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

const CELL = /<c r="([A-Z]+)\d+"([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;

function parseCells(rowXml: string): ReadCell[] {
  const cells: ReadCell[] = [];
  for (const m of rowXml.matchAll(CELL)) {
    const body = m[3];
    if (body === undefined) continue;
    const type = /\bt="(\w+)"/.exec(m[2] ?? "")?.[1] ?? "n";
    let value: ReadCell;
    if (type === "inlineStr") {
      value = unescapeExcel(unescapeXml([...body.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1] ?? "").join("")));
    } else {
      const v = /<v>([^<]*)<\/v>/.exec(body)?.[1];
      if (v === undefined) continue;
      if (type === "s") throw new Error("shared strings are not expected in this tool's workbooks");
      value = type === "n" ? Number(v) : unescapeXml(v);
    }
    cells[columnIndex(m[1] ?? "A")] = value;
  }
  return cells;
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
        const row = Number(/\br="(\d+)"/.exec(buf.slice(start, tagEnd))?.[1] ?? 0);
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
