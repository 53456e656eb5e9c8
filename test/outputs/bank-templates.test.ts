import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { fen } from "../../src/domain/money.js";
import {
  DEFAULT_BANK_TEMPLATE, formatAmount, parseAmount, parseBankTemplates, policyBankTemplates, templateForBank, type BankTemplateIssue,
} from "../../src/outputs/bank/index.js";
import { samplePolicy } from "./bank-fixture.js";

function issuesOf(yaml: string): BankTemplateIssue[] {
  const r = parseBankTemplates((parse(yaml) as { bank: unknown }).bank);
  assert.equal(r.ok, false, "expected the bank section to be rejected");
  return r.ok ? [] : r.issues;
}

function hasIssue(issues: readonly BankTemplateIssue[], path: string, words: RegExp): void {
  assert.ok(
    issues.some((i) => i.path === path && words.test(i.message)),
    `no issue at ${path} matching ${words}; got ${JSON.stringify(issues)}`,
  );
}

describe("bank templates: parsing the policy's bank section", () => {
  it("no bank section means the default template of DESIGN §7.5 for every bank", () => {
    const r = parseBankTemplates(undefined);
    assert.ok(r.ok);
    const t = templateForBank(r.value, "任何银行");
    assert.equal(t, DEFAULT_BANK_TEMPLATE);
    assert.deepEqual(t.columns.map((c) => c.title), ["序号", "户名", "证件号码", "账号", "金额", "摘要"]);
    assert.equal(t.encoding, "GBK");
    assert.equal(t.control, "footer");
    assert.equal(t.lines, "per_payee_program");
    assert.equal(parseBankTemplates(null).ok, true);
  });

  it("the sample section assigns the pipe-delimited txt template to 示例县农村商业银行 and the default to the others", () => {
    const r = policyBankTemplates(samplePolicy());
    assert.ok(r.ok, JSON.stringify(r));
    const txt = templateForBank(r.value, "示例县农村商业银行");
    assert.equal(txt.format, "txt");
    assert.equal(txt.delimiter, "|");
    assert.equal(txt.titleRow, false);
    assert.equal(txt.control, "header");
    assert.equal(txt.unitCode, "349900001");
    assert.deepEqual(txt.columns.map((c) => c.field), ["序号", "户名", "金额", "账号", "单位编号", "证件类型", "证件号码", "次数"]);
    assert.deepEqual(txt.columns.map((c) => c.title), ["编号", "姓名", "金额", "账号", "单位编号", "证件类型", "证件号码", "次数"]);
    const csv = templateForBank(r.value, "农村信用社");
    assert.equal(csv.format, "csv");
    assert.equal(csv.titleRow, true);
    assert.equal(csv.delimiter, ",");
  });

  it("fields a template omits take the built-in defaults, with txt defaulting to | and no title row", () => {
    const r = parseBankTemplates({ templates: { t: { banks: [" 某银行 "], format: "txt", control: "header", unit_code: "A1" } } });
    assert.ok(r.ok, JSON.stringify(r));
    const t = templateForBank(r.value, "某银行");
    assert.equal(t.delimiter, "|");
    assert.equal(t.titleRow, false);
    assert.equal(t.encoding, "GBK");
    assert.equal(t.amountUnit, "元");
    assert.equal(t.lineEnding, "\r\n");
  });

  it("accepts 分, per_payee, UTF-8 spelled utf8, LF line endings and a fixed 摘要", () => {
    const r = parseBankTemplates({ default: { amount_unit: "分", lines: "per_payee", encoding: "utf8", line_ending: "LF", summary: "计生奖扶" } });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.value.default.amountUnit, "分");
    assert.equal(r.value.default.lines, "per_payee");
    assert.equal(r.value.default.encoding, "UTF-8");
    assert.equal(r.value.default.lineEnding, "\n");
    assert.equal(r.value.default.summary, "计生奖扶");
  });

  it("an unknown value names the key and the allowed values", () => {
    hasIssue(issuesOf("bank: {default: {encoding: big5}}"), "bank.default.encoding", /GBK.*GB18030.*UTF-8/);
    hasIssue(issuesOf("bank: {default: {format: pdf}}"), "bank.default.format", /csv \/ txt \/ xlsx/);
    hasIssue(issuesOf("bank: {default: {amount_unit: 角}}"), "bank.default.amount_unit", /元 \/ 分/);
    hasIssue(issuesOf("bank: {default: {control: 合计}}"), "bank.default.control", /footer \/ header/);
    hasIssue(issuesOf("bank: {default: {lines: per_household}}"), "bank.default.lines", /per_payee_program \/ per_payee/);
    hasIssue(issuesOf("bank: {default: {delimiter: ab}}"), "bank.default.delimiter", /分隔字符/);
    hasIssue(issuesOf("bank: {default: {title_row: 是}}"), "bank.default.title_row", /true 或 false/);
  });

  it("an unknown column word is reported at its position in the list", () => {
    const issues = issuesOf("bank:\n  templates:\n    农商行:\n      banks: [示例县农村商业银行]\n      columns: [序号, 户名, 帐号, 金额]\n");
    hasIssue(issues, "bank.templates.农商行.columns[2]", /未知的列名“帐号”/);
    assert.deepEqual(issues.find((i) => i.path.endsWith("[2]"))?.keys, ["bank", "templates", "农商行", "columns", 2]);
  });

  it("a column list without 金额, 账号 or 户名 is rejected, and so is a repeated column", () => {
    hasIssue(issuesOf("bank: {default: {columns: [序号, 户名, 账号, 摘要]}}"), "bank.default.columns", /必须包含“金额”/);
    hasIssue(issuesOf("bank: {default: {columns: [序号, 户名, 账号, 金额, 姓名]}}"), "bank.default.columns[4]", /重复/);
  });

  it("a 合计 footer needs the amount column after the first two", () => {
    hasIssue(issuesOf("bank: {default: {columns: [户名, 金额, 账号]}}"), "bank.default.columns", /前两列/);
  });

  it("a header control line or a 单位编号 column needs unit_code, written as quoted text", () => {
    hasIssue(issuesOf("bank: {default: {control: header}}"), "bank.default.unit_code", /unit_code/);
    hasIssue(issuesOf("bank: {default: {columns: [序号, 户名, 账号, 金额, 单位编号]}}"), "bank.default.unit_code", /unit_code/);
    hasIssue(issuesOf("bank: {default: {control: header, unit_code: 0012}}"), "bank.default.unit_code", /加引号/);
    hasIssue(issuesOf("bank: {default: {id_type: 01}}"), "bank.default.id_type", /加引号/);
  });

  it("a named template needs its banks, and a bank belongs to one template only", () => {
    hasIssue(issuesOf("bank: {templates: {t: {format: txt}}}"), "bank.templates.t.banks", /开户银行/);
    hasIssue(
      issuesOf("bank: {templates: {a: {banks: [工行]}, b: {banks: [建行, 工行]}}}"),
      "bank.templates.b.banks[1]",
      /已指定给模板 a/,
    );
    hasIssue(issuesOf("bank: {default: {banks: [工行]}}"), "bank.default.banks", /默认模板不需要 banks/);
  });

  it("unknown keys are named, at the top of the section and inside a template", () => {
    hasIssue(issuesOf("bank: {defaults: {}}"), "bank.defaults", /未知的键/);
    hasIssue(issuesOf("bank: {default: {encodng: GBK}}"), "bank.default.encodng", /未知的键 encodng/);
    hasIssue(issuesOf("bank: [csv]"), "bank", /映射/);
  });

  it("in a txt template the delimiter may not appear in a fixed text", () => {
    hasIssue(issuesOf("bank: {default: {format: txt, summary: 'a|b'}}"), "bank.default.summary", /分隔符/);
  });
});

describe("bank templates: amounts", () => {
  it("元 are written with two decimals and 分 as a whole number, from integer fen", () => {
    assert.equal(formatAmount(fen(120000), "元"), "1200.00");
    assert.equal(formatAmount(fen(5), "元"), "0.05");
    assert.equal(formatAmount(fen(120000), "分"), "120000");
    assert.equal(formatAmount(fen(123456789012345), "元"), "1234567890123.45");
  });

  it("amounts read back strictly in the template's unit", () => {
    assert.equal(parseAmount("1200.00", "元"), 120000);
    assert.equal(parseAmount("1200", "元"), undefined);
    assert.equal(parseAmount("1200.5", "元"), undefined);
    assert.equal(parseAmount("120000", "分"), 120000);
    assert.equal(parseAmount("1200.00", "分"), undefined);
  });
});
