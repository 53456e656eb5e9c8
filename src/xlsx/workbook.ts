import ExcelJS from "exceljs";
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { chmod, mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import type { Fen } from "../domain/money.js";
import { toYuanNumber } from "../domain/money.js";
import { safeText } from "./safe-text.js";
import { SheetNames } from "./sheet-names.js";
import { STYLES, TEXT_COLUMN, type CellStyle } from "./styles.js";
import { stampZipEntries } from "./zip-entries.js";

// A thin layer over exceljs's streaming writer: every sheet is "title, note (单位:元), header,
// table" and print-ready; every text cell passes safeText; the bytes depend only on the content.

export interface Column {
  readonly header: string;
  readonly width: number;
  /** ID and account columns: text-formatted, so Excel never shows them as numbers. */
  readonly text?: boolean;
}

export interface Cell {
  readonly value: string | number | null;
  readonly style: CellStyle;
}

export const cell = {
  text: (value: string, style: CellStyle = STYLES.text): Cell => ({ value, style }),
  /** An ID number or a bank account: always a string cell with the text format. */
  id: (value: string): Cell => ({ value, style: STYLES.idText }),
  yuan: (amount: Fen, style: CellStyle = STYLES.amount): Cell => ({ value: toYuanNumber(amount), style }),
  integer: (value: number, style: CellStyle = STYLES.integer): Cell => ({ value, style }),
  percent: (value: number, style: CellStyle = STYLES.percent): Cell => ({ value, style }),
  blank: (style: CellStyle = STYLES.text): Cell => ({ value: null, style }),
};

/** Rows 1–3 (title, note, header) repeat on every printed page and stay frozen on screen. */
export const HEADER_ROWS = 3;
/** Check the sheet's zip buffer every this many rows (exceljs #734: no back-pressure). */
const DRAIN_EVERY = 1000;
const DRAIN_ABOVE = 4 * 1024 * 1024;

export interface SheetLayout {
  readonly title: string;
  /** The note under the title, right-aligned, usually 单位:元. */
  readonly note: string;
  readonly columns: readonly Column[];
}

/** Width in half-width characters: a CJK or full-width character counts two. */
export function displayWidth(text: string): number {
  let units = 0;
  for (const ch of text) units += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return units;
}

/**
 * Row height (points) for paragraphs wrapped in `width` column units, a little generous (a
 * character is ~5% wider than a column unit): Excel does not fit a merged cell's height itself.
 */
export function wrappedHeight(paragraphs: readonly string[], width: number, fontSize = 11): number {
  const perLine = (Math.max(1, width - 1) * 11) / (fontSize * 1.05);
  const lines = paragraphs.reduce((n, p) => n + Math.max(1, Math.ceil(displayWidth(p) / perLine)), 0);
  return Math.ceil(lines * fontSize * 1.6 + 4);
}

export class XlsxSheet {
  private rowNumber = 0;
  private sinceDrainCheck = 0;

  constructor(
    private readonly worksheet: ExcelJS.Worksheet,
    readonly name: string,
    readonly width: number,
    /** Σ of the column widths, in column units. */
    readonly widthUnits: number,
  ) {}

  /** Writes one row; `merges` are 1-based inclusive column ranges, the value sits in the first cell. */
  async add(cells: readonly Cell[], merges: ReadonlyArray<readonly [number, number]> = [], height?: number): Promise<void> {
    const number = ++this.rowNumber;
    const row = this.worksheet.getRow(number);
    if (height !== undefined) row.height = height;
    cells.forEach((c, i) => {
      const target = row.getCell(i + 1);
      if (c.value !== null) target.value = typeof c.value === "string" ? safeText(c.value) : c.value;
      target.style = c.style;
    });
    for (const [from, to] of merges) if (to > from) this.worksheet.mergeCells(number, from, number, to);
    row.commit();
    if (++this.sinceDrainCheck >= DRAIN_EVERY) {
      this.sinceDrainCheck = 0;
      await this.drain();
    }
  }

  /** A row of one text spanning the whole width (titles, notes, signature lines). */
  async line(text: string, style: CellStyle, height?: number): Promise<void> {
    const cells = [cell.text(text, style), ...Array.from({ length: this.width - 1 }, () => cell.blank(style))];
    await this.add(cells, [[1, this.width]], height);
  }

  /**
   * Paragraphs in one merged, wrapped cell across the whole width, its height fitted to the text:
   * one row cannot be split by a page break, so they print together.
   */
  async paragraphs(texts: readonly string[], style: CellStyle): Promise<void> {
    await this.line(texts.join("\n"), style, wrappedHeight(texts, this.widthUnits, style.font?.size ?? 11));
  }

  async blank(): Promise<void> {
    await this.add([]);
  }

  get rowCount(): number {
    return this.rowNumber;
  }

  commit(): void {
    this.worksheet.commit();
  }

  /** Waits while the zip side has more than a few MB of this sheet buffered (LIBRARIES.md). */
  private async drain(): Promise<void> {
    // The sheet's StreamBuf pipes into archiver's PassThrough (readable-stream 2: no writableLength).
    const pipes = (this.worksheet as unknown as { stream?: { pipes?: unknown[] } }).stream?.pipes;
    const target = pipes?.[0] as (NodeJS.EventEmitter & { writableLength?: number; _writableState?: { length?: number } }) | undefined;
    const buffered = target?.writableLength ?? target?._writableState?.length ?? 0;
    if (target && buffered > DRAIN_ABOVE) await once(target, "drain");
  }
}

export interface BookOptions {
  /** The run year: fixes the workbook's created/modified dates and the zip entry times. */
  readonly year: number;
  /** Full IDs or accounts inside: the file is created owner-readable only (POSIX). */
  readonly sensitive: boolean;
}

const PAGE_SETUP = {
  paperSize: 9, // A4
  orientation: "landscape",
  fitToPage: true,
  fitToWidth: 1,
  fitToHeight: 0,
  horizontalCentered: true,
  margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
  printTitlesRow: `1:${HEADER_ROWS}`,
} as const;
export const FOOTER = "第 &P 页 共 &N 页";

/**
 * exceljs's streaming writer drops pageSetup.horizontalCentered (it never writes <printOptions>):
 * write it ourselves, just before <pageMargins> where the schema puts it.
 */
function centerOnPage(worksheet: ExcelJS.Worksheet): void {
  const writer = worksheet as unknown as { _writePageMargins?: () => void; stream?: { write(xml: string): unknown } };
  const writeMargins = writer._writePageMargins?.bind(writer);
  if (!writeMargins || !writer.stream) return;
  writer._writePageMargins = () => {
    writer.stream?.write('<printOptions horizontalCentered="1"/>');
    writeMargins();
  };
}

export class XlsxBook {
  private current: XlsxSheet | undefined;
  private readonly names = new SheetNames();

  private constructor(
    private readonly path: string,
    private readonly options: BookOptions,
    private readonly stream: WriteStream,
    private readonly writer: ExcelJS.stream.xlsx.WorkbookWriter,
  ) {}

  static async create(path: string, options: BookOptions): Promise<XlsxBook> {
    await mkdir(dirname(path), { recursive: true });
    const stream = createWriteStream(path, options.sensitive ? { mode: 0o600 } : {});
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    const fixed = new Date(Date.UTC(options.year, 0, 1));
    writer.created = fixed;
    writer.modified = fixed;
    writer.creator = "payout";
    writer.lastModifiedBy = "payout";
    return new XlsxBook(path, options, stream, writer);
  }

  /**
   * Starts a sheet and writes its title, note and header rows. The previous sheet is committed
   * first: exceljs zips sheets in order, so an open earlier sheet would stall the drain wait.
   */
  async addSheet(wantedName: string, layout: SheetLayout): Promise<XlsxSheet> {
    this.current?.commit();
    const name = this.names.take(wantedName);
    const worksheet = this.writer.addWorksheet(name, {
      pageSetup: PAGE_SETUP,
      headerFooter: { oddFooter: FOOTER },
      views: [{ state: "frozen", xSplit: 0, ySplit: HEADER_ROWS, topLeftCell: `A${HEADER_ROWS + 1}`, activeCell: `A${HEADER_ROWS + 1}` }],
    });
    centerOnPage(worksheet);
    worksheet.columns = layout.columns.map((c) => (c.text ? { width: c.width, style: TEXT_COLUMN } : { width: c.width }));
    const widthUnits = layout.columns.reduce((n, c) => n + c.width, 0);
    const sheet = new XlsxSheet(worksheet, name, layout.columns.length, widthUnits);
    this.current = sheet;
    await sheet.line(layout.title, STYLES.title, 32);
    await sheet.line(layout.note, STYLES.noteRight);
    await sheet.add(
      layout.columns.map((c) => cell.text(c.header, STYLES.header)),
      [],
      22,
    );
    return sheet;
  }

  /** Finishes the file: commit, wait for the bytes on disk, fix the zip times, restrict access. */
  async close(): Promise<void> {
    this.current?.commit();
    this.current = undefined;
    await this.writer.commit();
    if (!this.stream.closed) await once(this.stream, "close");
    await stampZipEntries(this.path, Math.max(1980, this.options.year), 1, 1);
    if (this.options.sensitive && process.platform !== "win32") await chmod(this.path, 0o600);
  }
}
