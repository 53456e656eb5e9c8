import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { householdExitReasons } from "../../src/policy/change-reason.js";
import { emptyOnceRegistry, evaluateHousehold } from "../../src/policy/evaluate.js";
import { prepareRun } from "../../src/policy/prepare.js";
import { household, husband, parseOrThrow, son, wife } from "../helpers/household-builder.js";

// Every 退出 carries a true reason (DESIGN §7.7), never a guess such as "金额为0或不可兼得".

const policy = (amountLow: string) => parseOrThrow(`county: 测试县
params:
  low: {2020-01-01: ${amountLow}}
  high: {2020-01-01: 7080}
programs:
  - code: jiangfu
    name: 奖扶
    category: 奖励
    basis: 测试
    for: parent
    conditions:
      年满60周岁: age >= 60
    amount: {per_year: low}
    shares: {中央: 100}
    payee: self
    excludes: [special]
  - code: special
    name: 特扶
    category: 救助
    basis: 测试
    for: parent
    conditions:
      失独: children_ever == 1 && children_living == 0
    amount: {per_year: high}
    shares: {中央: 100}
    payee: self
`);

const members = household("H1", [husband(19600101), wife(19700101), son(19900101, { deathDate: 20260101 })]);
const keyOf = (code: string, householdId: string, id: string): string => `${code}|${id}`;
const reasonFor = (amountLow: string): string => {
  const run = prepareRun(policy(amountLow), 2027);
  const result = evaluateHousehold(members, run, emptyOnceRegistry());
  const id = members[0]?.id ?? "";
  return householdExitReasons(members, result, [{ code: "jiangfu", id, householdId: "H1" }], run, keyOf).get(`jiangfu|${id}`) ?? "";
};

describe("why last year's award is not paid this year", () => {
  test("it lost to a programme it cannot combine with: says which", () => {
    assert.equal(reasonFor("1200"), "与特扶不可兼得,本年只发特扶");
  });
  test("it came to 0: says so with the computation", () => {
    assert.equal(reasonFor("0"), "本年金额为0(0.00)");
  });
});
