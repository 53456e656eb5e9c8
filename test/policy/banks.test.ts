import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { bankDirectory, parseBanks, prefixOwner, resolveBank, type Bank } from "../../src/policy/banks.js";
import type { Path } from "../../src/policy/parse-util.js";

const abc: Bank = { name: "中国农业银行", aliases: ["农行", "农业银行"], prefixes: ["622848"], template: undefined };
const rcb: Bank = { name: "来安农村商业银行", aliases: ["农商行", "来安农商行"], prefixes: ["621336", "6213361"], template: "农商行批量代发" };
const psbc: Bank = { name: "中国邮政储蓄银行", aliases: ["邮储银行"], prefixes: ["62133"], template: undefined };
const dir = bankDirectory([abc, rcb, psbc]);

function parse(raw: unknown): { banks: Bank[]; issues: Array<{ path: Path; message: string }> } {
  const issues: Array<{ path: Path; message: string }> = [];
  return { banks: parseBanks(raw, (path, message) => issues.push({ path, message })), issues };
}

describe("开户银行 mapped to the configured bank (DESIGN §11.3)", () => {
  test("one bank spelt four ways is one bank", () => {
    assert.equal(resolveBank(dir, "农行")?.name, "中国农业银行");
    assert.equal(resolveBank(dir, "中国农业银行来安支行")?.name, "中国农业银行");
    assert.equal(resolveBank(dir, "农商行")?.name, "来安农村商业银行");
    assert.equal(resolveBank(dir, "来安农商行")?.name, "来安农村商业银行");
  });
  test("names are compared after trimming, removing spaces and folding full-width characters", () => {
    assert.equal(resolveBank(dir, "  中国农业银行 ")?.name, "中国农业银行");
    assert.equal(resolveBank(dir, "中国 农业 银行")?.name, "中国农业银行");
    assert.equal(resolveBank(dir, "邮储银行城关支行")?.name, "中国邮政储蓄银行");
    const fw = bankDirectory([{ name: "ABC Bank", aliases: [], prefixes: [], template: undefined }]);
    assert.equal(resolveBank(fw, "ＡＢＣ　Ｂａｎｋ")?.name, "ABC Bank");
  });
  test("a name that only begins like a bank, without a branch word after it, is not that bank", () => {
    assert.equal(resolveBank(dir, "农行卡"), undefined);
    assert.equal(resolveBank(dir, "建设银行"), undefined);
    assert.equal(resolveBank(dir, ""), undefined);
  });
  test("the longest card prefix names the bank that issued the card", () => {
    assert.equal(prefixOwner(dir, "6228480000000009019")?.bank.name, "中国农业银行");
    assert.equal(prefixOwner(dir, "6213361000000000001")?.prefix, "6213361");
    assert.equal(prefixOwner(dir, "6213300000000000001")?.bank.name, "中国邮政储蓄银行");
    assert.equal(prefixOwner(dir, "6217000000000000001"), undefined);
  });
});

describe("the policy's banks list", () => {
  test("reads name, aliases, prefixes and template", () => {
    const { banks, issues } = parse([{ name: "中国农业银行", aliases: ["农行"], prefixes: ["622848"] }, { name: "农商行", template: "农商行批量代发" }]);
    assert.deepEqual(issues, []);
    assert.deepEqual(banks, [
      { name: "中国农业银行", aliases: ["农行"], prefixes: ["622848"], template: undefined },
      { name: "农商行", aliases: [], prefixes: [], template: "农商行批量代发" },
    ]);
  });
  test("absent means no list", () => {
    assert.deepEqual(parse(undefined), { banks: [], issues: [] });
  });
  test("one spelling for two banks is refused, naming the first bank", () => {
    const { issues } = parse([{ name: "中国农业银行", aliases: ["农行"] }, { name: "农村商业银行", aliases: ["农 行"] }]);
    assert.equal(issues.length, 1);
    assert.deepEqual(issues[0]?.path, ["banks", 1, "aliases"]);
    assert.match(issues[0]?.message ?? "", /中国农业银行/);
  });
  test("a prefix must be digits, and belongs to one bank only", () => {
    const { issues } = parse([{ name: "甲", prefixes: ["62a"] }, { name: "乙", prefixes: ["622848"] }, { name: "丙", prefixes: ["622848"] }]);
    assert.deepEqual(issues.map((i) => i.path), [["banks", 0, "prefixes", 0], ["banks", 2, "prefixes", 0]]);
  });
  test("a bank without a name, or with an unknown key, is refused", () => {
    const { issues } = parse([{ aliases: ["农行"] }, { name: "甲", prefix: ["1"] }]);
    assert.deepEqual(issues.map((i) => i.path), [["banks", 0, "name"], ["banks", 1, "prefix"]]);
  });
});
