import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { evaluateIn } from "../../src/policy/amount.js";
import { compile, DivisionByZero, type Compiled } from "../../src/policy/expression.js";
import { MEMO_LIMIT } from "../../src/policy/memo.js";
import { emptyOnceRegistry, evaluateHousehold } from "../../src/policy/evaluate.js";
import { householdConditionCount, prepareRun } from "../../src/policy/prepare.js";
import type { NamedCondition } from "../../src/policy/types.js";
import type { FactContext } from "../../src/policy/vocabulary.js";
import { household, husband, samplePolicy, son, wife } from "../helpers/household-builder.js";

const compiled = (source: string, type: "bool" | "number" = "bool"): Compiled => {
  const r = compile(source, type);
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const named = (...sources: string[]): NamedCondition[] => sources.map((s, i) => ({ name: `c${i}`, compiled: compiled(s) }));

describe("an expression remembers its results by the values it reads", () => {
  test("a division by zero is raised on every call, never remembered, with the same message", () => {
    const e = compiled("100.0 / children_living", "number");
    assert.equal(e.memoized, true);
    const messages: string[] = [];
    for (const children of [0, 2, 0, 0, 2]) {
      const ctx: FactContext = { children_living: children };
      if (children === 2) {
        assert.equal(e.evaluate(ctx), 50);
        continue;
      }
      assert.throws(() => e.evaluate(ctx), (err: unknown) => err instanceof DivisionByZero && messages.push(err.message) > 0);
      assert.throws(() => evaluateIn(e, ctx, "x", "金额"), /表达式“100\.0 \/ children_living”计算出错:除数 children_living 为 0/);
    }
    assert.deepEqual(messages, ["除数 children_living 为 0", "除数 children_living 为 0", "除数 children_living 为 0"]);
  });

  test("an expression that reads roster cells (row) is not memoized: the same facts with other cells give another result", () => {
    const e = compiled('row["备注"] == "是" && age >= 60.0');
    assert.equal(e.memoized, false);
    assert.equal(e.reads, undefined);
    assert.equal(e.evaluate({ age: 61, row: { 备注: "是" } }), true);
    assert.equal(e.evaluate({ age: 61, row: { 备注: "否" } }), false);
  });

  test("p read other than as p.NAME, or a macro variable named p, is not memoized", () => {
    assert.equal(compiled('p["a"] > 1.0').memoized, false);
    assert.equal(compiled("hh_cert_years.exists(p, p > 1990.0)").memoized, false);
    assert.equal(compiled("p.a > 1.0").memoized, true);
  });

  test("the facts read inside macros and has() are part of the key", () => {
    assert.deepEqual([...(compiled("hh_contraception_years.exists(y, y < Y)").reads?.facts ?? [])].sort(), ["Y", "hh_contraception_years"]);
    assert.deepEqual(compiled("has(p.x) && age > 1.0").reads, { facts: ["age"], params: ["x"] });
    const e = compiled("has(p.x) ? p.x : 0.0", "number");
    assert.equal(e.evaluate({ p: { x: 5 } }), 5);
    assert.equal(e.evaluate({ p: {} }), 0);
    assert.equal(e.evaluate({ p: { x: 7 } }), 7);
  });

  test("the key holds the parameter values, not only their names", () => {
    const e = compiled("p.rate * 2.0 + age", "number");
    assert.equal(e.evaluate({ age: 1, p: { rate: 10 } }), 21);
    assert.equal(e.evaluate({ age: 1, p: { rate: 20 } }), 41);
    assert.equal(e.evaluate({ age: 1, p: { rate: 10 } }), 21);
  });

  test(`values stay right past ${MEMO_LIMIT} different keys (a birth date: the memo gives up, not the answer)`, () => {
    const e = compiled("birth >= 19600101");
    for (let i = 0; i < MEMO_LIMIT + 2000; i++) {
      const birth = 19000101 + i * 37;
      assert.equal(e.evaluate({ birth }), birth >= 19600101, String(birth));
    }
  });
});

describe("household-level conditions are decided once per household", () => {
  test("the leading conditions that read no person's own facts count; the first personal one ends them", () => {
    assert.equal(householdConditionCount(named("rural", "age >= 60.0", "oc_family")), 1);
    assert.equal(householdConditionCount(named("oc_family", "Y in hh_cert_years", "p.a > 0.0")), 3);
    assert.equal(householdConditionCount(named("alive", "rural")), 0);
    assert.equal(householdConditionCount(named('row["x"] == "1"', "rural")), 0);
  });
});

describe("a condition stated by several programmes is decided once per person", () => {
  test("`alive` (stated by most programmes) is evaluated at most once for each member of a household", () => {
    const run = prepareRun(samplePolicy(), 2027);
    const calls = new Map<string, number>();
    const counted = (c: Compiled): Compiled => ({ ...c, evaluate: (ctx) => (calls.set(c.source, (calls.get(c.source) ?? 0) + 1), c.evaluate(ctx)) });
    const programs = run.programs.map((p) => ({ ...p, program: { ...p.program, conditions: p.program.conditions.map((c) => ({ ...c, compiled: counted(c.compiled) })) } }));
    const stating = run.programs.filter((p) => p.program.conditions.some((c) => c.compiled.source === "alive")).length;
    assert.ok(stating >= 5, `alive is stated by ${stating} programmes`);
    const members = household("H1", [husband(19600101, { honorCertDate: 19900101 }), wife(19620101), son(19900101)]);
    const result = evaluateHousehold(members, { ...run, programs }, emptyOnceRegistry());
    assert.ok((calls.get("alive") ?? 0) <= members.length, `alive evaluated ${calls.get("alive")} times`);
    assert.deepEqual(result, evaluateHousehold(members, run, emptyOnceRegistry()));
  });
});
