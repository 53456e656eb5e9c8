import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Fen } from "../../src/domain/money.js";
import { paramValue } from "../../src/policy/params.js";
import { isPayoutError } from "../../src/errors.js";
import { monthsInForce, paramFen, prepareRun } from "../../src/policy/prepare.js";
import type { Param, Program } from "../../src/policy/types.js";
import { parseOrThrow, samplePolicy } from "../helpers/household-builder.js";

const jiangfuNational: Param = { name: "jiangfu_national", starts: [20040101, 20090101, 20120101], values: [60000, 72000, 96000] as Fen[] };

describe("a dated parameter", () => {
  test("a lookup takes the value with the latest start on or before the date", () => {
    assert.equal(paramValue(jiangfuNational, 20081231), 60000);
    assert.equal(paramValue(jiangfuNational, 20110630), 72000);
    assert.equal(paramValue(jiangfuNational, 20271231), 96000);
  });
  test("a value is in force from its start date itself", () => {
    assert.equal(paramValue(jiangfuNational, 20090101), 72000);
    assert.equal(paramValue(jiangfuNational, 20040101), 60000);
  });
  test("before the first start there is no value, never 0", () => {
    assert.equal(paramValue(jiangfuNational, 20031231), undefined);
  });
  test("a value of 0 is a value", () => {
    const top: Param = { name: "jiangfu_province", starts: [20040101, 20190101], values: [0, 24000] as Fen[] };
    assert.equal(paramValue(top, 20180101), 0);
  });
});

/** A one-programme policy with a per-month amount from a start date. */
function monthlyPolicy(paramStart: string, programFrom: string, basis = "per_month", amount = "a"): string {
  return `county: 测试县
params:
  a: {${paramStart}: 520}
programs:
  - code: complication
    name: 手术并发症扶助金
    category: 救助
    basis: 测试
    for: member
    from: ${programFrom}
    amount: {${basis}: ${amount}}
    shares: {中央: 60, 省: 20, 市: 10, 县: 10}
    payee: self
`;
}

describe("preparing a run checks that every needed value exists", () => {
  test("complication starts 2022-07-01: a 2022 run needs its values for July–December only", () => {
    const run = prepareRun(samplePolicy(), 2022);
    const complication = run.programs.find((p) => p.program.code === "complication");
    assert.deepEqual(complication?.months, [7, 8, 9, 10, 11, 12]);
    assert.equal(run.pAtMonth[6]?.complication_grade1_monthly, undefined);
    assert.equal(run.pAtMonth[7]?.complication_grade1_monthly, 520);
  });
  test("a programme not yet in force in the run year needs nothing: complication in a 2021 run", () => {
    const run = prepareRun(samplePolicy(), 2021);
    assert.equal(run.programs.some((p) => p.program.code === "complication"), false);
  });
  test("a per-month parameter starting 2022-08-01 for a programme from 2022-07-01 stops the run, naming 2022-07-01", () => {
    const policy = parseOrThrow(monthlyPolicy("2022-08-01", "2022-07-01"));
    assert.throws(
      () => prepareRun(policy, 2022),
      (err: unknown) => {
        assert.ok(isPayoutError(err, "policy-missing-param"));
        assert.equal(err.facts.param, "a");
        assert.equal(err.facts.date, 20220701);
        assert.equal(err.facts.program, "complication");
        assert.match(err.message, /参数 a/);
        assert.match(err.message, /2022-07-01/);
        return true;
      },
    );
  });
  test("the same policy runs in 2023, when every month is covered", () => {
    assert.doesNotThrow(() => prepareRun(parseOrThrow(monthlyPolicy("2022-08-01", "2022-07-01")), 2023));
  });
  test("a parameter that starts with the programme is enough", () => {
    assert.doesNotThrow(() => prepareRun(parseOrThrow(monthlyPolicy("2022-07-01", "2022-07-01")), 2022));
  });
  test("a per-year parameter is needed on the reference date", () => {
    const policy = parseOrThrow(monthlyPolicy("2028-01-01", "2020-01-01", "per_year"));
    assert.throws(() => prepareRun(policy, 2027), (err: unknown) => isPayoutError(err, "policy-missing-param") && err.facts.date === 20271231 && /2027-12-31/.test(err.message));
  });
  test("a parameter read in an expression is checked too", () => {
    const policy = parseOrThrow(monthlyPolicy("2028-01-01", "2020-01-01", "per_year", '"p.a * 2"'));
    assert.throws(() => prepareRun(policy, 2027), (err: unknown) => isPayoutError(err, "policy-missing-param") && err.facts.param === "a");
  });
  test("a sample-policy run for 2003 stops on the first programme without a value", () => {
    assert.throws(
      () => prepareRun(samplePolicy(), 2003),
      (err: unknown) => isPayoutError(err, "policy-missing-param") && err.facts.param === "waive_second_award" && err.facts.date === 20031231,
    );
  });
  test("a programme that ended before the run year needs no value", () => {
    const text = monthlyPolicy("2010-01-01", "2010-01-01").replace("from: 2010-01-01", "from: 2010-01-01\n    until: 2015-12-31");
    const run = prepareRun(parseOrThrow(text), 2027);
    assert.equal(run.programs.length, 0);
  });
  test("values on the reference date and on each month's first day are prepared in 元", () => {
    const run = prepareRun(samplePolicy(), 2022);
    assert.equal(run.pAtReference.special_loss_monthly, 590);
    assert.equal(run.pAtMonth[6]?.special_loss_monthly, 170);
    assert.equal(run.pAtMonth[7]?.special_loss_monthly, 590);
    assert.equal(run.pAtReference.jiangfu_national, 960);
  });
  test("a moved reference date takes the value in force on it", () => {
    const text = monthlyPolicy("2020-01-01", "2020-01-01", "per_year").replace("a: {2020-01-01: 520}", "a: {2020-01-01: 520, 2027-07-01: 600}").replace("params:", 'reference_date: "6-30"\nparams:');
    const run = prepareRun(parseOrThrow(text), 2027);
    assert.equal(run.dates.reference, 20270630);
    assert.equal(run.pAtReference.a, 520);
  });
  test("paramFen names a parameter with no value on a date", () => {
    assert.equal(paramFen(samplePolicy(), "jiangfu_national", 20271231), 96000);
    assert.throws(() => paramFen(samplePolicy(), "jiangfu_national", 20000101), (err: unknown) => isPayoutError(err, "policy-missing-param"));
    assert.throws(() => paramFen(samplePolicy(), "nosuch", 20271231), (err: unknown) => isPayoutError(err, "policy-missing-param"));
  });
});

describe("the months a programme is in force", () => {
  const program = (from: number | undefined, until: number | undefined): Program => ({ ...(samplePolicy().programs[0] as Program), from, until });
  test("without from and until, all twelve months", () => {
    assert.deepEqual(monthsInForce(program(undefined, undefined), 2027), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });
  test("from a date in a later year, no month", () => {
    assert.deepEqual(monthsInForce(program(20280101, undefined), 2027), []);
  });
  test("a month counts when the programme is in force on its first day", () => {
    assert.deepEqual(monthsInForce(program(20270715, 20271010), 2027), [8, 9, 10]);
    assert.deepEqual(monthsInForce(program(20270701, 20270930), 2027), [7, 8, 9]);
  });
});
