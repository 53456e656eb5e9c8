import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { emptyOnceRegistry, evaluateHousehold } from "../../src/policy/evaluate.js";
import { compile, type Compiled } from "../../src/policy/expression.js";
import { prepareRun, type PreparedRun } from "../../src/policy/prepare.js";
import type { AmountPart, NamedCondition, Program } from "../../src/policy/types.js";
import type { FactContext } from "../../src/policy/vocabulary.js";
import { parseOrThrow, samplePolicyText } from "../helpers/household-builder.js";
import { householdArb } from "../helpers/random-household.js";

// The memo (src/policy/memo.ts), the amounts remembered per programme (PreparedProgram.amountOf), the household-level conditions decided once per household
// (PreparedProgram.householdConditions) and a condition's result reused by the programmes that repeat
// it (PreparedProgram.conditionSlots) only save work: over random households, policies and
// contexts, the results are those of evaluating every expression afresh for every person.

const fresh = (c: Compiled): Compiled => ({ ...c, evaluate: c.evaluateFresh });
const freshConditions = (cs: readonly NamedCondition[]): NamedCondition[] => cs.map((c) => ({ ...c, compiled: fresh(c.compiled) }));

/** The same run with every expression evaluated afresh and every condition for every person, in every programme. */
function unoptimized(run: PreparedRun): PreparedRun {
  const programs = run.programs.map((prepared) => {
    const p = prepared.program;
    const amount: Program["amount"] = p.amount.kind === "money"
      ? { ...p.amount, monthRule: freshConditions(p.amount.monthRule), parts: p.amount.parts.map((part): AmountPart => ({ ...part, expression: part.expression && fresh(part.expression) })) }
      : p.amount;
    return { ...prepared, program: { ...p, conditions: freshConditions(p.conditions), amount }, householdConditions: 0, conditionSlots: [], amountOf: undefined };
  });
  return { ...run, programs };
}

const CODES = ["honor_cert", "oc_care", "jiangfu", "special_loss", "complication", "pension_topup", "dibao_topup", "girl_aid", "child_insurance"];
/** Monthly amounts as expressions of parameters that change on 2022-07-01: their key must hold the values of the month. */
const AS_EXPRESSIONS: ReadonlyArray<readonly [string, string]> = [
  ["amount: {per_month: special_loss_monthly}", 'amount: {per_month: "p.special_loss_monthly * 1.0"}'],
  ["amount: {per_month: special_disabled_monthly}", 'amount: {per_month: "p.special_disabled_monthly + 0.0 * age"}'],
];
function policyWith(pairs: ReadonlyArray<readonly [string, string]>): string {
  let text = samplePolicyText();
  for (const [from, to] of AS_EXPRESSIONS) {
    assert.ok(text.includes(from), from);
    text = text.replace(from, to);
  }
  const by = new Map<string, string[]>();
  for (const [a, b] of pairs) if (a !== b) by.set(a, [...new Set([...(by.get(a) ?? []), b])]);
  for (const [code, excluded] of by) text = text.replace(`  - code: ${code}\n`, `  - code: ${code}\n    excludes: [${excluded.join(", ")}]\n`);
  return text;
}
const runs = new Map<string, [PreparedRun, PreparedRun]>();
function runsFor(pairs: ReadonlyArray<readonly [string, string]>, year: number): [PreparedRun, PreparedRun] {
  const key = `${year}:${JSON.stringify(pairs)}`;
  let pair = runs.get(key);
  if (!pair) {
    const run = prepareRun(parseOrThrow(policyWith(pairs)), year);
    runs.set(key, (pair = [run, unoptimized(run)]));
  }
  return pair;
}

describe("memoized evaluation gives the results of fresh evaluation", () => {
  test("over random households, policies and years (parameters changing within the year), awards and pending lists are the same", () => {
    fc.assert(
      fc.property(fc.array(householdArb, { minLength: 1, maxLength: 6 }), fc.array(fc.tuple(fc.constantFrom(...CODES), fc.constantFrom(...CODES)), { maxLength: 3 }), fc.constantFrom(2012, 2022, 2027), (households, pairs, year) => {
        const [memo, plain] = runsFor(pairs, year);
        const onceMemo = emptyOnceRegistry();
        const oncePlain = emptyOnceRegistry();
        for (const members of households) {
          assert.deepEqual(evaluateHousehold(members, memo, onceMemo), evaluateHousehold(members, plain, oncePlain));
        }
      }),
      { numRuns: 120, seed: 12 },
    );
  });

  // expressions that read facts, lists, parameters (present or not), through macros and literals
  const SOURCES: ReadonlyArray<readonly [string, "bool" | "number"]> = [
    ["p.a * 2.0 + age", "number"],
    ["age >= p.min_age && rural", "bool"],
    ["has(p.b) ? p.b : 0.0", "number"],
    ["hh_cert_years.exists(y, y < Y) || Y in hh_waiver_years", "bool"],
    ["100.0 / children_living + p.a", "number"],
    ['stage == "高中" ? p.a : p.c', "number"],
    ["[age, mother_age].all(x, x > 30.0)", "bool"],
    ['{"k": age}["k"] + p.c', "number"],
    ['sex + role == "男夫"', "bool"],
    ["age_at(birth, month_end) < 14.0", "bool"],
    ["hh_cert_years.map(y, y + p.a).size() == 1", "bool"],
  ];
  const exprs = SOURCES.map(([s, t]) => {
    const r = compile(s, t);
    if (!r.ok) throw new Error(`${s}: ${r.message}`);
    assert.ok(r.value.memoized, s);
    return r.value;
  });
  const ctxArb: fc.Arbitrary<FactContext> = fc.record({
    age: fc.constantFrom(0, 30, 60, 61), mother_age: fc.constantFrom(29, 50), rural: fc.boolean(), Y: fc.constantFrom(2026, 2027),
    hh_cert_years: fc.constantFrom([], [2026], [2025, 2027]), hh_waiver_years: fc.constantFrom([], [2027]), children_living: fc.constantFrom(0, 1, 2),
    stage: fc.constantFrom("", "高中"), sex: fc.constantFrom("男", "女"), role: fc.constantFrom("夫", "妻", "子女"),
    birth: fc.constantFrom(20150101, 20130701), month_end: fc.constantFrom(20270131, 20270731),
    p: fc.record({ a: fc.constantFrom(1, 2.5), min_age: fc.constantFrom(59, 60), b: fc.constantFrom(3, 4), c: fc.constantFrom(0, 3) }, { requiredKeys: ["a", "min_age", "c"] }),
  });
  const outcome = (f: () => unknown): unknown => {
    try {
      return { value: f() };
    } catch (err) {
      return { error: err instanceof Error ? `${err.constructor.name}: ${err.message}` : String(err) };
    }
  };

  test("over random sequences of contexts, each expression gives (or throws) what a fresh evaluation does", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: exprs.length - 1 }), ctxArb), { minLength: 1, maxLength: 60 }), (calls) => {
        for (const [i, ctx] of calls) {
          const e = exprs[i] as Compiled;
          assert.deepEqual(outcome(() => e.evaluate(ctx)), outcome(() => e.evaluateFresh(ctx)), e.source);
        }
      }),
      { numRuns: 300, seed: 12 },
    );
  });
});
