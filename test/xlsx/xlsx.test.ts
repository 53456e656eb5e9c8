import assert from "node:assert/strict";
import { open, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { Fen } from "../../src/domain/money.js";
import { safeFileName, uniqueFileNames } from "../../src/outputs/file-names.js";
import fc from "fast-check";
import { readSheetRows, type ReadRow } from "../../src/input/read-sheets.js";
import { cleanSheetName, continuationName, SheetNames } from "../../src/xlsx/sheet-names.js";
import { STYLES } from "../../src/xlsx/styles.js";
import { cell, displayWidth, wrappedHeight, XlsxBook } from "../../src/xlsx/workbook.js";
import { dosDateTime, readCentralDirectory } from "../../src/xlsx/zip-entries.js";
import { readBook, tempDir } from "../outputs/fixtures.js";

const COLUMNS = [
  { header: "名称", width: 20 },
  { header: "证件号码", width: 21, text: true },
  { header: "金额", width: 12 },
];

async function writeSample(path: string, rows: number, sensitive = false): Promise<void> {
  const book = await XlsxBook.create(path, { year: 2027, sensitive });
  for (const name of ["甲", "乙"]) {
    const sheet = await book.addSheet(name, { title: `样表${name}`, note: "单位:元", columns: COLUMNS });
    for (let i = 0; i < rows; i++) {
      await sheet.add([cell.text(`第${i}行 ${"说明".repeat(40)} & <标记> "引号" '撇号' 𠀀`), cell.id(`11010119900101${String(i).padStart(4, "0")}`), cell.yuan((i * 101) as Fen)]);
    }
    await sheet.add([cell.text("合计", STYLES.totalText), cell.blank(), cell.yuan(((rows * (rows - 1)) / 2 * 101) as Fen, STYLES.totalAmount)]);
  }
  await book.close();
}

describe("xlsx writer", () => {
  it("gives identical bytes for identical content, whatever the clock says", async () => {
    const dir = await tempDir();
    await writeSample(join(dir, "a.xlsx"), 50);
    await new Promise((r) => setTimeout(r, 2100)); // DOS times count in 2-second steps
    await writeSample(join(dir, "b.xlsx"), 50);
    assert.ok((await readFile(join(dir, "a.xlsx"))).equals(await readFile(join(dir, "b.xlsx"))));
  });

  it("stamps every zip entry, local header and central directory, with the run year's first day", async () => {
    const dir = await tempDir();
    const path = join(dir, "a.xlsx");
    await writeSample(path, 5);
    const { date, time } = dosDateTime(2027, 1, 1);
    const file = await open(path, "r");
    try {
      const cd = await readCentralDirectory(file);
      assert.ok(cd.entries.length >= 8);
      for (const e of cd.entries) {
        assert.deepEqual([cd.buffer.readUInt16LE(e.centralOffset + 12), cd.buffer.readUInt16LE(e.centralOffset + 14)], [time, date], e.name);
        const local = Buffer.alloc(4);
        await file.read(local, 0, 4, e.localOffset + 10);
        assert.deepEqual([local.readUInt16LE(0), local.readUInt16LE(2)], [time, date], e.name);
      }
    } finally {
      await file.close();
    }
    const book = await readBook(path);
    assert.equal(book.created.toISOString(), "2027-01-01T00:00:00.000Z");
  });

  it("streams a big sheet through the drain wait without stalling, and keeps every row", async () => {
    const dir = await tempDir();
    const path = join(dir, "big.xlsx");
    const rows = 40_000; // ~12 MB of sheet XML per sheet: well past the 4 MB drain threshold
    await writeSample(path, rows);
    const counts = new Map<string, number>();
    let total = 0;
    for await (const r of readSheetRows(path)) {
      counts.set(r.sheet, (counts.get(r.sheet) ?? 0) + 1);
      if (r.cells[0] === "合计" && r.sheet === "乙") total = Math.round(Number(r.cells[2]) * 100);
    }
    assert.deepEqual([...counts], [["甲", rows + 4], ["乙", rows + 4]]);
    assert.equal(total, ((rows * (rows - 1)) / 2) * 101);
  });

  it("reads back text with XML specials and rare characters exactly, and IDs as text", async () => {
    const dir = await tempDir();
    const path = join(dir, "a.xlsx");
    await writeSample(path, 3);
    const rows: unknown[][] = [];
    for await (const r of readSheetRows(path, (s) => s === "甲")) rows.push([...r.cells]);
    assert.equal(rows[0]?.[0], "样表甲");
    assert.equal(rows[1]?.[0], "单位:元");
    assert.deepEqual(rows[2], ["名称", "证件号码", "金额"]);
    assert.deepEqual(rows[4], [`第1行 ${"说明".repeat(40)} & <标记> "引号" '撇号' 𠀀`, "110101199001010001", 1.01]);
    const book = await readBook(path);
    assert.equal(book.getWorksheet("甲")?.getRow(5).getCell(2).value, "110101199001010001");
  });

  it("reads only the columns asked for, the same values as a full read, the others left undefined", async () => {
    const dir = await tempDir();
    const path = join(dir, "cols.xlsx");
    await writeSample(path, 50);
    const full: unknown[][] = [];
    const some: unknown[][] = [];
    for await (const r of readSheetRows(path)) full.push([...r.cells]);
    for await (const r of readSheetRows(path, undefined, [0, 2])) some.push([...r.cells]);
    assert.equal(some.length, full.length);
    assert.ok(some.some((cells) => typeof cells[2] === "number"));
    some.forEach((cells, i) => {
      assert.equal(cells[0], full[i]?.[0]);
      assert.equal(cells[1], undefined);
      assert.equal(cells[2], full[i]?.[2]);
    });
  });

  it("reads any set of columns of a wide sheet as the full read has them, whatever the texts hold", async () => {
    const dir = await tempDir();
    const wide = Array.from({ length: 8 }, (_, i) => ({ header: `列${i}`, width: 10 }));
    const text = fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("w>", "</row>", "<c r=\"A1\">", "row", "w", "c ", "</c>", "乡镇w", "&amp;w"));
    const value = fc.oneof(text, fc.integer(), fc.constant(null));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(value, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 6 }), fc.uniqueArray(fc.nat(9), { maxLength: 4 }), async (rows, columns) => {
        const path = join(dir, "wide.xlsx");
        const book = await XlsxBook.create(path, { year: 2027, sensitive: false });
        const sheet = await book.addTable("甲", { columns: wide });
        for (const r of rows) await sheet.add(r.map((v) => (v === null ? cell.blank() : typeof v === "number" ? cell.integer(v) : cell.text(v))));
        await book.close();
        const full: ReadRow[] = [];
        const some: ReadRow[] = [];
        for await (const r of readSheetRows(path)) full.push(r);
        for await (const r of readSheetRows(path, undefined, columns)) some.push(r);
        assert.deepEqual(some.map((r) => r.row), full.map((r) => r.row));
        some.forEach((r, i) => {
          for (let c = 0; c < 10; c++) assert.equal(r.cells[c], columns.includes(c) ? full[i]?.cells[c] : undefined, `row ${r.row} column ${c}`);
        });
      }),
      { numRuns: 60 },
    );
  });

  it("creates a sensitive file readable by its owner only", { skip: process.platform === "win32" }, async () => {
    const dir = await tempDir();
    await writeSample(join(dir, "s.xlsx"), 1, true);
    assert.equal((await stat(join(dir, "s.xlsx"))).mode & 0o777, 0o600);
  });

  it("keeps control characters, a literal _x0041_ and a leading space exactly, for our reader and for exceljs", async () => {
    const dir = await tempDir();
    const path = join(dir, "odd.xlsx");
    const texts = ["a\u0001b\u001fc", "_x0041_ and _x005F_", " 前后空格 ", "行一\n行二", "回车\r", "=1+1", "\ud800 lone"];
    const book = await XlsxBook.create(path, { year: 2027, sensitive: false });
    const sheet = await book.addSheet("甲", { title: "t", note: "", columns: COLUMNS });
    for (const t of texts) await sheet.add([cell.text(t)]);
    await book.close();
    const ours: unknown[] = [];
    for await (const r of readSheetRows(path)) if (r.row > 3) ours.push(r.cells[0]);
    const expected = texts.map((t) => (t.startsWith("=") ? `'${t}` : t));
    assert.deepEqual(ours, expected);
    const ws = (await readBook(path)).getWorksheet("甲");
    // exceljs keeps the escapes as written, except what XML itself carries
    assert.equal(ws?.getRow(6).getCell(1).value, " 前后空格 ");
    assert.equal(ws?.getRow(7).getCell(1).value, "行一\n行二");
    assert.equal(ws?.getRow(9).getCell(1).value, "'=1+1");
  });

  it("continues a table past the row limit on …(续) sheets, repeating the title rows, and reads them back as one table", async () => {
    const dir = await tempDir();
    const path = join(dir, "long.xlsx");
    const book = await XlsxBook.create(path, { year: 2027, sensitive: false, rowLimit: 10 });
    const sheet = await book.addSheet("项".repeat(30), { title: "长表", note: "单位:元", columns: COLUMNS });
    for (let i = 0; i < 20; i++) await sheet.add([cell.text(`第${i}行`), cell.id(String(i)), cell.yuan(100 as Fen)]);
    await sheet.add([cell.text("合计", STYLES.totalText), cell.blank(), cell.yuan(2000 as Fen, STYLES.totalAmount)]);
    const other = await book.addSheet("乙", { title: "乙表", note: "", columns: COLUMNS });
    await other.add([cell.text("独行")]);
    await book.close();
    const parts = new Map<string, string[]>();
    const lines: unknown[] = [];
    for await (const r of readSheetRows(path)) {
      parts.set(r.sheet, [...new Set([...(parts.get(r.sheet) ?? []), r.part])]);
      if (r.row > 3) lines.push(r.cells[0]);
    }
    const base = "项".repeat(30);
    assert.deepEqual([...parts], [[base, [base, continuationName(base, 1), continuationName(base, 2)]], ["乙", ["乙"]]]);
    assert.deepEqual(lines, [...Array.from({ length: 20 }, (_, i) => `第${i}行`), "合计", "独行"]);
    const wb = await readBook(path);
    assert.deepEqual(wb.worksheets.map((w) => [w.name, w.rowCount]), [[base, 10], [`${"项".repeat(28)}(续)`, 10], [`${"项".repeat(27)}(续2)`, 10], ["乙", 4]]);
    for (const ws of wb.worksheets) {
      assert.equal(ws.getRow(3).getCell(1).value, "名称", ws.name);
      assert.equal(ws.pageSetup.printTitlesRow, "1:3", ws.name);
    }
  });

  it("writes a plain table with its header frozen, repeated on each page and filter buttons over the rows", async () => {
    const dir = await tempDir();
    const path = join(dir, "table.xlsx");
    const book = await XlsxBook.create(path, { year: 2027, sensitive: false });
    const sheet = await book.addTable("台账", { columns: COLUMNS, autoFilter: true });
    for (let i = 0; i < 5; i++) await sheet.add([cell.text(`行${i}`), cell.id("0012"), cell.yuan(1 as Fen)]);
    await book.close();
    const ws = (await readBook(path)).getWorksheet("台账");
    assert.equal(ws?.getRow(1).getCell(1).value, "名称");
    assert.equal(ws?.getRow(2).getCell(2).value, "0012");
    assert.equal(ws?.pageSetup.printTitlesRow, "1:1");
    assert.deepEqual(ws?.views[0] && [ws.views[0].state, (ws.views[0] as { ySplit?: number }).ySplit], ["frozen", 1]);
    assert.equal(ws?.autoFilter, "A1:C6");
  });

  it("centres every sheet on the page (the streaming writer alone drops it)", async () => {
    const dir = await tempDir();
    await writeSample(join(dir, "c.xlsx"), 1);
    for (const sheet of (await readBook(join(dir, "c.xlsx"))).worksheets) assert.equal(sheet.pageSetup.horizontalCentered, true, sheet.name);
  });
});

describe("wrapped text heights", () => {
  it("gives a merged paragraph cell one line per paragraph when each fits the width", () => {
    assert.equal(wrappedHeight(["公示期:2027年11月1日至2027年11月7日", "监督举报电话:0000-0000000"], 100), wrappedHeight(["甲", "乙"], 100));
    assert.ok(wrappedHeight(["甲", "乙", "丙"], 100) > wrappedHeight(["甲", "乙"], 100));
  });

  it("adds lines for a paragraph wider than the sheet, counting a Chinese character as two columns", () => {
    const oneLine = wrappedHeight(["说".repeat(40)], 100);
    assert.equal(wrappedHeight(["说".repeat(60)], 100), wrappedHeight(["甲", "乙"], 100));
    assert.ok(wrappedHeight(["说".repeat(60)], 100) > oneLine);
    assert.equal(displayWidth("说明ab"), 6);
  });
});

describe("sheet names", () => {
  it("drops the characters Excel forbids and cuts to 31 characters", () => {
    assert.equal(cleanSheetName("a[b]c:d*e?f/g\\h"), "abcdefgh");
    assert.equal(cleanSheetName("'引号'"), "引号");
    assert.equal(Array.from(cleanSheetName("计".repeat(40))).length, 31);
  });

  it("keeps names unique regardless of case, within 31 characters", () => {
    const names = new SheetNames();
    assert.equal(names.take("汇总"), "汇总");
    assert.equal(names.take("汇总"), "汇总(2)");
    assert.equal(names.take("Ab"), "Ab");
    assert.equal(names.take("aB"), "aB(2)");
    const long = "项".repeat(40);
    assert.equal(names.take(long), "项".repeat(31));
    assert.equal(names.take(long), `${"项".repeat(28)}(2)`);
    assert.equal(names.take("[]"), "Sheet");
  });
});

describe("file names", () => {
  it("keeps Chinese names and replaces what file systems forbid", () => {
    assert.equal(safeFileName("东山镇"), "东山镇");
    assert.equal(safeFileName('a/b\\c:d*e?f"g<h>i|j'), "a_b_c_d_e_f_g_h_i_j");
    assert.equal(safeFileName(".."), "未命名");
    assert.equal(safeFileName("镇. "), "镇");
  });

  it("gives distinct names to names that clean to the same text", () => {
    assert.deepEqual([...uniqueFileNames(["a/b", "a:b", "A_B", "c"]).values()], ["a_b", "a_b(2)", "A_B(3)", "c"]);
  });
});
