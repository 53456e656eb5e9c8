import { putBytes, putDigits, putUtf8 } from "./bytes.js";
import { safeText } from "./safe-text.js";
import type { StyleSheet } from "./style-sheet.js";
import type { CellStyle } from "./styles.js";
import { escapeText, needsPreserve } from "./xml-text.js";
import type { ZipEntrySink } from "./zip-writer.js";

// One worksheet's XML, written as it goes into its zip entry: head (views, columns),
// rows, then merges, filter and print set-up. Inline strings, so nothing is kept per cell.

export interface CellValue {
  readonly value: string | number | null;
  readonly style: CellStyle;
}

export interface PrintSetup {
  /** Excel's paperSize code: 9 = A4, 8 = A3. */
  readonly paperSize: number;
  readonly orientation: "portrait" | "landscape";
  /** A fixed zoom in percent; without it the sheet is fitted to the page width. */
  readonly scale?: number | undefined;
  /**
   * With a scale: also record "1 page wide" (fitToWidth="1" fitToHeight="0") for Excel's Fit-to option;
   * without fitToPage it stays inactive, so the scale and the manual breaks hold.
   */
  readonly widthHint?: boolean | undefined;
  readonly footer: string;
  readonly margins: { readonly left: number; readonly right: number; readonly top: number; readonly bottom: number; readonly header: number; readonly footer: number };
}

export interface SheetHead {
  readonly widths: readonly number[];
  /** Per column: the style of empty cells typed into it later (text format for IDs), or undefined. */
  readonly columnStyles: ReadonlyArray<CellStyle | undefined>;
  /** Rows frozen at the top. */
  readonly frozenRows: number;
  readonly print: PrintSetup;
}

/**
 * A cell's markup around its row number and value, as bytes (the markup is ASCII):
 * `${open}${row}${empty}`, `${open}${row}${number}1</v></c>`, `${open}${row}${text}…</t></is></c>`.
 */
interface CellMarkup {
  /** `<c r="` and the column's letters. */
  readonly open: Buffer;
  readonly empty: Buffer;
  readonly number: Buffer;
  readonly text: Buffer;
  readonly preserved: Buffer;
  /** The most bytes the markup of a cell takes, its row number (up to 16 digits) and end included. */
  readonly most: number;
}

/** Our own markup: ASCII, one byte per character. */
const ascii = (text: string): Buffer => Buffer.from(text, "latin1");
const ROW_OPEN = ascii('<row r="');
const ROW_OPENED = ascii('">');
const ROW_END = ascii("</row>");
const NUMBER_END = ascii("</v></c>");
const TEXT_END = ascii("</t></is></c>");
/** The most digits of a row number or an integer written with putDigits (a safe integer). */
const DIGITS = 16;

/**
 * A cell up to its value: `<c r="` with the column's letters, the row's digits, the markup after the
 * reference (and a row's opening tag the same way). One call per cell (TurboFan inlines little into
 * row() after the roster is read, jit.ts).
 */
function putCellHead(buffer: Buffer, at: number, open: Buffer, digits: Uint8Array, nd: number, markup: Buffer): number {
  for (let i = 0; i < open.length; i++) buffer[at++] = open[i] as number;
  for (let i = 0; i < nd; i++) buffer[at++] = digits[i] as number;
  for (let i = 0; i < markup.length; i++) buffer[at++] = markup[i] as number;
  return at;
}

/** Column letters for the first columns (A, B, … AZ …), computed once. */
const LETTERS: string[] = [];
export function columnLetters(index: number): string {
  let letters = LETTERS[index];
  if (letters === undefined) {
    let n = index + 1;
    letters = "";
    while (n > 0) {
      const r = (n - 1) % 26;
      letters = String.fromCharCode(65 + r) + letters;
      n = Math.floor((n - 1) / 26);
    }
    LETTERS[index] = letters;
  }
  return letters;
}

/** The XML is encoded row by row into a buffer of this size, handed to the zip entry when full. */
const CHUNK_BYTES = 1 << 18;
const WORKSHEET_OPEN =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';

const num = (n: number): string => String(Math.round(n * 1000) / 1000);

function mergedStyles(cells: readonly CellValue[], merges: ReadonlyArray<readonly [number, number]>): Array<CellStyle | undefined> {
  const styles: Array<CellStyle | undefined> = [];
  for (const [from, to] of merges) {
    const first = cells[from - 1]?.style;
    for (let col = from; col < to; col++) styles[col] = first;
  }
  return styles;
}

export class SheetXml {
  /** UTF-8 of the rows written since the last flush: each row is encoded once, into place. */
  private chunk: Buffer;
  private used = 0;
  /** The zip entry's back-pressure met while writing the current row (see room). */
  private waited: Promise<void> | undefined;
  /** The current row's number in digits, written into each of its cells' references. */
  private readonly rowDigits = new Uint8Array(DIGITS);
  private readonly merges: string[] = [];
  private readonly breaks: number[] = [];
  private filter: string | undefined;
  /** Per style: the markup after a cell's reference (its style id, its kind). */
  private readonly markups = new Map<CellStyle, CellMarkup>();
  /** Per column: the style of its last cell and that cell's markup. */
  private readonly lastStyles: Array<CellStyle | undefined> = [];
  private readonly lastMarkup: CellMarkup[] = [];

  constructor(
    private readonly styles: StyleSheet,
    private readonly head: SheetHead,
    private readonly sink: ZipEntrySink,
    /** The chunk's size (tests cut the XML into small pieces). */
    private readonly chunkBytes = CHUNK_BYTES,
  ) {
    this.chunk = Buffer.allocUnsafe(chunkBytes);
    const frozen = head.frozenRows;
    const pane =
      frozen > 0
        ? `<pane ySplit="${frozen}" topLeftCell="A${frozen + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A${frozen + 1}" sqref="A${frozen + 1}"/>`
        : "";
    const cols = head.widths
      .map((w, i) => {
        const style = head.columnStyles[i];
        return `<col min="${i + 1}" max="${i + 1}" width="${num(w)}"${style ? ` style="${styles.id(style)}"` : ""} customWidth="1"/>`;
      })
      .join("");
    const fit = head.print.scale === undefined ? "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>" : "";
    this.append(
      `${WORKSHEET_OPEN}${fit}<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews>` +
      `<sheetFormatPr defaultRowHeight="15"/>${cols ? `<cols>${cols}</cols>` : ""}<sheetData>`,
    );
  }

  /**
   * Writes row `r` (1-based); `merges` are 1-based inclusive column ranges within it. The row is
   * encoded into the chunk as it goes, markup and values alike: no string of the row is built (at a
   * million rows those strings, and their flattening to be encoded, were ~2.5 GB of this thread's
   * allocations, each 16 MB a young-generation collection that also walks every old-generation page).
   */
  row(r: number, cells: readonly CellValue[], merges: ReadonlyArray<readonly [number, number]>, height: number | undefined): Promise<void> | undefined {
    if (cells.length === 0 && height === undefined) return undefined;
    this.waited = undefined;
    const digits = this.rowDigits;
    const nd = putDigits(digits, 0, r);
    if (height === undefined) {
      this.room(ROW_OPEN.length + DIGITS + ROW_OPENED.length);
      this.used = putCellHead(this.chunk, this.used, ROW_OPEN, digits, nd, ROW_OPENED);
    } else {
      const open = `<row r="${r}" ht="${num(height)}" customHeight="1">`;
      this.room(open.length);
      this.used += this.chunk.write(open, this.used, "latin1");
    }
    // the cells a merge covers take its first cell's style, so its borders and font are whole
    const merged = merges.length === 0 ? undefined : mergedStyles(cells, merges);
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i];
      if (c === undefined) continue;
      const style = merged?.[i] ?? c.style;
      const m = style === this.lastStyles[i] ? (this.lastMarkup[i] as CellMarkup) : this.markupAt(i, style);
      const v = c.value;
      if (v === null || v === "") {
        this.room(m.most);
        this.used = putCellHead(this.chunk, this.used, m.open, digits, nd, m.empty);
      } else if (typeof v === "number") {
        if (!Number.isFinite(v)) throw new Error(`xlsx: a cell value is not a finite number (${columnLetters(i)}${r})`);
        // an integer's digits are written as they are; any other number as JavaScript prints it (ASCII)
        const printed = Number.isSafeInteger(v) && v >= 0 ? undefined : String(v);
        this.room(m.most + (printed?.length ?? DIGITS));
        let at = putCellHead(this.chunk, this.used, m.open, digits, nd, m.number);
        at = printed === undefined ? putDigits(this.chunk, at, v) : at + this.chunk.write(printed, at, "latin1");
        this.used = putBytes(this.chunk, at, NUMBER_END);
      } else {
        const text = safeText(v);
        const escaped = escapeText(text);
        this.room(m.most + escaped.length * 3);
        const at = putCellHead(this.chunk, this.used, m.open, digits, nd, needsPreserve(text) ? m.preserved : m.text);
        this.used = putBytes(this.chunk, putUtf8(this.chunk, at, escaped), TEXT_END);
      }
    }
    for (const [from, to] of merges) if (to > from) this.merges.push(`${columnLetters(from - 1)}${r}:${columnLetters(to - 1)}${r}`);
    this.room(ROW_END.length);
    this.used = putBytes(this.chunk, this.used, ROW_END);
    return this.waited;
  }

  /**
   * The markup of column `i` in `style`, remembered for the column's next cell (a table's column
   * keeps its style row after row). The style's id is taken on its first use, as before.
   */
  private markupAt(i: number, style: CellStyle): CellMarkup {
    let m = this.markups.get(style);
    if (m === undefined) {
      const s = `" s="${this.styles.id(style)}"`;
      const preserved = ascii(`${s} t="inlineStr"><is><t xml:space="preserve">`);
      m = { open: Buffer.alloc(0), empty: ascii(`${s}/>`), number: ascii(`${s}><v>`), text: ascii(`${s} t="inlineStr"><is><t>`), preserved, most: DIGITS + preserved.length + TEXT_END.length };
      this.markups.set(style, m);
    }
    const open = ascii(`<c r="${columnLetters(i)}`);
    const column = { ...m, open, most: m.most + open.length };
    this.lastStyles[i] = style;
    this.lastMarkup[i] = column;
    return column;
  }

  /** A manual page break after row `r`. */
  pageBreak(r: number): void {
    if (this.breaks[this.breaks.length - 1] !== r) this.breaks.push(r);
  }

  setFilter(ref: string): void {
    this.filter = ref;
  }

  /** Closes the sheet's XML: merges, filter, print set-up, footer, page breaks. */
  async end(): Promise<void> {
    const p = this.head.print;
    const m = p.margins;
    let tail = "</sheetData>";
    if (this.filter) tail += `<autoFilter ref="${this.filter}"/>`;
    if (this.merges.length) tail += `<mergeCells count="${this.merges.length}">${this.merges.map((ref) => `<mergeCell ref="${ref}"/>`).join("")}</mergeCells>`;
    tail += '<printOptions horizontalCentered="1"/>';
    tail += `<pageMargins left="${m.left}" right="${m.right}" top="${m.top}" bottom="${m.bottom}" header="${m.header}" footer="${m.footer}"/>`;
    const size = p.scale === undefined ? 'fitToWidth="1" fitToHeight="0"' : `scale="${p.scale}"${p.widthHint ? ' fitToWidth="1" fitToHeight="0"' : ""}`;
    tail += `<pageSetup paperSize="${p.paperSize}" orientation="${p.orientation}" ${size}/>`;
    tail += `<headerFooter><oddFooter>${escapeText(p.footer)}</oddFooter></headerFooter>`;
    if (this.breaks.length) {
      tail += `<rowBreaks count="${this.breaks.length}" manualBreakCount="${this.breaks.length}">${this.breaks.map((r) => `<brk id="${r}" max="16383" man="1"/>`).join("")}</rowBreaks>`;
    }
    await this.append(`${tail}</worksheet>`);
    await this.flush();
    await this.sink.end();
  }

  /**
   * Makes room for `bytes` more in the chunk, first handing a full chunk to the zip entry; the
   * entry's back-pressure, if any, is kept in `waited` for the caller to return.
   */
  private room(bytes: number): void {
    if (this.used + bytes <= this.chunk.length) return;
    const waited = this.flush();
    // a second flush within one row (a row over a chunk) is waited for with the first: neither is dropped unobserved
    if (waited) this.waited = this.waited ? Promise.all([this.waited, waited]).then(() => undefined) : waited;
    if (bytes > this.chunk.length) this.chunk = Buffer.allocUnsafe(bytes);
  }

  /**
   * Encodes `xml` into the chunk (a UTF-8 character takes at most 3 bytes per UTF-16 unit); the
   * returned promise is the entry's back-pressure.
   */
  private append(xml: string): Promise<void> | undefined {
    this.waited = undefined;
    this.room(xml.length * 3);
    this.used += this.chunk.write(xml, this.used, "utf8");
    return this.waited;
  }

  private flush(): Promise<void> | undefined {
    if (this.used === 0) return undefined;
    const full = this.chunk.subarray(0, this.used);
    // the zip entry keeps the bytes until deflated: the next rows go into a new chunk
    this.chunk = Buffer.allocUnsafe(Math.max(this.chunkBytes, this.chunk.length));
    this.used = 0;
    return this.sink.write(full);
  }
}
