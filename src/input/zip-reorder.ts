import { crc32 } from "node:zlib";
import type { ZipItem } from "./zip-directory.js";
import { centralRecord, endOfDirectory, localHeader, STORED, type ZipRecord } from "../xlsx/zip-records.js";

// exceljs's streaming reader parses a worksheet as it passes only when the workbook, its
// relationships and the shared strings came before it; otherwise it copies the worksheet into a
// temporary file and parses it at the end. Files written by SheetJS, by this tool (the sheet
// first, inline strings, no shared strings) and others come in that order: the copy costs time,
// leaves IDs and accounts in the temp directory if the run is killed, and under load it has
// failed outright. So an xlsx is handed to exceljs with its parts in reading order — raw entries
// copied, not recompressed — and an empty shared-strings part when it has none.

/** The parts exceljs must see before any worksheet, in this order. */
const FIRST = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml"];
const SHARED_STRINGS = "xl/sharedStrings.xml";
const EMPTY_SST = Buffer.from(
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>',
  "utf8",
);
const isWorksheet = (name: string): boolean => name.startsWith("xl/worksheets/");

function rank(name: string): number {
  const i = FIRST.indexOf(name);
  return i >= 0 ? i : isWorksheet(name) ? FIRST.length + 1 : FIRST.length;
}

/** Whether exceljs can stream the zip as it is: the FIRST parts present, each before every worksheet. */
function inReadingOrder(items: readonly ZipItem[]): boolean {
  const byOffset = [...items].sort((a, b) => a.localOffset - b.localOffset);
  if (!items.some((i) => i.name === SHARED_STRINGS)) return false;
  let seenSheet = false;
  for (const item of byOffset) {
    if (isWorksheet(item.name)) seenSheet = true;
    else if (seenSheet && FIRST.includes(item.name)) return false;
  }
  return true;
}

/** A stored (uncompressed) entry: its local record and its central directory record. */
function storedEntry(name: string, data: Buffer, offset: number): { local: Buffer; central: Buffer } {
  const record: ZipRecord = { name: Buffer.from(name, "utf8"), method: STORED, time: 0, date: 0, crc: crc32(data), compressed: data.length, size: data.length };
  return { local: Buffer.concat([localHeader(record), data]), central: centralRecord(record, offset) };
}

/**
 * The xlsx with the workbook, its relationships, shared strings (an empty part when there are
 * none) and styles ahead of the worksheets; the bytes unchanged when they already are.
 */
export function forStreaming(buf: Buffer, items: readonly ZipItem[]): Buffer {
  if (items.length === 0 || inReadingOrder(items)) return buf;
  const byOffset = [...items].sort((a, b) => a.localOffset - b.localOffset);
  // a loop, not Math.min(...): a hostile zip may list more entries than a call takes arguments
  const centralStart = items.reduce((min, i) => Math.min(min, i.centralOffset), Infinity);
  // an entry's local record runs to the next entry's (its data descriptor included)
  const extent = new Map<ZipItem, [number, number]>();
  byOffset.forEach((item, i) => extent.set(item, [item.localOffset, byOffset[i + 1]?.localOffset ?? centralStart]));
  const ordered = items.map((item, i) => ({ item, i })).sort((a, b) => rank(a.item.name) - rank(b.item.name) || a.i - b.i);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let position = 0;
  let sstAdded = items.some((i) => i.name === SHARED_STRINGS);
  for (const { item } of ordered) {
    if (!sstAdded && rank(item.name) > FIRST.indexOf(SHARED_STRINGS)) {
      const sst = storedEntry(SHARED_STRINGS, EMPTY_SST, position);
      locals.push(sst.local);
      centrals.push(sst.central);
      position += sst.local.length;
      sstAdded = true;
    }
    const [from, to] = extent.get(item) ?? [0, 0];
    locals.push(buf.subarray(from, to));
    const central = Buffer.from(buf.subarray(item.centralOffset, item.centralOffset + item.centralLength));
    central.writeUInt32LE(position, 42);
    centrals.push(central);
    position += to - from;
  }
  const directory = Buffer.concat(centrals);
  return Buffer.concat([...locals, directory, endOfDirectory(centrals.length, directory.length, position)]);
}
