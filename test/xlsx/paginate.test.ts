import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { MAX_ROW_BREAKS, PagePlanner } from "../../src/xlsx/paginate.js";

// Managed pages: breaks planned while rows stream, the signature never alone on its page.

const TITLES = [32, 15, 22]; // title, 单位:元, header: repeated on every page (69 pt)
const SIGNATURE = 15 + 36; // the blank row and the signature line
const PAGE = 200; // planned to 95%: 190 pt a page, 121 pt of rows under the titles

interface Table {
  readonly rows: readonly number[];
  /** Index in rows of the first row kept with the signature (the 合计), or undefined. */
  readonly keepFrom?: number;
}

/** Writes the table as XlsxSheet does, then the signature block; returns the breaks and all heights. */
function plan(table: Table): { breaks: readonly number[]; heights: number[]; signatureRows: [number, number] } {
  const p = new PagePlanner(PAGE);
  const heights = [0];
  let r = 0;
  for (const h of TITLES) {
    p.top(++r, h, true);
    heights.push(h);
  }
  table.rows.forEach((h, i) => {
    if (i === table.keepFrom) p.keepWithNext();
    p.row(++r, h);
    heights.push(h);
  });
  p.keepBlock(SIGNATURE);
  p.row(++r, 15);
  p.row(++r, 36);
  heights.push(15, 36);
  return { breaks: p.breaks, heights, signatureRows: [r - 1, r] };
}

/** The page (0-based) of each row, given breaks after rows. */
function pageOf(row: number, breaks: readonly number[]): number {
  return breaks.filter((b) => b < row).length;
}

/** Height of each printed page: the titles on every page, then its rows. */
function pageHeights(heights: readonly number[], breaks: readonly number[]): number[] {
  const last = heights.length - 1;
  const starts = [TITLES.length + 1, ...breaks.map((b) => b + 1)];
  return starts.map((start, i) => {
    const end = i + 1 < starts.length ? (starts[i + 1] as number) - 1 : last;
    let h = TITLES.reduce((a, b) => a + b, 0);
    for (let row = start; row <= end; row++) h += heights[row] as number;
    return h;
  });
}

describe("managed page breaks (PagePlanner)", () => {
  it("a table whose signature would fall alone on the next page: the break goes before the last rows", () => {
    // 8 rows of 15 pt fill page 1 (69 + 120 = 189 of 190): the signature (51 pt) does not fit after them
    const { breaks, signatureRows } = plan({ rows: Array(8).fill(15) });
    assert.deepEqual(breaks, [8], "rows 4–8 on page 1, the last row with the two before it and the signature on page 2");
    assert.equal(pageOf(11, breaks), pageOf(signatureRows[1], breaks));
  });

  it("keepWithSignature before the 合计: the 合计 and 合计(大写) rows both go with the signature", () => {
    const { breaks, signatureRows } = plan({ rows: Array(8).fill(15), keepFrom: 6 });
    assert.deepEqual(breaks, [7], "the 合计 (row 10) and 大写 (11) with the two rows before them (8, 9)");
    assert.equal(pageOf(10, breaks), pageOf(signatureRows[1], breaks));
  });

  it("a break that fell between the 合计 and the 合计(大写) is moved before the 合计", () => {
    // 9 rows: the greedy plan breaks before row 12 (the 大写), leaving the 合计 (row 11) behind
    const { breaks } = plan({ rows: Array(9).fill(15), keepFrom: 7 });
    assert.deepEqual(breaks, [8]);
  });

  it("a 合计 the plain plan would put at the top of a page takes the two rows before it along", () => {
    // 8 rows then 合计: the greedy plan breaks before the 合计 (row 12), and the signature fits after it
    const { breaks } = plan({ rows: Array(9).fill(15), keepFrom: 8 });
    assert.deepEqual(breaks, [9], "rows 10, 11 go with the 合计 instead of a page opening on the 合计");
  });

  it("no break when the signature fits under the last row", () => {
    assert.deepEqual(plan({ rows: Array(4).fill(15), keepFrom: 2 }).breaks, []); // 69 + 60 + 51 = 180 pt
  });

  it("kept rows taller than a page: as many of the last as fit travel with the signature", () => {
    const { breaks, heights, signatureRows } = plan({ rows: Array(30).fill(15), keepFrom: 10 });
    const last = signatureRows[0] - 1;
    assert.equal(pageOf(last, breaks), pageOf(signatureRows[1], breaks));
    for (const h of pageHeights(heights, breaks)) assert.ok(h <= PAGE * 0.95, `a page of ${h} pt`);
  });

  it("a very long table keeps only the breaks of its last pages (Excel's limit), the last one before the signature's page", () => {
    const rows = Array(20_000).fill(15);
    const { breaks, signatureRows } = plan({ rows, keepFrom: rows.length - 2 });
    assert.equal(breaks.length, MAX_ROW_BREAKS);
    assert.deepEqual([...breaks], [...breaks].sort((a, b) => a - b));
    assert.equal(pageOf(signatureRows[0] - 2, breaks), pageOf(signatureRows[1], breaks));
  });

  it("property: every page fits, the signature shares its page with the last table row, breaks ascend", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 12, max: 60 }), { minLength: 1, maxLength: 80 }), fc.nat(4), (rows, tail) => {
        const keepFrom = rows.length > tail ? rows.length - 1 - tail : undefined;
        const { breaks, heights, signatureRows } = plan({ rows, keepFrom });
        const lastTableRow = signatureRows[0] - 1;
        assert.equal(pageOf(lastTableRow, breaks), pageOf(signatureRows[1], breaks));
        assert.equal(pageOf(signatureRows[0], breaks), pageOf(signatureRows[1], breaks));
        for (let i = 1; i < breaks.length; i++) assert.ok((breaks[i] as number) > (breaks[i - 1] as number));
        assert.ok(breaks.every((b) => b > TITLES.length && b < lastTableRow + 1));
        for (const h of pageHeights(heights, breaks)) assert.ok(h <= PAGE * 0.95, `a page of ${h} pt: ${breaks.join(",")}`);
        // with keepWithNext, the rows from the 合计 on are with the signature when they fit on one page
        const keptFrom = TITLES.length + 1 + (keepFrom ?? rows.length - 1);
        const kept = rows.slice(keptFrom - TITLES.length - 1).reduce((a, b) => a + b, 0);
        if (69 + kept + SIGNATURE <= PAGE * 0.95) {
          assert.equal(pageOf(keptFrom, breaks), pageOf(signatureRows[1], breaks));
          // and they open that page alone only when the row before them cannot come along or nothing would stay behind
          if (breaks.includes(keptFrom - 1) && keptFrom - 1 > TITLES.length + 1) {
            const previousStart = Math.max(TITLES.length, ...breaks.filter((b) => b < keptFrom - 1)) + 1;
            assert.ok(69 + (heights[keptFrom - 1] as number) + kept + SIGNATURE > PAGE * 0.95 || previousStart >= keptFrom - 1, `rows ${rows.join(",")} keep ${keepFrom}: breaks ${breaks.join(",")}`);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
