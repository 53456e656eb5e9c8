import assert from "node:assert/strict";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import * as XLSX from "@e965/xlsx";
import { openSource } from "../../src/input/open-source.js";
import { formatDate, fromUtcDate } from "../../src/domain/dates.js";
import { tempDir } from "../helpers/temp-dir.js";

// A workbook in the 1904 date system says so in xl/workbook.xml: <workbookPr date1904="1"/> from
// Excel, date1904="true" from LibreOffice (both are the schema's boolean). Its date cells and serials
// must read as the dates the clerk sees, whichever spelling saved it.

const dir = tempDir("payout-date1904-");

/** A roster-like sheet with a formatted date cell, its workbookPr's date1904 attribute spelled `spelling` (or absent). */
async function book(spelling: string | undefined): Promise<string> {
  const ws = XLSX.utils.aoa_to_sheet([["姓名", "出生日期"], ["张三", { t: "n", v: 30000, z: "yyyy-mm-dd" }]]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, "花名册");
  wb.Workbook = { WBProps: { date1904: true } };
  const zip = XLSX.CFB.read(XLSX.write(wb, { type: "buffer", bookType: "xlsx", compression: true }) as Buffer, { type: "buffer" });
  const part = zip.FileIndex[zip.FullPaths.findIndex((name: string) => name.endsWith("/xl/workbook.xml"))];
  assert.ok(part?.content);
  const xml = Buffer.from(part.content as Uint8Array).toString("utf8");
  assert.match(xml, /date1904="true"/);
  part.content = Buffer.from(xml.replace(/ date1904="true"/, spelling === undefined ? "" : ` date1904="${spelling}"`));
  const path = join(dir, `${spelling ?? "none"}.xlsx`);
  await writeFile(path, XLSX.CFB.write(zip, { type: "buffer", fileType: "zip", compression: true }) as Buffer);
  return path;
}

async function birthOf(path: string): Promise<{ date: string; date1904: boolean }> {
  const source = await openSource(path, "花名册");
  let date = "";
  for await (const { cells, row } of source.records) if (row === 2) date = cells[1] instanceof Date ? formatDate(fromUtcDate(cells[1]) ?? 0) : `not a date: ${String(cells[1])}`;
  return { date, date1904: source.date1904() };
}

describe("the 1904 date system of an xlsx", () => {
  it("reads date1904=\"true\" (LibreOffice) as Excel's \"1\": the same dates, four years and a day after the 1900 system's", async () => {
    const excel = await birthOf(await book("1"));
    const libre = await birthOf(await book("true"));
    const spaced = await birthOf(await book(" TRUE "));
    const plain = await birthOf(await book(undefined));
    const off = await birthOf(await book("false"));
    const zero = await birthOf(await book("0"));
    assert.deepEqual(libre, excel);
    assert.deepEqual(spaced, excel);
    assert.equal(excel.date1904, true);
    assert.deepEqual(off, plain);
    assert.deepEqual(zero, plain);
    assert.equal(plain.date1904, false);
    // serial 30000: 1982-02-18 in the 1900 system, 1986-02-19 in the 1904 system
    assert.equal(plain.date, "1982-02-18");
    assert.equal(excel.date, "1986-02-19");
  });
});
