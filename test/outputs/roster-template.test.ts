import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import type { FillPattern, Workbook, Worksheet } from "exceljs";
import ExcelJS from "../../src/input/exceljs.js";
import { luhnValid, parseIdNumber } from "../../src/domain/id-number.js";
import { HELP_SHEET, TEMPLATE_ROWS, TEMPLATE_SHEET, writeRosterTemplate } from "../../src/outputs/roster-template.js";
import { EXAMPLE_ROWS } from "../../src/outputs/roster-template-content.js";
import { COLUMNS } from "../../src/roster/columns.js";
import { loadRoster } from "../../src/roster/load-roster.js";
import { tempDir } from "../helpers/temp-dir.js";

const dir = tempDir("payout-template-");
const path = join(dir, "花名册模板.xlsx");
const written = writeRosterTemplate(path);

async function book(): Promise<Workbook> {
  await written;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function sheet(wb: Workbook, name: string): Worksheet {
  const ws = wb.getWorksheet(name);
  assert.ok(ws, `sheet ${name}`);
  return ws;
}

const colOf = (header: string): number => COLUMNS.findIndex((c) => c.header === header) + 1;

describe("roster template (payout template)", () => {
  it("the first sheet is 花名册 with the roster columns in order, header text unchanged", async () => {
    const wb = await book();
    assert.equal(wb.worksheets[0]?.name, TEMPLATE_SHEET);
    const ws = sheet(wb, TEMPLATE_SHEET);
    const headers = COLUMNS.map((_, i) => ws.getRow(1).getCell(i + 1).value);
    assert.deepEqual(headers, COLUMNS.map((c) => c.header));
    assert.equal(ws.views[0]?.state, "frozen");
    assert.equal((ws.views[0] as { ySplit?: number }).ySplit, 1);
  });

  it("required columns are marked by colour and note, not by their text", async () => {
    const ws = sheet(await book(), TEMPLATE_SHEET);
    const fill = (h: string): string | undefined => ((ws.getRow(1).getCell(colOf(h)).fill as FillPattern).fgColor?.argb);
    assert.notEqual(fill("身份证号"), fill("低保"));
    assert.equal(fill("身份证号"), fill("姓名"));
    const note = ws.getRow(1).getCell(colOf("身份证号")).note;
    const noteText = typeof note === "string" ? note : (note?.texts ?? []).map((t) => t.text).join("");
    assert.match(noteText, /必填/);
    assert.match(noteText, /文本/);
  });

  it("ID, account, phone and 户编号 columns are text-formatted for the fill-in rows; date columns yyyy-mm-dd", async () => {
    const ws = sheet(await book(), TEMPLATE_SHEET);
    for (const h of ["身份证号", "银行账号", "联系电话", "户编号"]) {
      for (const r of [2, 100, TEMPLATE_ROWS + 1]) assert.equal(ws.getRow(r).getCell(colOf(h)).numFmt, "@", `${h} row ${r}`);
      assert.equal(ws.getColumn(colOf(h)).numFmt, "@", `${h} column`);
    }
    for (const h of ["死亡日期", "光荣证日期", "节育措施日期"]) assert.equal(ws.getRow(500).getCell(colOf(h)).numFmt, "yyyy-mm-dd", h);
  });

  it("coded columns have drop-down lists with the values the roster reader accepts", async () => {
    const ws = sheet(await book(), TEMPLATE_SHEET);
    const list = (h: string, row = 2): string | undefined => {
      const v = ws.getRow(row).getCell(colOf(h)).dataValidation;
      assert.equal(v?.type, "list", `${h} row ${row}`);
      return String(v?.formulae?.[0]);
    };
    assert.equal(list("家庭角色"), '"夫,妻,子女,子,女,养子,养女"');
    assert.equal(list("家庭角色", TEMPLATE_ROWS + 1), '"夫,妻,子女,子,女,养子,养女"');
    assert.equal(list("性别"), '"男,女"');
    assert.equal(list("户籍性质"), '"农业,非农业"');
    assert.equal(list("伤残等级"), '"1,2,3,4"');
    assert.equal(list("并发症等级"), '"1,2,3"');
    assert.equal(list("在读学段"), '"学前,小学,初中,高中,大学"');
    for (const h of ["违法生育", "低保", "新农保参保", "入住养老机构", "品学兼优", "困难家庭", "收养", "领款人"]) assert.equal(list(h), '"是,否"');
    assert.equal(ws.getRow(2).getCell(colOf("身份证号")).dataValidation?.type, "textLength");
  });

  it("the example households have valid synthetic IDs (region 3499xx) and Luhn-valid accounts on the parents", async () => {
    const ws = sheet(await book(), TEMPLATE_SHEET);
    const rows = EXAMPLE_ROWS.map((_, i) => ws.getRow(i + 2));
    assert.equal(rows.length, 7);
    for (const row of rows) {
      const id = row.getCell(colOf("身份证号")).value;
      assert.equal(typeof id, "string", "IDs are text cells");
      assert.match(String(id), /^3499\d{14}$|^3499\d{13}X$/);
      assert.ok(parseIdNumber(String(id)).ok, `${String(id)} valid`);
      const role = String(row.getCell(colOf("家庭角色")).value);
      const account = row.getCell(colOf("银行账号")).value;
      if (role === "夫" || role === "妻") {
        assert.equal(typeof account, "string");
        assert.ok(luhnValid(String(account)), String(account));
      } else assert.equal(account, null);
    }
    const households = new Set(rows.map((r) => String(r.getCell(colOf("户编号")).value)));
    assert.equal(households.size, 2);
    const cert = rows[0]?.getCell(colOf("光荣证日期")).value;
    assert.ok(cert instanceof Date, "dates are date cells");
  });

  it("the roster reader accepts the template as written: 7 rows, none rejected, no errors", async () => {
    await written;
    const roster = await loadRoster(path, { year: 2027, keepCells: false });
    assert.equal(roster.rowsRead, 7);
    assert.equal(roster.rowsRejected, 0);
    assert.deepEqual(roster.problems.filter((p) => p.level === "错误"), []);
    assert.deepEqual(roster.households.map((h) => h.length).sort(), [3, 4]);
  });

  it("the 说明 sheet explains every column", async () => {
    const ws = sheet(await book(), HELP_SHEET);
    const described = new Set<string>();
    ws.eachRow((row) => described.add(String(row.getCell(1).value)));
    for (const c of COLUMNS) assert.ok(described.has(c.header), c.header);
    let all = "";
    ws.eachRow((row) => (all += String(row.getCell(1).value) + String(row.getCell(4).value)));
    assert.match(all, /1\.10105E\+17/);
  });

  it("writes the same bytes every time", async () => {
    await written;
    const again = join(dir, "again.xlsx");
    await writeRosterTemplate(again);
    assert.ok(readFileSync(path).equals(readFileSync(again)));
  });
});
