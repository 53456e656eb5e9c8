import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { safeText } from "../../src/xlsx/safe-text.js";
import { columnLetters, SheetXml, type CellValue, type SheetHead } from "../../src/xlsx/sheet-xml.js";
import { StyleSheet } from "../../src/xlsx/style-sheet.js";
import { STYLES, type CellStyle } from "../../src/xlsx/styles.js";
import { escapeText, needsPreserve } from "../../src/xlsx/xml-text.js";
import type { ZipEntrySink } from "../../src/xlsx/zip-writer.js";

// SheetXml.row builds each cell from markup remembered per column and style. These tests hold it
// to the straightforward construction, cell by cell, for any text, number, style and merge.

type Merges = ReadonlyArray<readonly [number, number]>;

/** The row's XML built the plain way: a template per cell, the style id looked up every time. */
function plainRow(styles: StyleSheet, r: number, cells: readonly CellValue[], merges: Merges, height: number | undefined): string {
  if (cells.length === 0 && height === undefined) return "";
  let xml = height === undefined ? `<row r="${r}">` : `<row r="${r}" ht="${String(Math.round(height * 1000) / 1000)}" customHeight="1">`;
  const merged: Array<CellStyle | undefined> = [];
  for (const [from, to] of merges) for (let col = from; col < to; col++) merged[col] = cells[from - 1]?.style;
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c === undefined) continue;
    const ref = columnLetters(i) + r;
    const s = styles.id(merged[i] ?? c.style);
    const v = c.value;
    if (v === null || v === "") xml += `<c r="${ref}" s="${s}"/>`;
    else if (typeof v === "number") xml += `<c r="${ref}" s="${s}"><v>${v}</v></c>`;
    else {
      const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
      xml += `<c r="${ref}" s="${s}" t="inlineStr"><is>${needsPreserve(text) ? '<t xml:space="preserve">' : "<t>"}${escapeText(text)}</t></is></c>`;
    }
  }
  return `${xml}</row>`;
}

const HEAD: SheetHead = {
  widths: [10, 12, 8, 20],
  columnStyles: [undefined, STYLES.idText, undefined, undefined],
  frozenRows: 1,
  print: { paperSize: 9, orientation: "landscape", footer: "第 &P 页", margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 } },
};

/** The sheet's XML as SheetXml writes it into its zip entry. */
async function written(write: (sheet: SheetXml, styles: StyleSheet) => Promise<void>, chunkBytes?: number): Promise<{ rows: string; styles: string }> {
  const parts: Buffer[] = [];
  const sink: ZipEntrySink = { write: (chunk) => void parts.push(Buffer.from(chunk)), end: async () => undefined };
  const styles = new StyleSheet();
  const sheet = new SheetXml(styles, HEAD, sink, chunkBytes);
  await write(sheet, styles);
  await sheet.end();
  const xml = Buffer.concat(parts).toString("utf8");
  return { rows: xml.slice(xml.indexOf("<sheetData>") + 11, xml.indexOf("</sheetData>")), styles: styles.xml() };
}

// text that exercises every rule: XML specials, control characters, lone and paired surrogates,
// Excel's own _xHHHH_ escapes, formula starts and white space at either end
const tricky = fc.constantFrom("&", "<", ">", "\r", "\n", "\t", " ", "\u0000", "\u0001", "\u001f", "\ud800", "\udfff", "\ud83d\ude00", "\ufffe", "\uffff", "_x0041_", "_x00", "=", "+", "-", "@", "'", "乡镇", "1.5", "'=");
const text = fc.oneof(fc.string({ unit: "binary", maxLength: 12 }), fc.array(tricky, { maxLength: 5 }).map((p) => p.join("")), fc.tuple(tricky, fc.string({ maxLength: 6 }), tricky).map((p) => p.join("")));
const value = fc.oneof(text, fc.constant(null), fc.constant(""), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(-0, 0.1 + 0.2, 1e21, 5e-7));
// the shared styles, and styles of the writer's own (a new object each: appended to styles.xml when first used)
const own: CellStyle[] = [{ numFmt: "0.000" }, { font: { name: "黑体", bold: true } }, { alignment: { wrapText: true } }];
const style = fc.constantFrom<CellStyle>(...Object.values(STYLES), ...own);
const cellValue = fc.record({ value, style });
const row = fc.record({
  cells: fc.array(fc.option(cellValue, { nil: undefined, freq: 8 }), { maxLength: 6 }),
  merges: fc.array(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 3 })).map(([from, n]) => [from, from + n] as const), { maxLength: 2 }),
  height: fc.option(fc.double({ min: 1, max: 400, noNaN: true }), { nil: undefined }),
});

describe("sheet XML rows", () => {
  it("are the cells built one by one: same references, style ids, escapes and styles.xml for any content", async () => {
    await fc.assert(
      // cut into chunks of a few bytes, or none: every cell meets the end of a chunk somewhere
      fc.asyncProperty(fc.array(row, { maxLength: 8 }), fc.integer({ min: 1, max: 1_048_560 }), fc.option(fc.integer({ min: 1, max: 400 })), async (rows, first, chunkBytes) => {
        const plain = new StyleSheet();
        const expected = rows.map((r, i) => plainRow(plain, first + i, r.cells as CellValue[], r.merges, r.height)).join("");
        const got = await written(async (sheet) => {
          for (const [i, r] of rows.entries()) await sheet.row(first + i, r.cells as CellValue[], r.merges, r.height);
        }, chunkBytes ?? undefined);
        assert.equal(got.rows, expected);
        assert.equal(got.styles, plain.xml());
      }),
      { numRuns: 1000 },
    );
  });

  it("are the same bytes when rows fill many chunks, and when one cell is larger than a chunk", async () => {
    // 256 KB chunks: 400 rows of ~6 KB of UTF-8 cross them mid-row, a 120,000-character cell outgrows one
    const long = (i: number): string => `${"乡镇村户".repeat(150)}${i}&<${"\ud83d\ude00".repeat(20)}`;
    const rows: CellValue[][] = Array.from({ length: 400 }, (_, i) => [
      { value: long(i), style: STYLES.text },
      { value: i * 1.5, style: STYLES.amount },
      { value: long(i + 1), style: STYLES.wrap },
    ]);
    rows.splice(200, 0, [{ value: "宽".repeat(120_000), style: STYLES.text }]);
    const plain = new StyleSheet();
    const expected = rows.map((cells, i) => plainRow(plain, i + 9, cells, [], undefined)).join("");
    const got = await written(async (sheet) => {
      for (const [i, cells] of rows.entries()) await sheet.row(i + 9, cells, [], undefined);
    });
    assert.equal(got.rows.length, expected.length);
    assert.equal(got.rows, expected);
  });

  it("hands the caller every write's back-pressure of a row cut into many chunks, a failed one too", async () => {
    let row = 0;
    let failed = false;
    const sink: ZipEntrySink = {
      // the first write of row 2 fails (a full disk), though others of that row follow it and succeed
      write: () => {
        if (row === 2 && !failed) {
          failed = true;
          return Promise.reject(new Error("磁盘已满"));
        }
        return new Promise((resolve) => setImmediate(resolve));
      },
      end: async () => undefined,
    };
    const sheet = new SheetXml(new StyleSheet(), HEAD, sink, 16);
    // cells larger than the chunk: each row is cut into several writes
    const cells: CellValue[] = [{ value: "乡镇村户".repeat(500), style: STYLES.text }, { value: 1234.5, style: STYLES.amount }, { value: "甲乙丙".repeat(700), style: STYLES.text }, { value: "丁".repeat(900), style: STYLES.text }];
    await sheet.row((row = 1), cells, [], undefined);
    await assert.rejects(async () => sheet.row((row = 2), cells, [], undefined), /磁盘已满/);
    assert.ok(failed);
  });

  it("takes a column's new style when its cells change style from one row to the next", async () => {
    const got = await written(async (sheet) => {
      await sheet.row(1, [{ value: "甲", style: STYLES.header }, { value: 1, style: STYLES.header }], [], undefined);
      await sheet.row(2, [{ value: "乙", style: STYLES.text }, { value: 2, style: STYLES.amount }], [], undefined);
      await sheet.row(3, [{ value: "丙", style: STYLES.header }, { value: 3, style: STYLES.amount }], [], undefined);
    });
    const plain = new StyleSheet();
    const cells = (v: string, n: number, a: CellStyle, b: CellStyle): CellValue[] => [{ value: v, style: a }, { value: n, style: b }];
    const expected = [
      plainRow(plain, 1, cells("甲", 1, STYLES.header, STYLES.header), [], undefined),
      plainRow(plain, 2, cells("乙", 2, STYLES.text, STYLES.amount), [], undefined),
      plainRow(plain, 3, cells("丙", 3, STYLES.header, STYLES.amount), [], undefined),
    ].join("");
    assert.equal(got.rows, expected);
    assert.match(got.rows, /<c r="A3" s="6" t="inlineStr"><is><t>丙<\/t><\/is><\/c><c r="B3" s="12"><v>3<\/v><\/c>/);
  });

  it("refuses a number that is not finite, naming the cell", async () => {
    await assert.rejects(
      written(async (sheet) => {
        await sheet.row(7, [{ value: "x", style: STYLES.text }, { value: Number.NaN, style: STYLES.amount }], [], undefined);
      }),
      /not a finite number \(B7\)/,
    );
  });
});

describe("formula-safe text", () => {
  it("puts an apostrophe before exactly the texts that start with = + - @, a tab or a carriage return", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: "binary", maxLength: 6 }), fc.tuple(fc.constantFrom("=", "+", "-", "@", "\t", "\r", "\n", " ", "'", "＝"), fc.string({ maxLength: 4 })).map(([a, b]) => a + b)), (t) => {
        assert.equal(safeText(t), /^[=+\-@\t\r]/.test(t) ? `'${t}` : t);
      }),
      { numRuns: 2000 },
    );
  });
});
