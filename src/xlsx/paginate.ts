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
