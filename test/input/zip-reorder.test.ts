import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { openSource } from "../../src/input/open-source.js";
import { zipDirectory } from "../../src/input/zip-directory.js";
import { forStreaming } from "../../src/input/zip-reorder.js";
import { workbook, zipOf } from "../helpers/tables.js";
import { XlsxBook, cell } from "../../src/xlsx/workbook.js";
import { ZipWriter } from "../../src/xlsx/zip-writer.js";
import { tempDir } from "../helpers/temp-dir.js";

const FIRST = ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml"];

/** Entry names in the order they sit in the file. */
function order(buf: Buffer): string[] {
  return [...(zipDirectory(buf) ?? [])].sort((a, b) => a.localOffset - b.localOffset).map((i) => i.name);
}

/** Reads every record of an xlsx through the one reader, checking that exceljs parks nothing in the temp directory. */
async function readAll(path: string): Promise<unknown[][]> {
  const tmp = tempDir("payout-tmpdir-");
  const before = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  try {
    const rows: unknown[][] = [];
    for await (const r of (await openSource(path, "花名册")).records) {
      // a worksheet copied aside would sit in TMPDIR while it is parsed
      assert.deepEqual(readdirSync(tmp), [], "a worksheet was copied into the temp directory");
      rows.push(r.cells);
    }
    return rows;
  } finally {
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  }
}

describe("xlsx parts in the order a streaming reader needs", () => {
  const rows = [["身份证号", "姓名"], ["349901196701010113", "张三"], ["349901196701010121", "李四"]];

  it("puts the workbook, its relationships and shared strings before the sheets, raw entries unchanged", () => {
    const sheetFirst = zipOf({
      "xl/worksheets/sheet1.xml": "<worksheet/>",
      "[Content_Types].xml": "<Types/>",
      "xl/workbook.xml": "<workbook/>",
      "xl/_rels/workbook.xml.rels": "<Relationships/>",
    });
    const fixed = forStreaming(sheetFirst, zipDirectory(sheetFirst) ?? []);
    const names = order(fixed);
    const sheetAt = names.indexOf("xl/worksheets/sheet1.xml");
    for (const part of FIRST) assert.ok(names.indexOf(part) >= 0 && names.indexOf(part) < sheetAt, `${part} before the sheet: ${names.join(", ")}`);
    assert.equal(zipDirectory(fixed)?.length, 5);
  });

  it("leaves a file already in reading order byte for byte as it is", async () => {
    const path = join(tempDir("payout-order-"), "in-order.zip");
    const zip = await ZipWriter.create(path, { level: 1, stamp: { year: 2027, month: 1, day: 1 } });
    for (const name of ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"]) await zip.addBuffer(name, Buffer.from(`<${name}/>`));
    await zip.close();
    const inOrder = readFileSync(path);
    assert.equal(forStreaming(inOrder, zipDirectory(inOrder) ?? []), inOrder);
  });

  it("reads a SheetJS file (sheet before workbook) the same every time, without a temp copy", async () => {
    const dir = tempDir("payout-order-");
    const path = join(dir, "sheetjs.xlsx");
    writeFileSync(path, workbook(rows, "xlsx"));
    for (let i = 0; i < 5; i++) assert.deepEqual(await readAll(path), rows);
  });

  it("reads a workbook this tool wrote (inline strings, no shared strings) without a temp copy of its IDs", async () => {
    const dir = tempDir("payout-order-");
    const path = join(dir, "ours.xlsx");
    const book = await XlsxBook.create(path, { year: 2027, sensitive: true });
    const sheet = await book.addTable("表", { columns: [{ header: "身份证号", width: 20, text: true }, { header: "姓名", width: 8 }] });
    for (const r of rows.slice(1)) await sheet.add([cell.id(r[0] ?? ""), cell.text(r[1] ?? "")]);
    await book.close();
    assert.ok(!order(readFileSync(path)).includes("xl/sharedStrings.xml"));
    assert.deepEqual(await readAll(path), rows);
  });
});
