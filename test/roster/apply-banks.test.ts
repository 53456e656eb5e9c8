import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Bank } from "../../src/policy/banks.js";
import { applyBanks } from "../../src/roster/apply-banks.js";
import { household, husband, wife } from "../helpers/household-builder.js";

const banks: Bank[] = [
  { name: "中国农业银行", aliases: ["农行"], prefixes: ["622848"], template: undefined },
  { name: "来安农村商业银行", aliases: ["农商行", "来安农商行"], prefixes: ["621336"], template: undefined },
];

describe("applying the policy's banks to the roster", () => {
  test("four spellings become two banks, and the rows carry the configured name", () => {
    const hhs = [
      household("H1", [husband(19600101, { bank: "农行", account: "6228480000000000011" }), wife(19610101, { bank: "中国农业银行来安支行", account: "6228480000000000029" })]),
      household("H2", [husband(19600101, { bank: "农商行", account: "6213360000000000011" }), wife(19610101, { bank: "来安农商行", account: "6213360000000000029" })]),
    ];
    const { problems, counts } = applyBanks(hhs, banks);
    assert.deepEqual(problems, []);
    assert.deepEqual(hhs.flat().map((p) => p.bank), ["中国农业银行", "中国农业银行", "来安农村商业银行", "来安农村商业银行"]);
    assert.deepEqual(counts, [{ name: "中国农业银行", count: 2, configured: true }, { name: "来安农村商业银行", count: 2, configured: true }]);
  });
  test("an unknown bank is a warning naming the configured banks, and keeps its own name", () => {
    const hhs = [household("H1", [husband(19600101, { bank: "建设银行", account: "6217000000000000011" }), wife(19610101, { bank: "", account: "" })])];
    const { problems, counts } = applyBanks(hhs, banks);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.column, "开户银行");
    assert.equal(problems[0]?.level, "警告");
    assert.match(problems[0]?.message ?? "", /建设银行.*中国农业银行、来安农村商业银行/);
    assert.equal(hhs[0]?.[0]?.bank, "建设银行");
    assert.deepEqual(counts.at(-1), { name: "建设银行", count: 1, configured: false });
  });
  test("an account whose prefix belongs to another configured bank is a warning", () => {
    const hhs = [household("H1", [husband(19600101, { bank: "农商行", account: "6228480000000000011" })])];
    const { problems } = applyBanks(hhs, banks);
    assert.equal(problems.length, 1);
    assert.equal(problems[0]?.column, "银行账号");
    assert.match(problems[0]?.message ?? "", /622848 属于 中国农业银行/);
  });
  test("without a banks list nothing changes and nothing is warned", () => {
    const hhs = [household("H1", [husband(19600101, { bank: "农行", account: "6228480000000000011" })])];
    assert.deepEqual(applyBanks(hhs, []), { problems: [], counts: [] });
    assert.equal(hhs[0]?.[0]?.bank, "农行");
  });
});
