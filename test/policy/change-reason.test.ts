import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ELSEWHERE, HOME, householdExitReasons, keepNearest, monthRuleReason, NOT_FOUND, NOT_IN_ROSTER, type ExitReason } from "../../src/policy/change-reason.js";
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
  return householdExitReasons(members, result, [{ code: "jiangfu", id, householdId: "H1" }], run, keyOf).get(`jiangfu|${id}`)?.text ?? "";
};

describe("why last year's award is not paid this year", () => {
  test("it lost to a programme it cannot combine with: says which", () => {
    assert.equal(reasonFor("1200"), "与特扶不可兼得,本年只发特扶");
  });
  test("it came to 0: says so with the computation", () => {
    assert.equal(reasonFor("0"), "本年金额为0(0.00)");
  });
});

const monthly = parseOrThrow(`county: 测试县
params:
  care: {2020-01-01: 10}
  high: {2020-01-01: 7080}
programs:
  - code: care
    name: 保健费
    category: 奖励
    basis: 测试
    for: parent
    conditions:
      有一个子女: children_ever == 1
    amount:
      per_month: care
      month_rule:
        子女当月未满14周岁: age_at(only_child_birth, month_end) < 14
    shares: {县: 100}
    payee: self
    excludes: [special]
  - code: special
    name: 特扶
    category: 救助
    basis: 测试
    for: parent
    conditions:
      年满70周岁: age >= 70
    amount: {per_year: high}
    shares: {中央: 100}
    payee: self
`);

const careReason = (husbandBirth: number, childBirth: number): string => {
  const hh = household("H1", [husband(husbandBirth), wife(19700101), son(childBirth)]);
  const run = prepareRun(monthly, 2027);
  const result = evaluateHousehold(hh, run, emptyOnceRegistry());
  const id = hh[0]?.id ?? "";
  return householdExitReasons(hh, result, [{ code: "care", id, householdId: "H1" }], run, keyOf).get(`care|${id}`)?.text ?? "";
};

describe("a programme whose month rule failed in every month of the year", () => {
  test("is a named condition no longer met, in the policy's Chinese words", () => {
    // the child turned 14 in 2026: no month of 2027 is under 14
    assert.equal(careReason(19700101, 20120301), "不再符合:子女当月未满14周岁");
  });
  test("names each failing condition with its months when they differ", () => {
    assert.equal(
      monthRuleReason([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((month) => ({ month, ok: false, failed: month <= 2 ? "当月已领光荣证" : "子女当月未满14周岁" }))),
      "不再符合:当月已领光荣证(1–2 月)、子女当月未满14周岁(3–12 月)",
    );
  });
  test("some months passed: the true reason is another (here the programme it cannot combine with)", () => {
    // the child turns 14 in July 2027 (months 1–6 pass), the father is 70 and gets 特扶
    assert.equal(careReason(19570101, 20130715), "与特扶不可兼得,本年只发特扶");
    assert.equal(monthRuleReason([{ month: 1, ok: true, failed: undefined }, { month: 2, ok: false, failed: "x" }]), "");
  });
});

describe("the run's exit reasons, gathered household by household", () => {
  const home = { text: "不再符合:年满60周岁", rank: HOME };
  const elsewhere = { text: "已迁出本户,本年在户编号 H02(金星村);不再符合:农村独生子女或二女家庭", rank: ELSEWHERE };
  const absent = { text: NOT_IN_ROSTER, rank: NOT_FOUND };
  const gather = (...households: Array<Map<string, ExitReason>>): string | undefined => {
    const all = new Map<string, ExitReason>();
    for (const h of households) keepNearest(all, h);
    return all.get("k")?.text;
  };
  test("keep the reason said nearest to the award, in whichever order the households come", () => {
    const one = (r: ExitReason): Map<string, ExitReason> => new Map([["k", r]]);
    for (const [a, b, c] of [[home, elsewhere, absent], [absent, elsewhere, home], [elsewhere, absent, home]] as const) {
      assert.equal(gather(one(a), one(b), one(c)), home.text);
    }
    assert.equal(gather(one(absent), one(elsewhere)), elsewhere.text);
    assert.equal(gather(one(elsewhere), one(absent)), elsewhere.text);
  });
  test("of two reasons as near (one person listed in two households), keep the first", () => {
    const other = { text: "已死亡(2027-01-05)", rank: HOME };
    assert.equal(gather(new Map([["k", home]]), new Map([["k", other]])), home.text);
  });
});
