import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { inspect } from "node:util";
import { compile } from "../../src/policy/expression.js";
import { parsePolicy, parsePolicyText } from "../../src/policy/parse-policy.js";
import type { PolicyIssue } from "../../src/policy/types.js";
import { samplePolicy, samplePolicyText } from "../helpers/household-builder.js";

/** A one-programme policy; `program` replaces lines of the default programme. */
function policyText(program: Record<string, string>, params = "  a: {2020-01-01: 100}\n  b: {2020-01-01: 50}", top = ""): string {
  const fields: Record<string, string> = {
    code: "x",
    name: "测试项目",
    category: "奖励",
    basis: "测试文件 第1条",
    for: "parent",
    conditions: "\n      年满60周岁: age >= 60",
    amount: "{per_year: a}",
    shares: "{中央: 60, 省: 20, 市: 10, 县: 10}",
    payee: "self",
    ...program,
  };
  const body = Object.entries(fields)
    .filter(([, v]) => v !== "")
    .map(([k, v], i) => `${i === 0 ? "  - " : "    "}${k}: ${v}`)
    .join("\n");
  return `county: 测试县\n${top}params:\n${params}\nprograms:\n${body}\n`;
}

function issuesOf(text: string): PolicyIssue[] {
  const r = parsePolicyText(text);
  assert.equal(r.ok, false, "the policy should be rejected");
  return r.ok ? [] : r.issues;
}

const lineOf = (text: string, needle: string): number => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("the sample policy", () => {
  test("parses, with the 21 programmes of DESIGN.md §6 in order and the seed county's own three after them", () => {
    const policy = samplePolicy();
    assert.deepEqual(
      policy.programs.map((p) => p.code),
      [
        "honor_cert", "oc_care", "waive_second", "contra_bonus", "jiangfu", "special_loss", "special_disabled",
        "complication", "consolation_death", "consolation_disabled", "pension_subsidy", "pension_topup",
        "dibao_topup", "ncms_premium", "care_home", "urban_dibao_oc", "hs_grant", "college_award", "priority",
        "child_insurance", "girl_aid", "zhongkao_bonus", "pure_girl_pension", "sanjiehe",
      ],
    );
  });
  test("has the county, the four levels, the 12-31 reference date and the notice settings", () => {
    const policy = samplePolicy();
    assert.equal(policy.county, "示例县");
    assert.deepEqual(policy.levels, ["中央", "省", "市", "县"]);
    assert.equal(policy.referenceMonthDay, 1231);
    assert.equal(policy.notice.phone, "0000-0000000");
    assert.equal(policy.notice.days, 7);
    assert.equal(policy.notice.maskHead, 6);
    assert.equal(policy.notice.maskTail, 4);
    assert.equal(policy.readsRowCells, false);
  });
  test("keeps dated parameters in fen, ordered by start date", () => {
    const p = samplePolicy().params.get("jiangfu_national");
    assert.deepEqual(p?.starts, [20040101, 20090101, 20120101]);
    assert.deepEqual(p?.values, [60000, 72000, 96000]);
  });
  test("gives 奖扶 two parts: the national standard shared 50/30/10/10, from 2019 60/20/10/10, the provincial top-up paid by 省", () => {
    const jiangfu = samplePolicy().programs.find((p) => p.code === "jiangfu");
    assert.ok(jiangfu && jiangfu.amount.kind === "money");
    assert.deepEqual(
      jiangfu.amount.parts.map((p) => [p.name, p.param, p.shares.map((s) => s.bp)]),
      [
        ["国家标准", "jiangfu_national", [[5000, 3000, 1000, 1000], [6000, 2000, 1000, 1000]]],
        ["省提标", "jiangfu_province", [[0, 10000, 0, 0]]],
      ],
    );
  });
  test("makes priority a qualification without money", () => {
    assert.deepEqual(samplePolicy().programs.find((p) => p.code === "priority")?.amount, { kind: "qualification" });
  });
  test("puts complication in force from 2022-07-01 and 特扶 from 2007-01-01", () => {
    const by = (code: string) => samplePolicy().programs.find((p) => p.code === code);
    assert.equal(by("complication")?.from, 20220701);
    assert.equal(by("special_loss")?.from, 20070101);
  });
  test("names the institutions that receive institution awards", () => {
    const by = (code: string) => samplePolicy().programs.find((p) => p.code === code);
    assert.deepEqual(by("ncms_premium")?.payee, { kind: "institution", name: "县医疗保障基金" });
    assert.deepEqual(by("jiangfu")?.payee, { kind: "self" });
  });
  test("marks the one-time programmes once", () => {
    assert.deepEqual(
      samplePolicy().programs.filter((p) => p.once).map((p) => p.code),
      ["honor_cert", "waive_second", "consolation_death", "consolation_disabled", "college_award"],
    );
  });
});

describe("a typo in a condition", () => {
  test("agee in 奖扶's 年满60周岁 names the programme, the condition and the YAML line", () => {
    const text = samplePolicyText().replace("年满60周岁: age >= 60\n      无违法生育", "年满60周岁: agee >= 60\n      无违法生育");
    const issues = issuesOf(text);
    assert.equal(issues.length, 1);
    const [issue] = issues;
    assert.equal(issue?.path, "programs[4].conditions.年满60周岁");
    assert.equal(issue?.line, lineOf(text, "agee"));
    assert.match(issue?.message ?? "", /agee/);
  });
  test("a misspelt fact is caught when the policy loads, not when it runs", () => {
    const r = compile("childern_ever == 1", "bool");
    assert.equal(r.ok, false);
  });
});

describe("policy validation", () => {
  test("the YAML's plain values, cloned to a worker thread, validate to the same policy as the text", () => {
    const fromText = parsePolicyText(samplePolicyText());
    assert.ok(fromText.ok && fromText.data !== undefined);
    const fromData = parsePolicy(structuredClone(fromText.data));
    assert.ok(fromData.ok);
    const shown = (p: unknown): string => inspect(p, { depth: Infinity, maxArrayLength: Infinity, maxStringLength: Infinity, breakLength: Infinity });
    assert.ok(fromText.value.programs.length > 3);
    assert.equal(shown(fromData.value), shown(fromText.value));
  });
  test("a minimal policy parses", () => {
    const r = parsePolicyText(policyText({}));
    assert.ok(r.ok, JSON.stringify(r.ok ? "" : r.issues));
    assert.equal(r.value.programs.length, 1);
  });
  test("shares that do not sum to 100 are rejected, naming the total", () => {
    const text = policyText({ shares: "{中央: 60, 省: 20, 市: 10, 县: 5}" });
    const [issue] = issuesOf(text);
    assert.equal(issue?.path, "programs[0].shares");
    assert.match(issue?.message ?? "", /100/);
    assert.match(issue?.message ?? "", /95/);
    assert.equal(issue?.line, lineOf(text, "shares:"));
  });
  test("a share for a level not in levels is rejected", () => {
    const [issue] = issuesOf(policyText({ shares: "{乡: 100}" }));
    assert.equal(issue?.path, "programs[0].shares.乡");
  });
  test("an amount naming an unknown parameter is rejected", () => {
    const text = policyText({ amount: "{per_year: nosuch}" });
    const [issue] = issuesOf(text);
    assert.equal(issue?.path, "programs[0].amount.per_year");
    assert.match(issue?.message ?? "", /nosuch/);
    assert.equal(issue?.line, lineOf(text, "nosuch"));
  });
  test("an expression reading an unknown parameter p.NAME is rejected", () => {
    const [issue] = issuesOf(policyText({ amount: '{per_year: "p.nosuch * 2"}' }));
    assert.match(issue?.message ?? "", /nosuch/);
  });
  test("a condition that is not true/false is rejected", () => {
    const [issue] = issuesOf(policyText({ conditions: "\n      年龄: age + 1" }));
    assert.equal(issue?.path, "programs[0].conditions.年龄");
    assert.match(issue?.message ?? "", /bool/);
  });
  test("a condition comparing text with a number is rejected", () => {
    const [issue] = issuesOf(policyText({ conditions: "\n      学段: stage == 1" }));
    assert.equal(issue?.path, "programs[0].conditions.学段");
  });
  test("an amount expression that is not a number is rejected", () => {
    const [issue] = issuesOf(policyText({ amount: '{per_year: "age >= 60"}' }));
    assert.equal(issue?.path, "programs[0].amount.per_year");
  });
  test("a YAML syntax error is reported with its line", () => {
    const issues = issuesOf("county: 测试县\nparams:\n  a: {2020-01-01: 100\nprograms: []\n");
    assert.ok(issues.length >= 1);
    assert.match(issues[0]?.message ?? "", /YAML/);
    assert.equal(typeof issues[0]?.line, "number");
  });
  test("a key written twice is a YAML error", () => {
    const issues = issuesOf("county: 测试县\ncounty: 别县\nparams: {}\nprograms: []\n");
    assert.equal(issues[0]?.line, 2);
  });
  test("a duplicate programme code is rejected", () => {
    const one = policyText({});
    const text = one + one.slice(one.indexOf("  - code"));
    const issues = issuesOf(text);
    assert.ok(issues.some((i) => i.path === "programs[1].code" && /重复/.test(i.message)));
  });
  test("excludes naming a programme that does not exist is rejected", () => {
    const [issue] = issuesOf(policyText({ excludes: "[nosuch]" }));
    assert.equal(issue?.path, "programs[0].excludes");
  });
  test("an unknown key at the top or in a programme is rejected", () => {
    assert.equal(issuesOf(policyText({}, undefined, "countee: x\n"))[0]?.path, "countee");
    assert.equal(issuesOf(policyText({ amout: "1" }))[0]?.path, "programs[0].amout");
  });
  test("a parameter with a bad start date or a value with three decimals is rejected", () => {
    assert.equal(issuesOf(policyText({}, "  a: {2020-02-30: 100}"))[0]?.path, "params.a.2020-02-30");
    assert.match(issuesOf(policyText({}, "  a: {2020-01-01: 1.234}"))[0]?.message ?? "", /1\.234/);
  });
  test("a month rule on a yearly amount is rejected", () => {
    const [issue] = issuesOf(policyText({ amount: "\n      per_year: a\n      month_rule:\n        m: month_end > 0" }));
    assert.equal(issue?.path, "programs[0].amount.month_rule");
  });
  test("until before from is rejected", () => {
    const [issue] = issuesOf(policyText({ from: "2022-07-01", until: "2022-01-01" }));
    assert.equal(issue?.path, "programs[0].until");
  });
  test("a policy without county is rejected", () => {
    const issues = issuesOf(policyText({}).replace("county: 测试县\n", ""));
    assert.equal(issues[0]?.path, "county");
  });
  test("category, for and payee must be among the known values", () => {
    const issues = issuesOf(policyText({ category: "其他", for: "family", payee: "bank" }));
    assert.deepEqual(issues.map((i) => i.path).sort(), ["programs[0].category", "programs[0].for", "programs[0].payee"]);
  });
  test("a qualification (amount 0) takes no shares", () => {
    const [issue] = issuesOf(policyText({ amount: "0" }));
    assert.equal(issue?.path, "programs[0].shares");
    assert.ok(parsePolicyText(policyText({ amount: "0", shares: "" })).ok);
  });
  test("the reference date may be moved, and must be a real month-day", () => {
    const r = parsePolicyText(policyText({}, undefined, 'reference_date: "6-30"\n'));
    assert.ok(r.ok);
    assert.equal(r.value.referenceMonthDay, 630);
    assert.equal(issuesOf(policyText({}, undefined, 'reference_date: "2-30"\n'))[0]?.path, "reference_date");
  });
  test("custom levels are used for shares", () => {
    const r = parsePolicyText(policyText({ shares: "{省: 50, 县: 50}" }, undefined, "levels: [省, 县]\n"));
    assert.ok(r.ok);
    const amount = r.value.programs[0]?.amount;
    assert.ok(amount?.kind === "money");
    assert.deepEqual(amount.parts[0]?.shares[0]?.bp, [5000, 5000]);
  });
  test("parsePolicy refuses what is not a mapping", () => {
    const r = parsePolicy(["not", "a", "map"]);
    assert.equal(r.ok, false);
  });
  test("a policy that reads row[...] keeps the rows' cells", () => {
    const r = parsePolicyText(policyText({ conditions: '\n      备注: row["备注"] == "是"' }));
    assert.ok(r.ok);
    assert.equal(r.value.readsRowCells, true);
  });
});

describe("the expression language is safe", () => {
  test("a map of row cells gives no access to JS prototypes", () => {
    for (const src of ['row.constructor == "x"', 'row["__proto__"] == "x"', 'row["toString"] == ""']) {
      const c = compile(src, "bool");
      if (!c.ok) continue;
      assert.throws(() => c.value.evaluate({ row: {} }), /No such key/, src);
    }
  });
  test("the facts an expression reads are recorded for explain, strings excluded", () => {
    const c = compile('rural && stage == "age" && p.a > 0.0', "bool");
    assert.ok(c.ok);
    assert.deepEqual(c.value.factsUsed, ["rural", "stage"]);
    assert.deepEqual(c.value.paramsUsed, ["a"]);
  });
});
