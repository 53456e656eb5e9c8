import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { isPayoutError } from "../../src/errors.js";
import { emptyOnceRegistry, evaluateHousehold } from "../../src/policy/evaluate.js";
import { parsePolicyText } from "../../src/policy/parse-policy.js";
import { prepareRun } from "../../src/policy/prepare.js";
import { household, husband, parseOrThrow, son, wife } from "../helpers/household-builder.js";

/** A one-programme policy paying parents of 60 and over. */
function policy(opts: { amount?: string; condition?: string; params?: string; top?: string; code2?: string } = {}): string {
  return `county: 测试县
${opts.top ?? ""}params:
${opts.params ?? "  a: {2020-01-01: 100}"}
programs:
  - code: x
    name: 测试项目
    category: 奖励
    basis: 测试
    for: parent
    conditions:
      年满60周岁: ${opts.condition ?? "age >= 60"}
    amount: ${opts.amount ?? "{per_year: a}"}
    shares: {中央: 100}
    payee: self
${opts.code2 ? `  - code: ${opts.code2}\n    name: 第二项目\n    category: 奖励\n    basis: 测试\n    for: parent\n    amount: {per_year: a}\n    shares: {中央: 100}\n    payee: self\n` : ""}`;
}

function issues(text: string): string[] {
  const r = parsePolicyText(text);
  assert.equal(r.ok, false, "the policy should be refused");
  return r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`);
}

const sixty = household("H1", [husband(19600101), wife(19700101), son(19900101)]);
const run = (text: string, members = sixty) => evaluateHousehold(members, prepareRun(parseOrThrow(text), 2027), emptyOnceRegistry());

describe("amounts are sane or the policy is refused at load", () => {
  test("a negative parameter used as an amount is refused, naming the programme's amount and the parameter", () => {
    const found = issues(policy({ params: "  a: {2020-01-01: -100}" }));
    assert.equal(found.length, 1);
    assert.match(found[0] ?? "", /^programs\[0\]\.amount\.per_year: .*a.*2020-01-01.*负数/);
  });
  test("a negative constant amount is refused", () => {
    assert.match(issues(policy({ amount: "{per_year: -100}" })).join("\n"), /programs\[0\]\.amount\.per_year: 项目 x 的金额表达式“-100”的值为负数/);
  });
  test("a condition dividing by a literal 0 is refused at load, naming the condition", () => {
    assert.match(issues(policy({ condition: "age / 0 > 1" })).join("\n"), /programs\[0\]\.conditions\.年满60周岁: 表达式有误:除数为 0/);
  });
  test("an amount dividing by 0.0 is refused at load", () => {
    assert.match(issues(policy({ amount: "{per_year: 'p.a / 0.0'}" })).join("\n"), /amount\.per_year: 表达式有误:除数为 0/);
  });
  test("an amount parameter over max_award is refused at load", () => {
    assert.match(issues(policy({ params: "  a: {2020-01-01: 100000.01}" })).join("\n"), /超过单笔上限 max_award\(100000\.00 元\)/);
    assert.match(issues(policy({ params: "  a: {2020-01-01: 600}", top: "max_award: 500\n" })).join("\n"), /超过单笔上限 max_award\(500\.00 元\)/);
  });
  test("max_award must be a positive amount", () => {
    assert.match(issues(policy({ top: "max_award: -1\n" })).join("\n"), /^max_award: /);
    assert.match(issues(policy({ top: "max_award: 十万\n" })).join("\n"), /^max_award: /);
  });
  test("max_award defaults to 100000 元 and may be raised", () => {
    assert.equal(parseOrThrow(policy()).maxAward, 10_000_000);
    assert.equal(parseOrThrow(policy({ top: "max_award: 200000\n", params: "  a: {2020-01-01: 150000}" })).maxAward, 20_000_000);
  });
});

describe("amounts are sane or the run stops at the first household (exit 2)", () => {
  test("a divisor that is 0 for a household stops the run, naming the programme, the expression and the divisor", () => {
    assert.throws(
      () => run(policy({ condition: "age / disability_grade > 1.0" })),
      (err: unknown) => isPayoutError(err, "policy-runtime") && err.facts.program === "x" && /表达式“age \/ disability_grade > 1\.0”/.test(err.message) && /除数 disability_grade 为 0/.test(err.message),
    );
  });
  test("a guarded division is fine: the divisor is not evaluated when the guard fails", () => {
    assert.equal(run(policy({ condition: "disability_grade > 0.0 && 100 / disability_grade > 10" })).awards.length, 0);
  });
  test("division still divides: 20% of a parameter", () => {
    const r = run(policy({ amount: "{per_year: 'p.a * 20 / 100'}" }));
    assert.deepEqual(r.awards.map((a) => a.amount), [2000]);
  });
  test("whole numbers still divide as whole numbers", () => {
    const r = run(policy({ amount: "{per_year: 'double(7 / 2)'}" }));
    assert.deepEqual(r.awards.map((a) => a.amount), [300]);
  });
  test("an amount expression that comes out negative stops the run, naming the programme and the expression", () => {
    assert.throws(
      () => run(policy({ amount: "{per_year: '100.0 - age * 10'}" })),
      (err: unknown) => isPayoutError(err, "policy-runtime") && err.facts.program === "x" && /100\.0 - age \* 10/.test(err.message) && /负数/.test(err.message),
    );
  });
  test("an amount divided by a fact that is 0 stops the run", () => {
    assert.throws(() => run(policy({ amount: "{per_year: 'p.a / (age - 67.0)'}" })), (err: unknown) => isPayoutError(err, "policy-runtime") && /除数 \(age - 67\.0\) 为 0|除数 age - 67\.0 为 0/.test(err.message));
  });
  test("an award over max_award stops the run, naming the person masked, never the full ID", () => {
    const members = sixty;
    const id = members[0]?.id ?? "";
    assert.throws(
      () => run(policy({ amount: "{per_year: 'age * 2000'}" }), members),
      (err: unknown) =>
        isPayoutError(err, "policy-runtime") &&
        err.message.includes(`${members[0]?.name ?? ""}(${id.slice(0, 6)}********${id.slice(14)})`) &&
        !err.message.includes(id) &&
        /134000\.00 元超过单笔上限 max_award 100000\.00 元/.test(err.message),
    );
  });
  test("an award within a raised max_award is paid", () => {
    assert.deepEqual(run(policy({ amount: "{per_year: 'age * 2000'}", top: "max_award: 200000\n" })).awards.map((a) => a.amount), [13_400_000]);
  });
});

describe("programme codes compare case-insensitively", () => {
  test("two codes differing only by case are refused at load", () => {
    assert.match(issues(policy({ code2: "X" })).join("\n"), /programs\[1\]\.code: 项目代码 X 与 x 只有大小写不同/);
  });
  test("excludes may name a code in another case", () => {
    const text = policy({ code2: "y" }).replace("    payee: self\n  - code: y", "    payee: self\n    excludes: [Y]\n  - code: y");
    assert.deepEqual(parseOrThrow(text).programs[0]?.excludes, ["y"]);
  });
});
