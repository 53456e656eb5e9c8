// Manual page breaks for a sheet printed at a fixed scale: rows are grouped into units that must
// stay on one page (a notice's last row with the closing block), and a break goes before any unit
// that would overflow. Every page then holds what was measured, so the printer adds no break of its own.

/** Of the page's height, what is planned: leaves room for a renderer's rounding of row heights. */
const SAFETY = 0.95;

export interface PageFrame {
  /** Printable height of a page, in points of the sheet (already divided by the print scale). */
  readonly pageHeight: number;
  /** Height of the rows above the first unit on page 1 (title, preamble, note, header). */
  readonly firstPageTop: number;
  /** Height of the rows repeated on every later page (print titles). */
  readonly repeatedTop: number;
}

/** Indices of the units before which a page break goes. A unit taller than a page gets its own pages. */
export function breaksBefore(units: readonly number[], frame: PageFrame): number[] {
  const limit = frame.pageHeight * SAFETY;
  const breaks: number[] = [];
  let used = frame.firstPageTop;
  let onPage = 0;
  units.forEach((height, i) => {
    if (onPage > 0 && used + height > limit) {
      breaks.push(i);
      used = frame.repeatedTop;
      onPage = 0;
    }
    used += height;
    onPage++;
  });
  return breaks;
}

/** Which page each unit lands on (0-based), given the breaks: for tests and checks. */
export function pageOfUnits(count: number, breaks: readonly number[]): number[] {
  const pages: number[] = [];
  let page = 0;
  for (let i = 0; i < count; i++) {
    if (breaks.includes(i)) page++;
    pages.push(page);
  }
  return pages;
}

/**
 * Excel keeps at most 1,023 manual row breaks a sheet (MS-XLSB BrtBeginRwBrk): a longer table keeps the
 * breaks of its last pages, where the signature is; the printer paginates the pages before them itself.
 */
export const MAX_ROW_BREAKS = 1000;
/** Rows remembered after keepWithNext(): more than a page never travels with a signature anyway. */
const MAX_KEPT = 400;

/** Rows before the kept ones that go with them to a new page, so a 合计 never opens a page alone. */
const LEAD_ROWS = 2;

/**
 * Page breaks planned while a table is streamed: each row's height is added to the running page, a
 * break goes before a row that would overflow it, and a block written last (a signature) can take the
 * last rows of the table with it to a new page. Memory: the last breaks, the last rows' heights and the
 * heights of the rows since keepWithNext() — never one object per row.
 */
export class PagePlanner {
  private readonly limit: number;
  /** Height used on the current page, and the height of the title rows on page 1. */
  private used = 0;
  private firstTop = 0;
  private titleRows = 0;
  /** The first row of the current page after its title rows. */
  private pageStart = 1;
  private lastRow = 0;
  /** Heights of the last three rows: lastRow, lastRow − 1, lastRow − 2. */
  private h0 = 0;
  private h1 = 0;
  private h2 = 0;
  /** Heights of the rows since keepWithNext(), or undefined when not keeping; and of the LEAD_ROWS before them. */
  private kept: number[] | undefined;
  private lead: number[] = [];
  private breakList: number[] = [];
  /** Height of the title rows repeated on every page after the first. */
  private repeatedTop = 0;

  constructor(
    /** Printable height of a page in points of the sheet (divided by the print scale). */
    pageHeight: number,
  ) {
    this.limit = pageHeight * SAFETY;
  }

  /** A title row on the first page, printed once or `repeated` on every page: never a break before it. */
  top(row: number, height: number, repeated: boolean): void {
    if (repeated) this.repeatedTop += height;
    this.used += height;
    this.firstTop = this.used;
    this.titleRows = row;
    this.lastRow = row;
    this.pageStart = row + 1;
  }

  /** Row `row` (the next one) of `height` points: a break before it when it would overflow the page. */
  row(row: number, height: number): void {
    if (row > this.pageStart && this.used + height > this.limit) this.breakAfter(row - 1, this.repeatedTop);
    this.used += height;
    this.lastRow = row;
    this.h2 = this.h1;
    this.h1 = this.h0;
    this.h0 = height;
    if (this.kept && this.kept.length < MAX_KEPT) this.kept.push(height);
  }

  /** The rows written from now on print on the page of the block that keepBlock places (when they fit). */
  keepWithNext(): void {
    this.kept = [];
    this.lead = this.leadBefore(this.lastRow + 1, [this.h1, this.h0]);
  }

  /**
   * A block of `height` points is about to be written and must share a page with the rows kept (those
   * since keepWithNext(), else the last row): when it would not fit after them, or a break fell among
   * them, the break goes before them instead — before as many of the last of them as fit on one page,
   * and with up to LEAD_ROWS rows before them, so that they do not open the page alone.
   */
  keepBlock(height: number): void {
    const marked = this.kept !== undefined;
    const kept = this.kept ?? (this.lastRow > this.titleRows ? [this.h0] : []);
    let lead = marked ? this.lead : this.leadBefore(this.lastRow, [this.h2, this.h1]);
    this.kept = undefined;
    let take = kept.length;
    let block = height + kept.reduce((n, h) => n + h, 0);
    while (take > 1 && this.repeatedTop + block > this.limit) block -= kept[kept.length - take--] as number;
    if (take < kept.length) lead = [];
    const first = this.lastRow - take + 1;
    if (take === 0) return;
    const mustMove = this.pageStart > first || this.used + height > this.limit;
    const opensPage = this.pageStart === first && this.breakList[this.breakList.length - 1] === first - 1;
    if (!mustMove && !opensPage) return;
    // the new page starts `k` lead rows before the kept ones, as many as fit and leave a row behind
    for (let k = lead.length; k >= 0; k--) {
      const start = first - k;
      const carried = block - height + lead.slice(lead.length - k).reduce((n, h) => n + h, 0);
      if (k > 0 && this.repeatedTop + carried + height > this.limit) continue;
      const before = this.lastBreakBelow(start);
      const previousStart = before === undefined ? this.titleRows + 1 : before + 1;
      if (previousStart >= start) {
        // nothing would stay behind: the kept rows begin their page already when k = 0
        if (k === 0 && mustMove) this.settle(start, previousStart, before === undefined, carried);
        continue;
      }
      if (k === 0 && !mustMove) return;
      while (this.breakList.length > 0 && (this.breakList[this.breakList.length - 1] as number) >= start - 1) this.breakList.pop();
      this.breakAfter(start - 1, this.repeatedTop + carried);
      return;
    }
  }

  /** The manual breaks, each after the row it names, ascending; the last MAX_ROW_BREAKS of them. */
  get breaks(): readonly number[] {
    return this.breakList.length > MAX_ROW_BREAKS ? this.breakList.slice(-MAX_ROW_BREAKS) : this.breakList;
  }

  /** Of `heights` (of the rows just before `row`, oldest first), those of table rows. */
  private leadBefore(row: number, heights: readonly number[]): number[] {
    const available = Math.max(0, Math.min(LEAD_ROWS, row - 1 - this.titleRows));
    return heights.slice(heights.length - available);
  }

  /** The last break that would stay if a page started at `row`: the last one after a row before row − 1. */
  private lastBreakBelow(row: number): number | undefined {
    for (let i = this.breakList.length - 1; i >= 0; i--) {
      const b = this.breakList[i] as number;
      if (b < row - 1) return b;
    }
    return undefined;
  }

  /** The kept rows begin their page (from `start`): drop breaks among them and count the page from there. */
  private settle(start: number, pageStart: number, firstPage: boolean, carried: number): void {
    while (this.breakList.length > 0 && (this.breakList[this.breakList.length - 1] as number) >= start) this.breakList.pop();
    this.used = (firstPage ? this.firstTop : this.repeatedTop) + carried;
    this.pageStart = pageStart;
  }

  private breakAfter(row: number, used: number): void {
    this.breakList.push(row);
    if (this.breakList.length >= 2 * MAX_ROW_BREAKS) this.breakList = this.breakList.slice(-MAX_ROW_BREAKS);
    this.used = used;
    this.pageStart = row + 1;
  }
}
