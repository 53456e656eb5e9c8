import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Fen } from "../../src/domain/money.js";
import { explainHousehold, failedMonthText, monthLines, seenText, showValue, splitText } from "../../src/policy/explain.js";
import { FACTS } from "../../src/policy/vocabulary.js";
import { prepareRun } from "../../src/policy/prepare.js";
import { emptyOnceRegistry, evaluateHousehold } from "../../src/policy/evaluate.js";
import { household, husband, parseOrThrow, samplePolicy, son, wife } from "../helpers/household-builder.js";

const run2027 = prepareRun(samplePolicy(), 2027);

describe("explain shows each condition with the values it saw", () => {
  test("a parent of 59 fails 奖扶's 年满60周岁, with age 59 shown", () => {
    const members = household("H1", [husband(19680101), wife(19700101), son(19920101)]);
    const trace = explainHousehold(members, run2027, members[0]).find((t) => t.code === "jiangfu");
    assert.ok(trace);
    assert.equal(trace.eligible, false);
    const failed = trace.conditions.filter((c) => !c.ok);
    assert.deepEqual(failed.map((c) => c.name), ["年满60周岁"]);
    assert.deepEqual(failed[0]?.values, [["age", "59"]]);
    assert.equal(trace.amount, undefined);
    assert.equal(trace.payment, undefined);
  });
  test("an eligible parent gets the amount, its derivation and the payment", () => {
    const members = household("H1", [husband(19671231), wife(19700101), son(19920101)]);
    const trace = explainHousehold(members, run2027, members[0]).find((t) => t.code === "jiangfu");
    assert.equal(trace?.eligible, true);
    assert.equal(trace?.amount?.amount, 120000);
    assert.equal(trace?.amount?.explanation, "国家标准960.00+省提标240.00");
    assert.equal(trace?.payment?.kind, "个人");
  });
  test("explaining one person leaves out the other people's person programmes, not the household's", () => {
    const members = household("H1", [husband(19600101), wife(19620101), son(19920101)]);
    const traces = explainHousehold(members, run2027, members[0]);
    assert.ok(traces.every((t) => t.target === members[0] || samplePolicy().programs.find((p) => p.code === t.code)?.target === "household"));
    assert.ok(traces.some((t) => t.code === "priority"));
  });
  test("the months of a month rule are traced", () => {
    const members = household("H1", [husband(19850101), wife(19870101, { honorCertDate: 20270215 }), son(20130510)]);
    const trace = explainHousehold(members, run2027, undefined).find((t) => t.code === "oc_care");
    const months = trace?.amount?.months ?? [];
    assert.deepEqual(months.filter((m) => m.ok).map((m) => m.month), [2, 3, 4]);
    assert.equal(months[0]?.failed, "当月已领光荣证");
    assert.equal(months[4]?.failed, "子女当月未满14周岁");
  });
});

describe("months and facts in plain Chinese", () => {
  test("a month before the certificate reads 当月未领光荣证,不计 — what was true, not the rule's wording", () => {
    const members = household("H1", [husband(19850101), wife(19870101, { honorCertDate: 20270215 }), son(20130510)]);
    const trace = explainHousehold(members, run2027, undefined).find((t) => t.code === "oc_care");
    assert.deepEqual(monthLines(trace?.amount?.months ?? []), ["1 月:当月未领光荣证,不计", "2–4 月:计入", "5–12 月:子女当月已满14周岁,不计"]);
  });
  test("a failed month condition is turned to what held; with no single 已/未 it is named as not met", () => {
    assert.equal(failedMonthText("子女当月已出生"), "子女当月未出生");
    assert.equal(failedMonthText("子女未在当月前死亡"), "子女已在当月前死亡");
    assert.equal(failedMonthText("年满60周岁"), "不符合:年满60周岁");
    assert.equal(failedMonthText("当月已结扎且未违法生育"), "不符合:当月已结扎且未违法生育");
  });
  test("months of different states are not merged across a gap", () => {
    assert.deepEqual(monthLines([{ month: 1, ok: true, failed: undefined }, { month: 3, ok: true, failed: undefined }]), ["1 月:计入", "3 月:计入"]);
  });
  test("each fact the condition read is named by its Chinese term", () => {
    assert.equal(seenText([["children_living", "2"], ["age", "60"]]), "[现存子女数=2, 周岁年龄=60]");
    assert.equal(seenText([]), "");
    for (const f of FACTS) assert.match(f.term, /^[\u4e00-\u9fff]+$/, `${f.name} has a Chinese term`);
    assert.equal(new Set(FACTS.map((f) => f.term)).size, FACTS.length, "terms tell facts apart");
  });
});

describe("values are shown as a clerk reads them", () => {
  test("true/false as 是/否, dates as yyyy-mm-dd or 无, text in quotes", () => {
    assert.equal(showValue("rural", true), "是");
    assert.equal(showValue("alive", false), "否");
    assert.equal(showValue("hh_cert_date", 20270215), "2027-02-15");
    assert.equal(showValue("death_date", 0), "无");
    assert.equal(showValue("only_child_birth", 20130510), "2013-05-10");
    assert.equal(showValue("stage", "高中"), '"高中"');
    assert.equal(showValue("stage", ""), "(空)");
    assert.equal(showValue("age", 60), "60");
  });
  test("the fiscal split is written level by level", () => {
    assert.equal(splitText(["中央", "省", "市", "县"], [57600, 43200, 9600, 9600] as Fen[]), "中央 576.00 / 省 432.00 / 市 96.00 / 县 96.00");
  });
});

describe("no evaluation state survives from one programme to the next", () => {
  // A is paid per month from an expression (its months see July's raised value); B's condition reads
  // p.a, which must be the reference date's value whether or not A was computed for the person first.
  const policy = parseOrThrow(`county: 测试县
reference_date: "06-30"
params:
  a: {2020-01-01: 100, 2027-07-01: 200}
programs:
  - code: a_monthly
    name: 甲
    category: 奖励
    basis: 测试
    for: parent
    conditions:
      年满60周岁: age >= 60
    amount: {per_month: "p.a * 1.0"}
    shares: {中央: 100}
    payee: self
  - code: b_threshold
    name: 乙
    category: 奖励
    basis: 测试
    for: parent
    conditions:
      标准高于150元: p.a > 150.0
    amount: {per_year: a}
    shares: {中央: 100}
    payee: self
`);
  test("a condition reading p.NAME sees the reference date's value after another programme's per-month amount", () => {
    const members = household("H1", [husband(19500101), wife(19900101), son(20100101)]);
    const r = evaluateHousehold(members, prepareRun(policy, 2027), emptyOnceRegistry());
    assert.deepEqual(r.awards.map((a) => [a.code, a.role]), [["a_monthly", "夫"]]);
    const traces = explainHousehold(members, prepareRun(policy, 2027), undefined).filter((t) => t.code === "b_threshold");
    assert.deepEqual(traces.map((t) => t.eligible), [false, false]);
  });
});
