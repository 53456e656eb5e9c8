import assert from "node:assert/strict";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readTownshipWorkbookTotals, townshipSheets, writeTownshipSheets } from "../../src/outputs/township-sheets.js";
import { fen, makeId, readBook, rowStartingWith, sampleResult, sheetValues, tempDir } from "./fixtures.js";
import { columnPoints, printableArea, scaleToWidth } from "../../src/xlsx/workbook.js";

const MONEY_HEADER = ["序号", "村", "户编号", "姓名", "身份证号", "家庭角色", "金额", "领款人", "开户银行", "银行账号", "备注"];

describe("乡镇发放表", async () => {
  const result = sampleResult();
  const dir = await tempDir();
  const written = await writeTownshipSheets(result, dir);
  const east = join(dir, "乡镇发放表", "东山镇.xlsx");

  it("writes one workbook per township, with the township's total and award count", () => {
    assert.deepEqual(
      written.map((w) => [w.path, w.total, w.count, w.sensitive]),
      [
        ["乡镇发放表/东山镇.xlsx", 1677000, 11, true],
        ["乡镇发放表/西河乡.xlsx", 705200, 4, true],
      ],
    );
    const ledger = result.awards.reduce((s, a) => s + a.amount, 0);
    assert.equal(written.reduce((s, w) => s + w.total, 0), ledger);
  });

  it("creates the workbooks owner-readable only, since they hold full IDs and accounts", { skip: process.platform === "win32" }, async () => {
    assert.equal((await stat(east)).mode & 0o777, 0o600);
  });

  it("puts 汇总 first, then one sheet per programme in the policy's order", async () => {
    const book = await readBook(east);
    assert.deepEqual(
      book.worksheets.map((s) => s.name),
      ["汇总", "独生子女父母光荣证一次性奖励", "独生子女父母奖励费(保健费)", "农村部分计划生育家庭奖励扶助金", "计划生育特别扶助金(独生子女死亡)", "新农保缴费补贴", "城乡居民医保参保资助", "养老机构入住补贴", "计生家庭子女高中助学金", "计生家庭优先优惠资格"],
    );
  });

  it("lays out a programme sheet: title, 单位, header, lines, 小计 per village, 合计 and 大写", async () => {
    const sheet = (await readBook(east)).getWorksheet("农村部分计划生育家庭奖励扶助金");
    assert.ok(sheet);
    const rows = sheetValues(sheet);
    assert.equal(rows[0]?.[0], "示例县东山镇2027年度农村部分计划生育家庭奖励扶助金发放表");
    assert.equal(rows[1]?.[0], "单位:元");
    assert.deepEqual(rows[2], MONEY_HEADER);
    assert.deepEqual(rows[3]?.slice(0, 10), [1, "前进村", "H001", "张大山", makeId(19600305, 11), "夫", 1200, "张大山", "农村信用社", "6221000000000000011"]);
    assert.equal(rows[4]?.[10], "待补录");
    assert.deepEqual([rows[5]?.[0], rows[5]?.[1], rows[5]?.[6]], ["小计", "前进村(2人)", 2400]);
    assert.deepEqual([rows[7]?.[0], rows[7]?.[1], rows[7]?.[6]], ["小计", "红星村(1人)", 1200]);
    assert.deepEqual([rows[8]?.[0], rows[8]?.[1], rows[8]?.[6]], ["合计", "3人", 3600]);
    assert.deepEqual([rows[9]?.[0], rows[9]?.[1]], ["合计(大写)", "人民币叁仟陆佰元整"]);
    assert.match(String(rows.at(-1)?.[0]), /^制表人:\s*审核人:\s*负责人:\s*日期:/);
  });

  it("writes IDs and accounts as text cells and amounts as numbers in #,##0.00", async () => {
    const sheet = (await readBook(east)).getWorksheet("农村部分计划生育家庭奖励扶助金");
    assert.ok(sheet);
    const line = sheet.getRow(4);
    assert.equal(typeof line.getCell(5).value, "string");
    assert.match(String(line.getCell(5).value), /^\d{17}[\dX]$/);
    assert.equal(line.getCell(5).numFmt, "@");
    assert.equal(typeof line.getCell(10).value, "string");
    assert.equal(line.getCell(10).numFmt, "@");
    assert.equal(line.getCell(7).value, 1200);
    assert.equal(line.getCell(7).numFmt, "#,##0.00");
  });

  it("is print-ready: A4 landscape, one page wide at a fixed scale (managed page breaks), centred, titles repeated, page numbers, header frozen", async () => {
    for (const sheet of (await readBook(east)).worksheets) {
      const p = sheet.pageSetup;
      assert.equal(p.paperSize, 9, sheet.name);
      assert.equal(p.orientation, "landscape");
      assert.equal(p.horizontalCentered, true);
      assert.ok(!p.fitToPage, "a fixed scale, so the planned page breaks hold");
      assert.equal(p.fitToWidth, 1, "Fit-to, if switched on in Excel, is one page wide");
      assert.equal(p.fitToHeight, 0);
      const widths = sheet.columns.map((c) => c.width ?? 0);
      assert.equal(p.scale, scaleToWidth(widths.map((width) => ({ header: "", width })), "A4", "landscape"), sheet.name);
      assert.ok((widths.reduce((n, w) => n + columnPoints(w), 0) * (p.scale ?? 100)) / 100 <= printableArea("A4", "landscape").width);
      assert.equal(p.printTitlesRow, "1:3");
      assert.equal(sheet.headerFooter.oddFooter, "第 &P 页 共 &N 页");
      assert.equal(sheet.views[0]?.state, "frozen");
      assert.equal((sheet.views[0] as { ySplit?: number }).ySplit, 3);
    }
  });

  it("marks how an award is paid when not to the person's own account", async () => {
    const book = await readBook(east);
    const ncms = book.getWorksheet("城乡居民医保参保资助");
    assert.ok(ncms);
    assert.equal(ncms.getRow(4).getCell(11).value, "机构:县医疗保障基金");
  });

  it("lists a qualification programme's households without amount columns", async () => {
    const sheet = (await readBook(east)).getWorksheet("计生家庭优先优惠资格");
    assert.ok(sheet);
    const rows = sheetValues(sheet);
    assert.equal(rows[0]?.[0], "示例县东山镇2027年度计生家庭优先优惠资格名单");
    assert.deepEqual(rows[2], ["序号", "村", "户编号", "姓名", "身份证号", "家庭角色", "备注"]);
    assert.deepEqual(rows[3]?.slice(0, 4), [1, "前进村", "H001", "李秀英"]);
    assert.ok(!rows.some((r) => r?.[0] === "合计(大写)"));
  });

  it("sums the 汇总 sheet per programme and village, with 合计 and 大写", async () => {
    const sheet = (await readBook(east)).getWorksheet("汇总");
    assert.ok(sheet);
    assert.deepEqual(sheetValues(sheet)[2], ["序号", "项目名称", "村", "人数", "户数", "笔数", "金额"]);
    // counts against the ledger: persons of per-person programmes, households of per-household ones, awards with money
    const household = new Set(result.policy.programs.filter((p) => p.target === "household").map((p) => p.code));
    const qualification = new Set(result.policy.programs.filter((p) => p.amount.kind === "qualification").map((p) => p.code));
    const paid = result.awards.filter((a) => a.township === "东山镇" && !qualification.has(a.code));
    const persons = new Set(paid.filter((a) => !household.has(a.code)).map((a) => a.id)).size;
    const households = new Set(paid.filter((a) => household.has(a.code)).map((a) => a.householdId)).size;
    const total = rowStartingWith(sheet, "合计");
    assert.deepEqual([total?.[3], total?.[4], total?.[5], fen(total?.[6])], [persons, households, paid.length, 1677000]);
    assert.equal(rowStartingWith(sheet, "合计(大写)")?.[1], "人民币壹万陆仟柒佰柒拾元整");
    assert.ok(rowStartingWith(sheet, "资格"), "qualifications are counted apart");
    assert.ok(sheetValues(sheet).some((r) => String(r?.[0] ?? "").startsWith("制表人:")), "signature line");
  });

  it("writes a name that looks like a formula as text", async () => {
    const sheet = (await readBook(east)).getWorksheet("计划生育特别扶助金(独生子女死亡)");
    assert.ok(sheet);
    assert.equal(sheet.getRow(4).getCell(4).value, "'=HYPERLINK(\"x\")");
    assert.equal(sheet.getRow(4).getCell(4).formula, undefined);
  });

  it("reads back each sheet's 合计 for the self-audit", async () => {
    const totals = await readTownshipWorkbookTotals(east);
    assert.equal(totals.total, 1677000);
    assert.equal(totals.summaryTotal, 1677000);
    for (const s of totals.sheets) assert.equal(s.total, s.detail, s.sheet);
    const rows = townshipSheets(result).find((t) => t.township === "东山镇");
    assert.deepEqual(
      totals.sheets.map((s) => [s.sheet, s.total, s.count]),
      rows?.programs.filter((p) => p.program.amount.kind === "money").map((p) => [p.program.name, p.total, p.count]),
    );
  });

  it("gives identical bytes for identical input", async () => {
    const again = await tempDir();
    await new Promise((r) => setTimeout(r, 1100)); // a different second on the clock
    await writeTownshipSheets(result, again);
    for (const w of written) {
      assert.ok((await readFile(join(dir, w.path))).equals(await readFile(join(again, w.path))), w.path);
    }
  });
});
