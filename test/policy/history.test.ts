import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Award } from "../../src/domain/award.js";
import { describeCoverage, policyCoverage } from "../../src/policy/coverage.js";
import { emptyOnceRegistry, evaluateHousehold } from "../../src/policy/evaluate.js";
import { isPayoutError } from "../../src/errors.js";
import { parsePolicyText } from "../../src/policy/parse-policy.js";
import { prepareRun } from "../../src/policy/prepare.js";
import { daughter, household, husband, parseOrThrow, samplePolicy, son, wife } from "../helpers/household-builder.js";

const award = (awards: readonly Award[], code: string, id?: string): Award => {
  const found = awards.filter((a) => a.code === code && (id === undefined || a.id === id));
  assert.equal(found.length, 1, `one ${code} award`);
  return found[0] as Award;
};

/** A member programme paying `monthly` each month, shared by dated shares. */
function sharedMonthly(shares: string, basis = "per_month"): string {
  return `county: 测试县
levels: [中央, 省]
params:
  m: {2000-01-01: 100}
programs:
  - code: aid
    name: 测试扶助
    category: 救助
    basis: 测试
    for: parent
    amount: {${basis}: m}
    shares:
${shares}
    payee: self
`;
}

describe("fiscal shares that change by date (DESIGN §11.3)", () => {
  test("the undated form still means one set for every date", () => {
    const p = parseOrThrow(sharedMonthly("      中央: 60\n      省: 40"));
    const part = p.programs[0]?.amount.kind === "money" ? p.programs[0].amount.parts[0] : undefined;
    assert.deepEqual(part?.shares, [{ start: 0, bp: [6000, 4000] }]);
  });
  test("dated sets are kept in date order", () => {
    const p = parseOrThrow(sharedMonthly("      2019-01-01: {中央: 60, 省: 40}\n      2004-01-01: {中央: 50, 省: 50}"));
    const part = p.programs[0]?.amount.kind === "money" ? p.programs[0].amount.parts[0] : undefined;
    assert.deepEqual(part?.shares, [{ start: 20040101, bp: [5000, 5000] }, { start: 20190101, bp: [6000, 4000] }]);
  });
  test("each dated set must sum to 100, and the message names its date", () => {
    const r = parsePolicyText(sharedMonthly("      2004-01-01: {中央: 50, 省: 40}"));
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.issues.some((i) => i.path === "programs[0].shares.2004-01-01" && /合计应为 100/.test(i.message)));
  });
  test("levels and dates cannot be mixed in one shares map", () => {
    const r = parsePolicyText(sharedMonthly("      2004-01-01: {中央: 50, 省: 50}\n      中央: 100"));
    assert.ok(!r.ok && r.issues.some((i) => /不能混写/.test(i.message)));
  });
  test("a per-month amount splits each month at that month's shares: 6 months 50/50, 6 months 60/40", () => {
    const policy = parseOrThrow(sharedMonthly("      2004-01-01: {中央: 50, 省: 50}\n      2022-07-01: {中央: 60, 省: 40}"));
    const hh = household("H1", [husband(19600101), wife(19620101), son(19900101)]);
    const a = award(evaluateHousehold(hh, prepareRun(policy, 2022), emptyOnceRegistry()).awards, "aid", hh[0]?.id);
    assert.equal(a.amount, 120000);
    assert.deepEqual(a.levels, [30000 + 36000, 30000 + 24000]);
  });
  test("a per-year amount splits at the shares in force on the reference date", () => {
    const policy = parseOrThrow(sharedMonthly("      2004-01-01: {中央: 50, 省: 50}\n      2022-07-01: {中央: 60, 省: 40}", "per_year"));
    const hh = household("H1", [husband(19600101), wife(19620101), son(19900101)]);
    const a = award(evaluateHousehold(hh, prepareRun(policy, 2022), emptyOnceRegistry()).awards, "aid", hh[0]?.id);
    assert.deepEqual(a.levels, [6000, 4000]);
  });
  test("a year no share set covers stops the run, naming the programme and the date", () => {
    const policy = parseOrThrow(sharedMonthly("      2010-01-01: {中央: 50, 省: 50}"));
    assert.throws(() => prepareRun(policy, 2009), (e: unknown) => isPayoutError(e, "policy-missing-param") && /aid/.test(e.message) && /2009-01-01/.test(e.message));
  });
});

describe("the sample policy through the years (DESIGN §6, DOMAIN.md)", () => {
  const policy = samplePolicy();
  const ruralOldCouple = (): ReturnType<typeof household> => household("H1", [husband(19400101), wife(19420101), son(19700101)]);

  test("奖扶 in 2008: 600 a year, the central budget pays 50% before the 2019 reform", () => {
    const hh = ruralOldCouple();
    const a = award(evaluateHousehold(hh, prepareRun(policy, 2008), emptyOnceRegistry()).awards, "jiangfu", hh[0]?.id);
    assert.equal(a.amount, 60000);
    assert.deepEqual(a.levels, [30000, 18000, 6000, 6000]);
  });
  test("奖扶 in 2018: 960 split 50/30/10/10; in 2019: 960 at 60/20/10/10 plus the provincial 240", () => {
    const hh = ruralOldCouple();
    const a18 = award(evaluateHousehold(hh, prepareRun(policy, 2018), emptyOnceRegistry()).awards, "jiangfu", hh[0]?.id);
    assert.deepEqual([a18.amount, ...a18.levels], [96000, 48000, 28800, 9600, 9600]);
    const a19 = award(evaluateHousehold(hh, prepareRun(policy, 2019), emptyOnceRegistry()).awards, "jiangfu", hh[0]?.id);
    assert.deepEqual([a19.amount, ...a19.levels], [120000, 57600, 43200, 9600, 9600]);
  });
  test("特扶 for a lost only child in 2015: 170 a month, central 50%", () => {
    const hh = household("H1", [husband(19600101), wife(19620101), daughter(19880101, { deathDate: 20100101 })]);
    const a = award(evaluateHousehold(hh, prepareRun(policy, 2015), emptyOnceRegistry()).awards, "special_loss", hh[1]?.id);
    assert.deepEqual([a.amount, ...a.levels], [204000, 102000, 61200, 20400, 20400]);
  });
  test("the 0–6 平安保险 of 32 元 is already paid in 2006; the high-school grant is not yet", () => {
    const hh = household("H1", [husband(19750101, { honorCertDate: 20040101 }), wife(19760101), son(20030101, { stage: "高中" })]);
    const awards = evaluateHousehold(hh, prepareRun(policy, 2006), emptyOnceRegistry()).awards;
    assert.equal(award(awards, "child_insurance").amount, 3200);
    assert.equal(awards.filter((a) => a.code === "hs_grant").length, 0);
  });
  test("every year 2006–2027 is complete; 2005 is not, and the check names the parameter", () => {
    const c = policyCoverage(policy, { from: 2000, to: 2030 });
    assert.deepEqual(c.spans, [{ from: 2006, to: 2030 }]);
    assert.equal(c.limits[0]?.year, 2005);
    assert.match(c.limits[0]?.message ?? "", /child_insurance_yearly/);
    assert.match(describeCoverage(c), /2006 年起/);
  });
  test("a programme that has ended needs no values after its end", () => {
    const text = sharedMonthly("      2010-01-01: {中央: 50, 省: 50}").replace("    payee: self\n", "    payee: self\n    until: 2012-12-31\n");
    const c = policyCoverage(parseOrThrow(text), { from: 2005, to: 2020 });
    assert.deepEqual(c.spans, [{ from: 2010, to: 2020 }]);
    assert.equal(c.limits[0]?.year, 2009);
  });
});
