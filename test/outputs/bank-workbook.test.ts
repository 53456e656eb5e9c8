import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import ExcelJS from "../../src/input/exceljs.js";
import { parse } from "yaml";
import {
  parseBankTemplates, planBankFiles, policyBankTemplates, readBankFileTotals, writeBankFiles, type BankTemplates,
} from "../../src/outputs/bank/index.js";
import type { Award } from "../../src/domain/award.js";
import type { RunResult } from "../../src/outputs/run-result.js";
import type { Policy } from "../../src/policy/types.js";
import { villageKey } from "../../src/roster/region-codes.js";
import { sampleWithConsolationViaYikatong } from "../helpers/policy-variant.js";
import { award, samplePolicy, smallRun, WANG } from "./bank-fixture.js";
import { tempDir } from "../helpers/temp-dir.js";

// format: xlsx bank templates (DESIGN §11.5) and pay_via: a programme paid through its own template.

/** The sample switched as its comment shows (consolation_disabled via 一卡通), hs_grant through 一卡通 as well. */
const base = samplePolicy(sampleWithConsolationViaYikatong());
const policy: Policy = {
  ...base,
  programs: base.programs.map((p) => (p.code === "hs_grant" ? { ...p, payVia: { template: "一卡通", itemCode: undefined } } : p)),
};
const templates = ((): BankTemplates => {
  const r = policyBankTemplates(policy);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
})();

function issues(yaml: string, payVia: Array<{ code: string; template: string; index: number }> = []): string[] {
  const r = parseBankTemplates((parse(yaml) as { bank: unknown }).bank, [], payVia);
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

describe("xlsx bank templates: parsing", () => {
  it("the sample's 一卡通 template: a sheet, a title row, columns that are fields, constants or 序号, 元, a 合计 row", () => {
    const t = templates.byProgram?.get("consolation_disabled");
    assert.ok(t);
    assert.equal(t.format, "xlsx");
    assert.equal(t.sheet, "发放清单");
    assert.equal(t.totalRow, true);
    assert.equal(t.amountUnit, "元");
    assert.deepEqual(t.columns.map((c) => c.title), ["序号", "补贴项目名称", "补贴项目代码", "发放期号", "乡镇", "村", "姓名", "身份证号", "社会保障卡号/一卡通账号", "开户银行", "发放金额", "备注"]);
    assert.deepEqual(t.columns.map((c) => c.field), ["序号", "摘要", "补贴项目代码", "常量", "乡镇", "村", "户名", "证件号码", "账号", "开户银行", "金额", "常量"]);
    assert.equal(t.columns[3]?.value, "{年度}01");
  });

  it("a template named only by a programme's pay_via needs no banks; an unknown one is refused at the programme", () => {
    const yaml = "bank: {templates: {一卡通: {format: xlsx, columns: [姓名, 账号, 身份证号, 金额]}}}";
    assert.deepEqual(issues(yaml, [{ code: "x", template: "一卡通", index: 3 }]), []);
    assert.match(issues(yaml)[0] ?? "", /需要 banks/);
    assert.deepEqual(issues("bank: {templates: {一卡通: {banks: [], format: xlsx, columns: [姓名, 账号, 金额]}}}"), [], "banks: [] keeps a template for a later pay_via");
    assert.match(issues(yaml, [{ code: "x", template: "社保卡", index: 3 }]).join("\n"), /programs\[3\]\.pay_via: 模板 社保卡 不在 bank\.templates 中/);
  });

  it("keys of the other kind of file, unknown placeholders and half-written columns are named", () => {
    const text = issues("bank: {default: {format: xlsx, encoding: GBK, delimiter: '|', title_rows: ['{乡镇}名单'], columns: [姓名, 账号, 金额, {title: 期号}, {title: 备注, field: 摘要, value: x}, {title: 代码, value: '{年月}'}]}}").join("\n");
    assert.match(text, /bank\.default\.encoding: encoding 只用于 csv\/txt 文件/);
    assert.match(text, /bank\.default\.delimiter: delimiter 只用于 csv\/txt 文件/);
    assert.match(text, /title_rows\[0\]: “\{乡镇\}”无法填入/);
    assert.match(text, /columns\[3\]: 列“期号”需要 field/);
    assert.match(text, /columns\[4\]: 列“备注”需要 field/);
    assert.match(text, /columns\[5\]\.value: “\{年月\}”无法填入/);
    assert.match(issues("bank: {default: {format: csv, sheet: 清单, total_row: true}}").join("\n"), /sheet 只用于 Excel 模板/);
    assert.match(issues("bank: {default: {format: xlsx, sheet: 'a/b'}}").join("\n"), /工作表名/);
  });
});

describe("pay_via: a programme's awards in a workbook of their own", () => {
  const run = (extra: Award[] = []): RunResult => ({
    ...smallRun(policy, extra),
    regionCodes: new Map([[villageKey("城关镇", "东村"), "349901001001"]]),
  });

  it("leave the payees' bank files, one file per programme named <模板>-<项目名称>.xlsx, the title and constants filled in", () => {
    const { files, problems } = planBankFiles(run(), templates);
    assert.deepEqual(problems, []);
    const paths = files.map((f) => f.path);
    assert.ok(paths.includes("银行代发/一卡通-计生家庭子女高中助学金.xlsx"), paths.join());
    const list = files.find((f) => f.path === "银行代发/一卡通-计生家庭子女高中助学金.xlsx");
    assert.ok(list);
    assert.deepEqual(list.titles, ["示例县惠民惠农财政补贴资金“一卡通”发放清单(2027年度 计生家庭子女高中助学金)"]);
    assert.equal(list.rows.length, 2, "one line per payee and programme: the two daughters' grants go to their father in one line");
    const first = list.rows[0] ?? [];
    assert.deepEqual(first.slice(0, 4), ["1", "计生家庭子女高中助学金", "hs_grant", "202701"]);
    assert.equal(first[9], "农村信用社", "开户银行 is the payee's bank, not the template's name");
    for (const f of files) if (f !== list) for (const r of f.rows) assert.ok(!r.includes("计生家庭子女高中助学金"), `${f.path} holds no hs_grant line`);
    const all = files.reduce((s, f) => s + f.total, 0);
    const due = run().awards.filter((a) => a.payeeKind === "个人").reduce((s, a) => s + a.amount, 0);
    assert.equal(all, due, "every 个人 award is in exactly one file");
  });

  it("region codes reach the template as 区划代码, 乡镇区划代码 and 县区划代码", () => {
    const yaml = "bank: {templates: {一卡通: {format: xlsx, columns: [姓名, 账号, 金额, 区划代码, 乡镇区划代码, 县区划代码, 村]}}}";
    const r = parseBankTemplates((parse(yaml) as { bank: unknown }).bank, [], [{ code: "hs_grant", template: "一卡通", index: 0 }]);
    assert.ok(r.ok);
    const list = planBankFiles(run(), r.value).files.find((f) => f.path.startsWith("银行代发/一卡通-"));
    const rows = (list?.rows ?? []).map((row) => row.slice(3));
    assert.deepEqual(rows[0], ["349901001001", "349901001000", "349901000000", "东村"]);
    assert.deepEqual(rows.find((x) => x[3] === "西村"), ["", "", "", "西村"], "a village without a code gets blanks");
  });

  it("the workbook has text IDs and accounts, numeric amounts and 合计,<笔数>,…,<总金额>; the self-audit reads it back", async () => {
    const dir = tempDir("payout-xlsx-bank-");
    const written = await writeBankFiles(run(), dir, templates);
    const file = written.find((w) => w.path === "银行代发/一卡通-计生家庭子女高中助学金.xlsx");
    assert.ok(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, file.path)) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet("发放清单");
    assert.ok(ws);
    assert.equal(ws.getRow(2).getCell(8).value, "身份证号");
    const line = ws.getRow(3);
    assert.equal(typeof line.getCell(8).value, "string");
    assert.equal(line.getCell(8).numFmt, "@");
    assert.equal(line.getCell(9).numFmt, "@");
    assert.equal(line.getCell(4).value, "202701");
    assert.equal(line.getCell(11).value, 1500);
    const total = ws.getRow(5);
    assert.deepEqual([total.getCell(1).value, total.getCell(2).value, total.getCell(11).value], ["合计", 2, 4500]);
    const back = await readBankFileTotals(join(dir, file.path), file.template);
    assert.deepEqual(back, { lines: 2, total: 450000, declaredCount: 2, declaredTotal: 450000 });
  });

  it("amounts in 分 are whole numbers, and without total_row the lines are all there is", async () => {
    const yaml = "bank: {templates: {一卡通: {format: xlsx, amount_unit: 分, total_row: false, columns: [姓名, 账号, 金额]}}}";
    const r = parseBankTemplates((parse(yaml) as { bank: unknown }).bank, [], [{ code: "hs_grant", template: "一卡通", index: 0 }]);
    assert.ok(r.ok);
    const dir = tempDir("payout-xlsx-bank-");
    const written = await writeBankFiles(run([award(policy, { hh: "CG-001", name: "王秀英", id: WANG, code: "hs_grant", yuan: 0.5, payee: ["王秀英", WANG] })]), dir, r.value);
    const file = written.find((w) => w.path.startsWith("银行代发/一卡通-"));
    assert.ok(file);
    const back = await readBankFileTotals(join(dir, file.path), file.template);
    assert.deepEqual(back, { lines: 2, total: 450050, declaredCount: 2, declaredTotal: 450050 });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(readFileSync(join(dir, file.path)) as unknown as ArrayBuffer);
    const amounts = (wb.worksheets[0]?.getColumn(3).values ?? []).slice(2);
    assert.deepEqual(amounts, [150050, 300000]);
  });
});
