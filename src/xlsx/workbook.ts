import { chmod } from "node:fs/promises";
import { dirname } from "node:path";
import type { Fen } from "../domain/money.js";
import { toYuanNumber } from "../domain/money.js";
import { makeFolder } from "../make-folder.js";
import { appPropsXml, contentTypesXml, corePropsXml, rootRelsXml, sheetPath, workbookRelsXml, workbookXml, type SheetEntry } from "./package-parts.js";
import { continuationName, SheetNames } from "./sheet-names.js";
import { StyleSheet } from "./style-sheet.js";
import { columnLetters, SheetXml, type PrintSetup } from "./sheet-xml.js";
import { STYLES, TEXT_COLUMN, type CellStyle } from "./styles.js";
import { ZipWriter } from "./zip-writer.js";
import { PagePlanner } from "./paginate.js";

// The workbook writer: every sheet is "title, note (单位:元), header, table" and print-ready; every
// text cell passes safeText; the bytes depend only on the content. Our own SpreadsheetML (inline
// strings, one shared styles.xml) streamed into our own zip writer: a fraction of exceljs's CPU
// time on this machine, and deterministic by construction (LIBRARIES.md).

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
/** Heights (points) of the title and header rows, and of a row written without a height. */
export const TITLE_HEIGHT = 32;
export const HEADER_HEIGHT = 22;
export const DEFAULT_ROW_HEIGHT = 15;
/** 制表人/审核人/负责人/日期: the line a section chief signs under every sheet that is signed. */
export const SIGNATURE_LINE = "制表人:　　　　　　　　审核人:　　　　　　　　负责人:　　　　　　　　日期:　　　　年　　月　　日";
/** Room to sign by hand. */
export const SIGNATURE_HEIGHT = 36;
/** Excel's limit of rows in one sheet: a longer table continues on a sheet named …(续). */
export const EXCEL_MAX_ROWS = 1_048_576;

export type Paper = "A4" | "A3";
export type Orientation = "portrait" | "landscape";

/** How a sheet prints. Without `scale` it is fitted to the page width. */
export interface PrintLayout {
  readonly paper?: Paper;
  readonly orientation?: Orientation;
  /** A fixed zoom in percent: manual page breaks (XlsxSheet.pageBreak) hold only without fit-to-page. */
  readonly scale?: number;
  /**
   * Managed pages: printed at the fixed scale that fits the width (scaleToWidth), with page breaks
   * planned from the row heights as rows are written, so signature() prints with the last rows.
   */
  readonly paginate?: boolean;
}

export interface SheetLayout {
  readonly title: string;
  /** The note under the title, right-aligned, usually 单位:元. */
  readonly note: string;
  readonly columns: readonly Column[];
  readonly print?: PrintLayout;
  /**
   * Paragraphs between the title and the note (a notice's preamble), in one merged row. The title
   * and preamble then print once; the note and header rows repeat on every page.
   */
  readonly preamble?: readonly string[];
}

/** A plain table: the header on row 1, frozen, optionally with filter buttons. */
export interface TableLayout {
  readonly columns: readonly Column[];
  readonly autoFilter?: boolean;
}

/** A listing's title lines: its own style, so the shared styles (and every other workbook) stay as they are. */
const LISTING_TITLE: CellStyle = { font: { name: "宋体", size: 14, bold: true }, alignment: { horizontal: "center", vertical: "middle" } };

const PAPER_CODE: Record<Paper, number> = { A4: 9, A3: 8 };
/** Paper sizes in points, portrait. */
const PAPER_POINTS: Record<Paper, { readonly width: number; readonly height: number }> = { A4: { width: 595.3, height: 841.9 }, A3: { width: 841.9, height: 1190.6 } };
/** Page margins in inches (the same on every sheet). */
export const MARGINS = { left: 0.4, right: 0.4, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 } as const;

/**
 * A column's printed width in points, on the wide side: Excel with Calibri prints a unit as 7 px
 * (5.25 pt), LibreOffice without Calibri falls back to a wider font (~7 pt a unit). A sheet scaled
 * to fit by this measure fits the page in both.
 */
export function columnPoints(width: number): number {
  return width * 7 + 4;
}

/** The printable area of a page in points, for a paper and orientation. */
export function printableArea(paper: Paper, orientation: Orientation): { width: number; height: number } {
  const p = PAPER_POINTS[paper];
  const [w, h] = orientation === "portrait" ? [p.width, p.height] : [p.height, p.width];
  return { width: w - (MARGINS.left + MARGINS.right) * 72, height: h - (MARGINS.top + MARGINS.bottom) * 72 };
}

/** The largest whole-percent zoom (≤ 100) at which the columns fit the page width. */
export function scaleToWidth(columns: readonly Column[], paper: Paper, orientation: Orientation): number {
  const needed = columns.reduce((n, c) => n + columnPoints(c.width), 0);
  return Math.max(10, Math.min(100, Math.floor((printableArea(paper, orientation).width / needed) * 100)));
}
export const FOOTER = "第 &P 页 共 &N 页";

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

type Merges = ReadonlyArray<readonly [number, number]>;
interface Row {
  readonly cells: readonly Cell[];
  readonly merges: Merges;
  readonly height: number | undefined;
}

/** What a sheet needs to start over on a continuation sheet: its columns, print set-up and top rows. */
interface SheetPlan {
  readonly columns: readonly Column[];
  readonly titleRows: number;
  /** The first of the title rows repeated on each printed page (1 unless a preamble prints once). */
  readonly repeatFrom: number;
  readonly print: PrintSetup;
  readonly autoFilter: boolean;
  /** With managed pages: the printable height of a page, in points of the sheet at its scale. */
  readonly pageHeight?: number | undefined;
}

const DONE = Promise.resolve();

export class XlsxSheet {
  private rowNumber = 0;
  private part: SheetXml;
  private continuations = 0;
  /** The title rows as written, repeated at the top of a continuation sheet. */
  private readonly titleRows: Row[] = [];
  /** Managed pages: the breaks planned as rows are written (PrintLayout.paginate). */
  private pages: PagePlanner | undefined;

  /** @internal created by XlsxBook */
  constructor(
    private readonly book: XlsxBook,
    /** The name of the sheet being written (a continuation's own name once the table continues). */
    public name: string,
    private readonly plan: SheetPlan,
    private readonly rowLimit: number,
    part: SheetXml,
  ) {
    this.part = part;
    this.pages = plan.pageHeight === undefined ? undefined : new PagePlanner(plan.pageHeight);
  }

  get width(): number {
    return this.plan.columns.length;
  }

  /** Σ of the column widths, in column units. */
  get widthUnits(): number {
    return this.plan.columns.reduce((n, c) => n + c.width, 0);
  }

  /** Writes one row; `merges` are 1-based inclusive column ranges, the value sits in the first cell. */
  add(cells: readonly Cell[], merges: Merges = [], height?: number): Promise<void> {
    if (this.titleRows.length < this.plan.titleRows) this.titleRows.push({ cells, merges, height });
    else if (this.rowNumber >= this.rowLimit) return this.continueThenAdd(cells, merges, height);
    return this.write(cells, merges, height);
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

  /**
   * The rows written from now on (the 合计 and what follows it) print on the page of the signature:
   * with managed pages, signature() moves them to a new page with it rather than print it alone.
   * Without this call the last row goes with the signature.
   */
  keepWithSignature(): void {
    this.pages?.keepWithNext();
  }

  /** A blank row, then the signature line (制表人/审核人/负责人/日期), never alone on a page with managed pages. */
  async signature(): Promise<void> {
    this.pages?.keepBlock(DEFAULT_ROW_HEIGHT + SIGNATURE_HEIGHT);
    await this.blank();
    await this.line(SIGNATURE_LINE, STYLES.noteLeft, SIGNATURE_HEIGHT);
  }

  /** A manual page break after the last row written (held only on a sheet printed at a fixed scale, without managed pages). */
  pageBreak(): void {
    if (this.pages) throw new Error("xlsx: pageBreak() on a sheet with managed pages");
    if (this.rowNumber > 0) this.part.pageBreak(this.rowNumber);
  }

  get rowCount(): number {
    return this.rowNumber;
  }

  /** @internal finishes the sheet's XML. */
  async end(): Promise<void> {
    const filter = this.plan.autoFilter && this.rowNumber > 0 ? `A1:${columnLetters(this.width - 1)}${this.rowNumber}` : undefined;
    if (filter) this.part.setFilter(filter);
    for (const r of this.pages?.breaks ?? []) this.part.pageBreak(r);
    this.book.endPart(filter);
    await this.part.end();
  }

  private write(cells: readonly Cell[], merges: Merges, height: number | undefined): Promise<void> {
    const r = ++this.rowNumber;
    if (this.pages) {
      if (r <= this.plan.titleRows) this.pages.top(r, height ?? DEFAULT_ROW_HEIGHT, r >= this.plan.repeatFrom);
      else this.pages.row(r, height ?? DEFAULT_ROW_HEIGHT);
    }
    return this.part.row(r, cells, merges, height) ?? DONE;
  }

  /** Excel's row limit reached: the table goes on in a new sheet …(续), under the same title rows. */
  private async continueThenAdd(cells: readonly Cell[], merges: Merges, height: number | undefined): Promise<void> {
    await this.end();
    this.continuations++;
    this.name = this.book.takeName(continuationName(this.book.baseNameOf(this), this.continuations));
    this.part = await this.book.startPart(this.name, this.plan);
    this.rowNumber = 0;
    if (this.plan.pageHeight !== undefined) this.pages = new PagePlanner(this.plan.pageHeight);
    for (const t of this.titleRows) await this.write(t.cells, t.merges, t.height);
    await this.write(cells, merges, height);
  }
}

export interface BookOptions {
  /** The run year: fixes the workbook's created/modified dates and the zip entry times. */
  readonly year: number;
  /** Full IDs or accounts inside: the file is created owner-readable only (POSIX). */
  readonly sensitive: boolean;
  /** Rows per sheet before a table continues on a …(续) sheet (Excel's limit; smaller in tests). */
  readonly rowLimit?: number;
}

/** PAYOUT_SHEET_ROWS lowers the row limit, so tests can make a township overflow a sheet. */
function rowLimitOf(options: BookOptions): number {
  const fromEnv = Number(process.env.PAYOUT_SHEET_ROWS);
  const wanted = options.rowLimit ?? (Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : EXCEL_MAX_ROWS);
  return Math.min(EXCEL_MAX_ROWS, Math.max(HEADER_ROWS + 2, wanted));
}

/**
 * Deflate level 1: a third less CPU than zip's default 6 for files ~30% larger (about the size
 * exceljs wrote), measured on a 200,000-row township sheet.
 */
const COMPRESSION = 1;

export class XlsxBook {
  private current: XlsxSheet | undefined;
  private readonly names = new SheetNames();
  private readonly styles = new StyleSheet();
  private readonly entries: SheetEntry[] = [];
  private readonly bases = new WeakMap<XlsxSheet, string>();

  private constructor(
    private readonly path: string,
    private readonly options: BookOptions,
    private readonly zip: ZipWriter,
  ) {}

  static async create(path: string, options: BookOptions): Promise<XlsxBook> {
    await makeFolder(dirname(path));
    const zip = await ZipWriter.create(path, {
      level: COMPRESSION,
      stamp: { year: Math.max(1980, options.year), month: 1, day: 1 },
      ...(options.sensitive ? { mode: 0o600 } : {}),
    });
    return new XlsxBook(path, options, zip);
  }

  /**
   * Starts a sheet and writes its title, note and header rows; the previous sheet is finished
   * first (sheets are zip entries written one after another).
   */
  async addSheet(wantedName: string, layout: SheetLayout): Promise<XlsxSheet> {
    const preamble = layout.preamble ?? [];
    const titleRows = HEADER_ROWS + (preamble.length > 0 ? 1 : 0);
    const sheet = await this.start(wantedName, layout.columns, titleRows, layout.print, false, preamble.length > 0 ? titleRows - 1 : 1);
    await sheet.line(layout.title, STYLES.title, TITLE_HEIGHT);
    if (preamble.length > 0) await sheet.paragraphs(preamble, STYLES.paragraphs);
    await sheet.line(layout.note, STYLES.noteRight, preamble.length > 0 ? DEFAULT_ROW_HEIGHT : undefined);
    await sheet.add(
      layout.columns.map((c) => cell.text(c.header, STYLES.header)),
      [],
      HEADER_HEIGHT,
    );
    return sheet;
  }

  /** Starts a plain table: the header on row 1, frozen and repeated on each printed page, optional filters. */
  async addTable(wantedName: string, layout: TableLayout): Promise<XlsxSheet> {
    const sheet = await this.start(wantedName, layout.columns, 1, undefined, layout.autoFilter ?? false);
    await sheet.add(
      layout.columns.map((c) => cell.text(c.header, STYLES.header)),
      [],
      22,
    );
    return sheet;
  }

  /**
   * A list for another system to import (a bank's or a 一卡通 platform's template): the given title
   * lines, each one text across the width, then the header; all of them frozen and repeated on print.
   */
  async addListing(wantedName: string, layout: TableLayout & { readonly titles: readonly string[] }): Promise<XlsxSheet> {
    const sheet = await this.start(wantedName, layout.columns, layout.titles.length + 1, undefined, false);
    for (const title of layout.titles) await sheet.line(title, LISTING_TITLE);
    await sheet.add(layout.columns.map((c) => cell.text(c.header, STYLES.header)), [], 22);
    return sheet;
  }

  /** Finishes the file: the last sheet, styles and package parts, then waits for the bytes on disk. */
  async close(): Promise<void> {
    await this.current?.end();
    this.current = undefined;
    const sheets = this.entries.length;
    const parts: Array<[string, string]> = [
      ["[Content_Types].xml", contentTypesXml(sheets)],
      ["_rels/.rels", rootRelsXml()],
      ["docProps/app.xml", appPropsXml()],
      ["docProps/core.xml", corePropsXml(new Date(Date.UTC(this.options.year, 0, 1)))],
      ["xl/workbook.xml", workbookXml(this.entries)],
      ["xl/_rels/workbook.xml.rels", workbookRelsXml(sheets)],
      ["xl/styles.xml", this.styles.xml()],
    ];
    for (const [name, xml] of parts) await this.zip.addBuffer(name, Buffer.from(xml, "utf8"));
    await this.zip.close();
    if (this.options.sensitive && process.platform !== "win32") await chmod(this.path, 0o600);
  }

  /** @internal */
  async startPart(name: string, plan: SheetPlan): Promise<SheetXml> {
    const sink = await this.zip.entry(sheetPath(this.entries.length));
    this.entries.push({ name, titleRows: plan.titleRows, repeatFrom: plan.repeatFrom === 1 ? undefined : plan.repeatFrom });
    return new SheetXml(
      this.styles,
      { widths: plan.columns.map((c) => c.width), columnStyles: plan.columns.map((c) => (c.text ? TEXT_COLUMN : undefined)), frozenRows: plan.titleRows, print: plan.print },
      sink,
    );
  }

  /** @internal records the finished sheet's filter range. */
  endPart(filter: string | undefined): void {
    const last = this.entries.length - 1;
    const entry = this.entries[last];
    if (entry && filter) this.entries[last] = { ...entry, filter };
  }

  /** @internal */
  takeName(wanted: string): string {
    return this.names.take(wanted);
  }

  /** @internal */
  baseNameOf(sheet: XlsxSheet): string {
    return this.bases.get(sheet) ?? sheet.name;
  }

  private async start(wantedName: string, columns: readonly Column[], titleRows: number, print: PrintLayout | undefined, autoFilter: boolean, repeatFrom = 1): Promise<XlsxSheet> {
    await this.current?.end();
    const name = this.names.take(wantedName);
    const paper = print?.paper ?? "A4";
    const orientation = print?.orientation ?? "landscape";
    const scale = print?.scale ?? (print?.paginate ? scaleToWidth(columns, paper, orientation) : undefined);
    const plan: SheetPlan = {
      columns,
      titleRows,
      repeatFrom,
      autoFilter,
      pageHeight: print?.paginate && scale !== undefined ? (printableArea(paper, orientation).height * 100) / scale : undefined,
      print: {
        paperSize: PAPER_CODE[paper],
        orientation,
        scale,
        widthHint: print?.paginate === true,
        footer: FOOTER,
        margins: MARGINS,
      },
    };
    const sheet = new XlsxSheet(this, name, plan, rowLimitOf(this.options), await this.startPart(name, plan));
    this.bases.set(sheet, name);
    this.current = sheet;
    return sheet;
  }
}
