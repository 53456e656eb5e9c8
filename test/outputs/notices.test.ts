import assert from "node:assert/strict";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { maskName, noticePeriod, writeNotices } from "../../src/outputs/notices.js";
import { readSheetRows } from "../../src/input/read-sheets.js";
import { openZip } from "../../src/xlsx/zip-entries.js";
import { fen, makeId, readBook, rowStartingWith, sampleResult, sheetValues, tempDir } from "./fixtures.js";

/** The manual row breaks of a workbook's first sheet, as written in its XML. */
async function rowBreaks(path: string): Promise<number[]> {
  const zip = await openZip(path);
  let xml = "";
  for await (const chunk of await zip.stream("xl/worksheets/sheet1.xml")) xml += String(chunk);
  return [...xml.matchAll(/<brk id="(\d+)"/g)].map((m) => Number(m[1]));
}

describe("公示名单", async () => {
  const result = sampleResult({ noticeStart: 20271101 });
  const dir = await tempDir();
  const written = await writeNotices(result, dir);
  const east = join(dir, "公示名单", "东山镇.xlsx");

  it("writes one public workbook per township, holding only programmes on the notice", () => {
    assert.deepEqual(
      written.map((w) => [w.path, w.count, w.total, w.sensitive]),
      [
        ["公示名单/东山镇.xlsx", 7, 1330000, false],
        ["公示名单/西河乡.xlsx", 3, 702000, false],
      ],
    );
  });

  it("has one sheet per village", async () => {
    assert.deepEqual((await readBook(east)).worksheets.map((s) => s.name), ["前进村", "红星村"]);
  });

  it("titles the sheet and groups the lines by programme, in the policy's order", async () => {
    const sheet = (await readBook(east)).getWorksheet("红星村");
    assert.ok(sheet);
    const rows = sheetValues(sheet);
    assert.equal(rows[0]?.[0], "示例县东山镇红星村2027年度计划生育奖励扶助等项目对象公示");
    assert.match(String(rows[1]?.[0]), /经本人申请、村\(居\)民评议、村\(居\)委会审核/);
    assert.match(String(rows[1]?.[0]), /公示项目:独生子女父母光荣证一次性奖励\(依据:县计生利益导向实施意见/);
    assert.deepEqual(rows[3], ["序号", "项目", "姓名", "性别", "出生年月", "身份证号", "金额"]);
    assert.deepEqual(
      rows.slice(4, 8).map((r) => r?.slice(0, 3)),
      [
        [1, "独生子女父母光荣证一次性奖励", "孙丽"],
        [2, "独生子女父母奖励费(保健费)", "孙丽"],
        [3, "农村部分计划生育家庭奖励扶助金", "赵德"],
        [4, "计划生育特别扶助金(独生子女死亡)", "'=HYPERLINK(\"x\")"],
      ],
    );
    const id = makeId(19900202, 62);
    assert.deepEqual(rows[4]?.slice(3), ["女", "1990-02", `${id.slice(0, 6)}********${id.slice(-4)}`, 1000]);
    assert.equal(fen(rowStartingWith(sheet, "合计")?.[6]), 940000);
  });

  it("masks every ID and a minor's name, and never shows a full ID or an account", async () => {
    const sheet = (await readBook(east)).getWorksheet("前进村");
    assert.ok(sheet);
    const rows = sheetValues(sheet);
    const child = rows.find((r) => r?.[1] === "计生家庭子女高中助学金");
    assert.deepEqual(child?.slice(2, 5), ["王**", "男", "2011-09"]);
    for (const r of rows.slice(4)) if (typeof r?.[0] === "number") assert.match(String(r[5]), /^\d{6}\*{8}\d{3}[\dX]$/);
    // Scan every cell of every township's workbook for any ID, payee ID or account of the ledger.
    const secrets = result.awards.flatMap((a) => [a.id, a.payeeId, a.account]).filter((s) => s.length >= 8);
    for (const w of written) {
      const zip = await openZip(join(dir, w.path));
      for (const name of zip.names) {
        let xml = "";
        for await (const chunk of await zip.stream(name)) xml += String(chunk);
        for (const s of secrets) assert.ok(!xml.includes(s), `${w.path} ${name} holds ${s.slice(0, 6)}…`);
      }
    }
  });

  it("prints the notice period, where to object and the complaint phone below the table, in one cell a page break cannot split", async () => {
    const sheet = (await readBook(east)).getWorksheet("前进村");
    assert.ok(sheet);
    const closing = String(sheetValues(sheet).at(-2)?.[0]);
    assert.deepEqual(closing.split("\n"), [
      "公示期:2027年11月1日至2027年11月7日",
      "如有异议,请在公示期内向村(居)委会、乡镇计生办、县卫生健康局家庭发展股反映。",
      "监督举报电话:0000-0000000",
    ]);
    const row = sheet.getRow(sheet.rowCount - 1);
    assert.ok((row.height ?? 0) >= 3 * 16, `row height ${row.height}`);
    assert.equal(row.getCell(1).alignment?.wrapText, true);
    // 落款: the issuing body with room for its seal, and the date
    const issuer = sheet.getRow(sheet.rowCount);
    assert.deepEqual(String(issuer.getCell(1).value).split("\n"), ["示例县卫生健康局(盖章)", "2027年11月1日"]);
    assert.ok((issuer.height ?? 0) >= 90, "room for a seal");
  });

  it("leaves blanks to fill by hand when no notice start is given", () => {
    const { notice } = result.policy;
    assert.equal(noticePeriod(0, notice), "公示期:____年__月__日至____年__月__日");
    assert.equal(noticePeriod(20271228, notice), "公示期:2027年12月28日至2028年1月3日");
  });

  it("masks every name when the policy asks", async () => {
    const policy = { ...result.policy, notice: { ...result.policy.notice, maskNames: true } };
    const masked = await tempDir();
    const files = await writeNotices(sampleResult({ policy }), masked);
    // the 姓名 of every listed line (a 序号 in column A), as the workbooks hold them
    const names: string[] = [];
    for (const f of files) {
      for await (const { cells } of readSheetRows(join(masked, ...f.path.split("/")))) if (typeof cells[0] === "number") names.push(String(cells[2]));
    }
    assert.equal(names.length, files.reduce((n, f) => n + f.count, 0));
    // (the sample's hostile name "=…" keeps the apostrophe that stops a spreadsheet reading it as a formula)
    assert.ok(names.every((n) => /^'?.\*+$/u.test(n)), names.join());
    assert.equal(maskName("欧阳娜娜"), "欧***");
    assert.equal(maskName("𠀀明"), "𠀀*");
  });

  it("is print-ready and reads back through the audit reader", async () => {
    const book = await readBook(east);
    for (const sheet of book.worksheets) {
      assert.equal(sheet.pageSetup.orientation, "portrait");
      assert.equal(sheet.pageSetup.paperSize, 9, "A4");
      assert.ok((sheet.pageSetup.scale ?? 0) >= 60 && (sheet.pageSetup.scale ?? 0) <= 100, "a fixed scale, so the page breaks set hold");
      assert.equal(sheet.pageSetup.printTitlesRow, "3:4");
      assert.equal(sheet.headerFooter.oddFooter, "第 &P 页 共 &N 页");
    }
    let total = 0;
    for await (const { cells } of readSheetRows(east)) if (cells[0] === "合计" && typeof cells[6] === "number") total += Math.round(cells[6] * 100);
    assert.equal(total, 1330000);
    assert.equal((await stat(east)).isFile(), true);
  });

  it("keeps the closing block on the printed page of the last rows of a long list, on A4 and A3", async () => {
    for (const paper of ["A4", "A3"] as const) {
      const policy = { ...result.policy, notice: { ...result.policy.notice, paper } };
      const one = result.awards.find((a) => a.code === "jiangfu");
      assert.ok(one);
      // 1 to 120 lines: wherever the list ends on its page, the block goes with its last rows
      for (const n of [1, 25, 31, 37, 44, 58, 120]) {
        const awards = Array.from({ length: n }, (_, i) => ({ ...one, village: "长列村", householdId: `L${String(i).padStart(4, "0")}`, id: makeId(19600101, i + 1) }));
        const out = await tempDir();
        await writeNotices({ ...result, policy, awards }, out);
        const path = join(out, "公示名单", `${one.township}.xlsx`);
        const sheet = (await readBook(path)).getWorksheet("长列村");
        assert.ok(sheet);
        assert.equal(sheet.pageSetup.paperSize, paper === "A4" ? 9 : 8);
        const breaks = await rowBreaks(path);
        const lastRow = 4 + n;
        // a break after row k means rows k+1… start a page: none may fall between the last line and the block
        assert.ok(breaks.every((b) => b < lastRow), `${paper} ${n}: breaks ${breaks.join(",")} last line ${lastRow}`);
        // every page's rows fit the page as measured at the sheet's scale
        const scale = (sheet.pageSetup.scale ?? 100) / 100;
        const pageHeight = (paper === "A4" ? 841.9 : 1190.6) - 1.3 * 72;
        const heightOf = (r: number): number => sheet.getRow(r).height ?? 15;
        const starts = [5, ...breaks.map((b) => b + 1)];
        starts.forEach((start, i) => {
          const end = i + 1 < starts.length ? (starts[i + 1] ?? 0) - 1 : sheet.rowCount;
          let h = i === 0 ? [1, 2, 3, 4].reduce((x, r) => x + heightOf(r), 0) : heightOf(3) + heightOf(4);
          for (let r = start; r <= end; r++) h += heightOf(r);
          assert.ok(h * scale <= pageHeight, `${paper} ${n}: page ${i + 1} is ${Math.round(h * scale)} pt of ${Math.round(pageHeight)}`);
        });
      }
    }
  });

  it("gives identical bytes for identical input", async () => {
    const again = await tempDir();
    await writeNotices(result, again);
    for (const w of written) assert.ok((await readFile(join(dir, w.path))).equals(await readFile(join(again, w.path))), w.path);
  });
});
