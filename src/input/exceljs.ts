import { createRequire, Module } from "node:module";
import type * as ExcelJSModule from "exceljs";

// The one way to exceljs (lint forbids importing it anywhere else). exceljs 4.4.0's streaming XML
// reader (lib/utils/parse-sax.js) decodes every zip-entry chunk (64 KiB) on its own, so a Chinese
// character split across two chunks became "��" — silently ("前进村" read as "��进村"), in a
// sheet, sharedStrings.xml or workbook.xml alike. Before exceljs is first loaded, this module puts
// in Node's require cache the same parser with one UTF-8 decoder streaming across the chunks.

const requireHere = createRequire(import.meta.url);
const PARSE_SAX = requireHere.resolve("exceljs/lib/utils/parse-sax.js");
const requireBesideIt = createRequire(PARSE_SAX);
const FIXED = Symbol.for("payout.exceljs.parse-sax.utf8-across-chunks");

type SaxEvent = { eventType: "opentag" | "text" | "closetag"; value: unknown };
interface Saxes {
  on(event: "error", handler: (err: Error) => void): void;
  on(event: SaxEvent["eventType"], handler: (value: unknown) => void): void;
  write(text: string): void;
}

/** exceljs's parse-sax, except that a character split between two chunks is decoded whole. */
async function* parseSax(input: AsyncIterable<string | Uint8Array> | (NodeJS.ReadableStream & { pipe: unknown })): AsyncGenerator<SaxEvent[]> {
  const { SaxesParser } = requireBesideIt("saxes") as { SaxesParser: new () => Saxes };
  const { PassThrough } = requireBesideIt("readable-stream") as { PassThrough: new () => NodeJS.ReadWriteStream };
  let iterable = input as AsyncIterable<string | Uint8Array>;
  if ("pipe" in input && !(Symbol.asyncIterator in input)) iterable = (input as NodeJS.ReadableStream).pipe(new PassThrough()) as unknown as AsyncIterable<Uint8Array>;
  const parser = new SaxesParser();
  let error: Error | undefined;
  parser.on("error", (err) => (error = err));
  let events: SaxEvent[] = [];
  for (const eventType of ["opentag", "text", "closetag"] as const) parser.on(eventType, (value) => events.push({ eventType, value }));
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of iterable) {
    parser.write(typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true }));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.decode();
  if (rest !== "") {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}
Object.defineProperty(parseSax, FIXED, { value: true });

const cached = requireHere.cache[PARSE_SAX];
if (cached === undefined) {
  const fixed = new Module(PARSE_SAX);
  fixed.filename = PARSE_SAX;
  fixed.exports = parseSax;
  fixed.loaded = true;
  requireHere.cache[PARSE_SAX] = fixed;
} else if ((cached.exports as Record<symbol, unknown>)[FIXED] !== true) {
  throw new Error("exceljs was loaded before src/input/exceljs.ts: import exceljs only through that module, or Chinese text split between two 64 KiB chunks reads as \"��\"");
}

// exceljs takes a workbook for the 1904 date system only when workbookPr says date1904="1"; the
// schema's boolean is also "true", which LibreOffice writes. Read as 1900-based, every date of such
// a workbook came out 1,462 days (four years and a day) early — silently. Both spellings count now.
interface WorkbookPropertiesXform {
  model?: { date1904?: boolean };
  parseOpen(node: { name: string; attributes: Record<string, string | undefined> }): boolean;
}
const PROPERTIES = requireHere("exceljs/lib/xlsx/xform/book/workbook-properties-xform.js") as { prototype: WorkbookPropertiesXform };
const parseOpen = PROPERTIES.prototype.parseOpen;
if (!(parseOpen as unknown as Record<symbol, unknown>)[FIXED]) {
  const fixedOpen = function (this: WorkbookPropertiesXform, node: Parameters<WorkbookPropertiesXform["parseOpen"]>[0]): boolean {
    const open = parseOpen.call(this, node);
    const value = node.attributes.date1904?.trim().toLowerCase();
    if (open && this.model) this.model.date1904 = value === "1" || value === "true";
    return open;
  };
  Object.defineProperty(fixedOpen, FIXED, { value: true });
  PROPERTIES.prototype.parseOpen = fixedOpen;
}

const ExcelJS = requireHere("exceljs") as typeof ExcelJSModule;
export default ExcelJS;
