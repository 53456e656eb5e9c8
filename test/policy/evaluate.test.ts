import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Award } from "../../src/domain/award.js";
import type { Person } from "../../src/domain/person.js";
import { emptyOnceRegistry, evaluateHousehold, type HouseholdResult, type OnceRegistry } from "../../src/policy/evaluate.js";
import { prepareRun, type PreparedRun } from "../../src/policy/prepare.js";
import { daughter, household, husband, parseOrThrow, samplePolicy, son, wife } from "../helpers/household-builder.js";

const run2027 = prepareRun(samplePolicy(), 2027);
const run2022 = prepareRun(samplePolicy(), 2022);

function evaluate(members: readonly Person[], run: PreparedRun = run2027, once: OnceRegistry = emptyOnceRegistry()): HouseholdResult {
  return evaluateHousehold(members, run, once);
}
const awardsFor = (r: HouseholdResult, code: string): Award[] => r.awards.filter((a) => a.code === code);
const only = (r: HouseholdResult, code: string): Award => {
  const found = awardsFor(r, code);
  assert.equal(found.length, 1, `exactly one ${code} award, got ${found.length}`);
  return found[0] as Award;
};
const codes = (r: HouseholdResult): string[] => [...new Set(r.awards.map((a) => a.code))].sort();

/** A rural couple with one living son; the husband's birth date varies. */
const ruralCoupleWithOneSon = (husbandBirth: number, extra: Partial<Person> = {}): Person[] =>
  household("H1", [husband(husbandBirth, extra), wife(19700101), son(19920101)]);

describe("奖扶 (jiangfu, 农村部分计划生育家庭奖励扶助金)", () => {
  test("奖扶 is not paid to a parent who is 59 on 12-31", () => {
    assert.equal(awardsFor(evaluate(ruralCoupleWithOneSon(19680101)), "jiangfu").length, 0);
  });
  test("奖扶 is paid from the year a parent turns 60: 1200 = 960 + 240, split 576/432/96/96", () => {
    const a = only(evaluate(ruralCoupleWithOneSon(19671231)), "jiangfu");
    assert.equal(a.role, "夫");
    assert.equal(a.amount, 120000);
    assert.deepEqual(a.levels, [57600, 43200, 9600, 9600]);
    assert.equal(a.explanation, "国家标准960.00+省提标240.00");
    assert.equal(a.payeeKind, "个人");
  });
  test("both parents over 60 each receive 奖扶", () => {
    const r = evaluate(household("H1", [husband(19600101), wife(19620101), son(19900101)]));
    assert.deepEqual(awardsFor(r, "jiangfu").map((a) => a.role).sort(), ["妻", "夫"].sort());
  });
  test("a 60-year-old with two sons gets no 奖扶", () => {
    const r = evaluate(household("H1", [husband(19600101), wife(19620101), son(19900101), son(19920101)]));
    assert.equal(awardsFor(r, "jiangfu").length, 0);
  });
  test("a 60-year-old with a son and a daughter gets no 奖扶", () => {
    const r = evaluate(household("H1", [husband(19600101), wife(19620101), son(19900101), daughter(19920101)]));
    assert.equal(awardsFor(r, "jiangfu").length, 0);
  });
  test("a 60-year-old with two living daughters gets 奖扶", () => {
    const r = evaluate(household("H1", [husband(19600101), wife(19620101), daughter(19900101), daughter(19920101)]));
    assert.equal(awardsFor(r, "jiangfu").length, 2);
  });
  test("a 60-year-old whose only child died gets 奖扶", () => {
    const r = evaluate(household("H1", [husband(19600101), wife(19800101), son(19900101, { deathDate: 20150101 })]));
    assert.equal(awardsFor(r, "jiangfu").length, 1);
  });
  test("a 60-year-old with one living child out of two gets 奖扶 (one living child)", () => {
    const r = evaluate(household("H1", [husband(19600101), wife(19800101), son(19900101, { deathDate: 20150101 }), son(19920101)]));
    assert.equal(awardsFor(r, "jiangfu").length, 1);
  });
  test("a 违法生育 mark on any row of the household stops 奖扶", () => {
    const r = evaluate(household("H1", [husband(19600101), wife(19800101), son(19900101, { illegalBirth: true })]));
    assert.equal(awardsFor(r, "jiangfu").length, 0);
  });
  test("an urban household gets no 奖扶", () => {
    const r = evaluate(household("H1", [husband(19600101, { rural: false }), wife(19800101), son(19900101)]));
    assert.equal(awardsFor(r, "jiangfu").length, 0);
  });
  test("a parent born before 1933 gets no 奖扶", () => {
    const r = evaluate(household("H1", [husband(19321231), wife(19800101), son(19900101)]));
    assert.equal(awardsFor(r, "jiangfu").length, 0);
  });
  test("a parent who dies during the year is paid 奖扶 for that year", () => {
    const r = evaluate(household("H1", [husband(19600101, { deathDate: 20270501 }), wife(19800101), son(19900101)]));
    assert.equal(only(r, "jiangfu").amount, 120000);
  });
  test("a parent who died the year before is not paid", () => {
    const r = evaluate(household("H1", [husband(19600101, { deathDate: 20261231 }), wife(19800101), son(19900101)]));
    assert.equal(awardsFor(r, "jiangfu").length, 0);
  });
});

/** Parents of an only son who died in 2015; the wife's birth date varies. */
const lostOnlyChild = (wifeBirth: number): Person[] =>
  household("H1", [husband(19660101, { rural: false }), wife(wifeBirth, { rural: false }), son(19900101, { deathDate: 20150101 })]);

describe("特扶 (special_loss and special_disabled)", () => {
  test("特扶 for a lost only child is paid 590×12 in 2027, to each parent", () => {
    const r = evaluate(lostOnlyChild(19700101));
    const awards = awardsFor(r, "special_loss");
    assert.equal(awards.length, 2);
    for (const a of awards) {
      assert.equal(a.amount, 708000);
      assert.equal(a.explanation, "590.00×12");
      assert.deepEqual(a.levels, [424800, 141600, 70800, 70800]);
    }
  });
  test("in 2022 the 特扶 raise of 2022-07-01 is paid half old, half new (170×6+590×6)", () => {
    const a = awardsFor(evaluate(lostOnlyChild(19700101), run2022), "special_loss")[0];
    assert.equal(a?.amount, 170 * 600 + 590 * 600);
    assert.equal(a?.explanation, "170.00×6+590.00×6");
  });
  test("特扶 waits until the mother is 49", () => {
    assert.equal(awardsFor(evaluate(lostOnlyChild(19790101)), "special_loss").length, 0);
    assert.equal(awardsFor(evaluate(lostOnlyChild(19781231)), "special_loss").length, 2);
  });
  test("when the mother died before the year, the father's age counts for 特扶", () => {
    const r = evaluate(household("H1", [husband(19660101), wife(19800101, { deathDate: 20200101 }), son(19900101, { deathDate: 20150101 })]));
    assert.deepEqual(awardsFor(r, "special_loss").map((a) => a.role), ["夫"]);
  });
  test("特扶 for a lost only child is not paid when a second child was born", () => {
    const r = evaluate(household("H1", [husband(19660101), wife(19700101), son(19900101, { deathDate: 20150101 }), daughter(20000101, { deathDate: 20160101 })]));
    assert.equal(awardsFor(r, "special_loss").length, 0);
  });
  test("an only child who dies during the year makes the parents 失独 that year", () => {
    const r = evaluate(household("H1", [husband(19660101), wife(19700101), son(19900101, { deathDate: 20270601 })]));
    assert.equal(awardsFor(r, "special_loss").length, 2);
  });
  test("特扶 for a disabled only child of grade 3 is paid 460×12", () => {
    const r = evaluate(household("H1", [husband(19660101), wife(19700101), son(19900101, { disabilityGrade: 3, disabilityDate: 20100101 })]));
    const awards = awardsFor(r, "special_disabled");
    assert.equal(awards.length, 2);
    assert.equal(awards[0]?.amount, 552000);
  });
  test("a grade-4 disability does not give 特扶", () => {
    const r = evaluate(household("H1", [husband(19660101), wife(19700101), son(19900101, { disabilityGrade: 4, disabilityDate: 20100101 })]));
    assert.equal(awardsFor(r, "special_disabled").length, 0);
  });
  test("奖扶 and 特扶 may be received together", () => {
    const r = evaluate(household("H1", [husband(19600101), wife(19700101), son(19900101, { deathDate: 20150101 })]));
    assert.equal(awardsFor(r, "jiangfu").length, 1);
    assert.equal(awardsFor(r, "special_loss").length, 2);
  });
});

describe("手术并发症扶助 (complication)", () => {
  const withGrade = (grade: number): Person[] => household("H1", [husband(19700101, { complicationGrade: grade }), wife(19720101)]);
  test("并发症 starts 2022-07-01: a 2022 run pays 6 months", () => {
    const a = only(evaluate(withGrade(1), run2022), "complication");
    assert.equal(a.amount, 520 * 600);
    assert.equal(a.explanation, "520.00×6");
  });
  test("a full year is paid from 2023 on, by grade: 520, 390, 260 a month", () => {
    assert.equal(only(evaluate(withGrade(1)), "complication").amount, 520 * 1200);
    assert.equal(only(evaluate(withGrade(2)), "complication").amount, 390 * 1200);
    assert.equal(only(evaluate(withGrade(3)), "complication").amount, 260 * 1200);
  });
  test("any member with a grade is paid, a child included", () => {
    const r = evaluate(household("H1", [husband(19700101), wife(19720101), son(19950101, { complicationGrade: 2, bank: "农商银行", account: "6217000012345678" })]));
    assert.equal(only(r, "complication").role, "子女");
  });
});

describe("独生子女父母奖励费 (oc_care) and 光荣证奖励 (honor_cert)", () => {
  test("保健费 counts only months after the 光荣证 and before the child turns 14", () => {
    // certificate 2027-02-15; the son turns 14 on 2027-05-10: February, March and April
    const r = evaluate(household("H1", [husband(19850101, { rural: false }), wife(19870101, { rural: false, honorCertDate: 20270215 }), son(20130510)]));
    const a = only(r, "oc_care");
    assert.equal(a.amount, 3000);
    assert.equal(a.explanation, "10.00×3");
  });
  test("保健费 starts with the month the child is born", () => {
    const r = evaluate(household("H1", [husband(19950101), wife(19970101, { honorCertDate: 20200101 }), son(20270910)]));
    assert.equal(only(r, "oc_care").amount, 4000);
  });
  test("保健费 stops after the month the child dies", () => {
    const r = evaluate(household("H1", [husband(19950101), wife(19970101, { honorCertDate: 20200101 }), son(20200101, { deathDate: 20270615 })]));
    assert.equal(only(r, "oc_care").amount, 6000);
  });
  test("no 保健费 for a child already 14 all year", () => {
    const r = evaluate(household("H1", [husband(19800101), wife(19820101, { honorCertDate: 20050101 }), son(20121231)]));
    assert.equal(awardsFor(r, "oc_care").length, 0);
  });
  test("the 光荣证 award of 1000 is paid in the year of the certificate, to the household", () => {
    const r = evaluate(household("H1", [husband(19950101), wife(19970101, { honorCertDate: 20270301 }), son(20260101)]));
    const a = only(r, "honor_cert");
    assert.equal(a.amount, 100000);
    assert.deepEqual(a.levels, [0, 0, 0, 100000]);
    assert.equal(a.role, "妻");
  });
  test("no 光荣证 award for a certificate of an earlier year", () => {
    const r = evaluate(household("H1", [husband(19950101), wife(19970101, { honorCertDate: 20260301 }), son(20260101)]));
    assert.equal(awardsFor(r, "honor_cert").length, 0);
  });
});

describe("one-time awards", () => {
  const certHousehold = (): Person[] => household("H1", [husband(19950101), wife(19970101, { honorCertDate: 20270301 }), son(20260101)]);
  test("a one-time award is not paid twice: an earlier year's award under the same 户编号", () => {
    const once = emptyOnceRegistry();
    once.households.add("honor_cert\u0000H1");
    const r = evaluate(certHousehold(), run2027, once);
    assert.equal(awardsFor(r, "honor_cert").length, 0);
    assert.deepEqual(r.withheldOnce.map((w) => w.code), ["honor_cert"]);
  });
  test("a household renumbered since is matched by a parent's ID", () => {
    const members = certHousehold();
    const once = emptyOnceRegistry();
    once.households.add(`honor_cert\u0000${members[0]?.id ?? ""}`);
    assert.equal(awardsFor(evaluate(members, run2027, once), "honor_cert").length, 0);
  });
  test("within one run the second evaluation of the same household is withheld", () => {
    const once = emptyOnceRegistry();
    const members = certHousehold();
    assert.equal(awardsFor(evaluate(members, run2027, once), "honor_cert").length, 1);
    assert.equal(awardsFor(evaluate(members, run2027, once), "honor_cert").length, 0);
  });
  test("a one-time award of a person is matched by the person's ID", () => {
    const student = son(20090101, { stage: "大学", enrollYear: 2027 });
    const members = household("H1", [husband(19800101), wife(19820101, { honorCertDate: 20100101 }), student]);
    assert.equal(only(evaluate(members), "college_award").amount, 200000);
    const once = emptyOnceRegistry();
    once.persons.add(`college_award\u0000${student.id}`);
    assert.equal(awardsFor(evaluate(members, run2027, once), "college_award").length, 0);
  });
  test("an unrelated household is not withheld", () => {
    const once = emptyOnceRegistry();
    once.households.add("honor_cert\u0000H2");
    assert.equal(awardsFor(evaluate(certHousehold(), run2027, once), "honor_cert").length, 1);
  });
});

describe("who is paid and how", () => {
  test("a household award is booked on the payee's row", () => {
    const members = household("H1", [husband(19950101, { payeeFlag: true }), wife(19970101, { honorCertDate: 20270301 }), son(20260101)]);
    const a = only(evaluate(members), "honor_cert");
    const payee = members[0] as Person;
    assert.equal(a.id, payee.id);
    assert.equal(a.name, payee.name);
    assert.equal(a.role, "夫");
    assert.equal(a.payeeId, payee.id);
    assert.equal(a.account, payee.account);
    assert.equal(a.payeeKind, "个人");
  });
  test("a child's award is booked on the child's row and paid to the household payee", () => {
    const members = household("H1", [husband(19750101), wife(19770101, { honorCertDate: 20100101 }), son(20100101, { stage: "高中" })]);
    const a = only(evaluate(members), "hs_grant");
    assert.equal(a.id, members[2]?.id);
    assert.equal(a.role, "子女");
    assert.equal(a.payeeId, members[1]?.id);
    assert.equal(a.bank, members[1]?.bank);
    assert.equal(a.amount, 150000);
    assert.deepEqual(a.levels, [90000, 30000, 0, 30000]);
  });
  test("a self award without account goes to 待补录", () => {
    const members = household("H1", [husband(19600101, { bank: "", account: "" }), wife(19800101), son(19900101)]);
    const r = evaluate(members);
    const a = only(r, "jiangfu");
    assert.equal(a.payeeKind, "待补录");
    assert.equal(a.payeeId, members[0]?.id);
    assert.equal(a.account, "");
    assert.deepEqual(r.pending.map((p) => p.person.id), [members[0]?.id]);
    assert.deepEqual(r.pending.map((p) => p.reason), [{ kind: "no-account" }]);
  });
  test("a household award goes to 待补录 when no parent has an account", () => {
    const members = household("H1", [husband(19950101, { account: "" }), wife(19970101, { account: "", honorCertDate: 20270301 }), son(20260101)]);
    const r = evaluate(members);
    const a = only(r, "honor_cert");
    assert.equal(a.payeeKind, "待补录");
    assert.equal(a.role, "妻");
    assert.ok(r.pending.some((p) => p.person.id === members[1]?.id));
  });
  test("a household award goes to 待补录 when the marked payee died before the year", () => {
    const members = household("H1", [husband(19600101, { payeeFlag: true, deathDate: 20260101 }), wife(19620101, { honorCertDate: 19900101 }), son(19900101, { deathDate: 20270301 })]);
    const a = only(evaluate(members), "consolation_death");
    assert.equal(a.payeeKind, "待补录");
    assert.equal(a.amount, 3000000);
  });
  test("an institution award is 机构, whatever the accounts", () => {
    const members = household("H1", [husband(19750101), wife(19770101, { honorCertDate: 20100101 }), son(20100101)]);
    const awards = awardsFor(evaluate(members), "ncms_premium");
    assert.equal(awards.length, 3);
    for (const a of awards) {
      assert.equal(a.payeeKind, "机构");
      assert.equal(a.payeeName, "县医疗保障基金");
      assert.equal(a.payeeId, "");
      assert.equal(a.account, "");
      assert.equal(a.bank, "");
    }
  });
  test("priority is a 0-amount 资格 award", () => {
    const members = household("H1", [husband(19750101), wife(19770101), daughter(20000101), daughter(20020101)]);
    const a = only(evaluate(members), "priority");
    assert.equal(a.amount, 0);
    assert.equal(a.payeeKind, "资格");
    assert.deepEqual(a.levels, [0, 0, 0, 0]);
    assert.equal(a.payeeName, "");
    assert.equal(a.account, "");
  });
});

describe("the other programmes of the sample policy", () => {
  test("放弃二孩 pays 6000 once in the year of the waiver, half 省 half 县", () => {
    const r = evaluate(household("H1", [husband(19950101, { waiverDate: 20270401 }), wife(19970101), son(20250101)]));
    const a = only(r, "waive_second");
    assert.equal(a.amount, 600000);
    assert.deepEqual(a.levels, [0, 300000, 0, 300000]);
  });
  test("节育奖励金 is paid to each parent under 60 the years after the contraception", () => {
    const members = household("H1", [husband(19800101), wife(19820101, { contraceptionDate: 20100101 }), daughter(20050101), daughter(20080101)]);
    assert.equal(awardsFor(evaluate(members), "contra_bonus").length, 2);
  });
  test("no 节育奖励金 in the year of the contraception itself", () => {
    const members = household("H1", [husband(19800101), wife(19820101, { contraceptionDate: 20270101 }), daughter(20050101), daughter(20080101)]);
    assert.equal(awardsFor(evaluate(members), "contra_bonus").length, 0);
  });
  test("伤残抚慰金 is 20000 for grade 1–3 and 10000 for grade 4", () => {
    const disabled = (grade: number): Person[] =>
      household("H1", [husband(19700101), wife(19720101), son(20000101, { disabilityGrade: grade, disabilityDate: 20270301 })]);
    assert.equal(only(evaluate(disabled(2)), "consolation_disabled").amount, 2000000);
    assert.equal(only(evaluate(disabled(4)), "consolation_disabled").amount, 1000000);
  });
  test("新农保 top-up pays 120 a month to an insured parent of 60 in a rural two-girl family", () => {
    const members = household("H1", [husband(19600101, { pensionInsured: true }), wife(19700101), daughter(19900101), daughter(19920101)]);
    const a = only(evaluate(members), "pension_topup");
    assert.equal(a.amount, 144000);
    assert.equal(a.explanation, "120.00×12");
  });
  test("新农保 contribution subsidy goes to the insurance agency for members 16–59", () => {
    const members = household("H1", [husband(19700101, { pensionInsured: true }), wife(19720101), daughter(20100101), daughter(20120101, { pensionInsured: true })]);
    const awards = awardsFor(evaluate(members), "pension_subsidy");
    assert.deepEqual(awards.map((a) => a.role), ["夫"]);
    assert.equal(awards[0]?.payeeName, "县社会保险经办机构");
  });
  test("低保 top-up is 20% of the 低保 standard, booked on the member and paid to the household", () => {
    const members = household("H1", [husband(19700101, { dibao: true }), wife(19720101), daughter(20000101), daughter(20020101)]);
    const a = only(evaluate(members), "dibao_topup");
    assert.equal(a.amount, 144000);
    assert.equal(a.role, "夫");
    assert.equal(a.payeeId, members[1]?.id);
  });
  test("养老机构 subsidy goes to the care home", () => {
    const members = household("H1", [husband(19600101, { careHome: true }), wife(19700101), daughter(19900101), daughter(19920101)]);
    const a = only(evaluate(members), "care_home");
    assert.equal(a.amount, 300000);
    assert.equal(a.payeeKind, "机构");
  });
  test("an urban only-child parent of 60 on 低保 gets 1200", () => {
    const members = household("H1", [husband(19600101, { rural: false, dibao: true }), wife(19700101, { rural: false, honorCertDate: 19900101 }), son(19890101)]);
    const a = only(evaluate(members), "urban_dibao_oc");
    assert.deepEqual(a.levels, [0, 60000, 0, 60000]);
  });
  test("a child entering university in the run year is awarded 2000; one who entered before is not", () => {
    const mk = (enrollYear: number): Person[] =>
      household("H1", [husband(19800101), wife(19820101), daughter(20080101, { stage: "大学", enrollYear }), daughter(20100101)]);
    assert.equal(only(evaluate(mk(2027)), "college_award").amount, 200000);
    assert.equal(awardsFor(evaluate(mk(2026)), "college_award").length, 0);
  });
  test("平安保险 covers an only child up to 6, paid to the insurer", () => {
    const mk = (birth: number): Person[] => household("H1", [husband(19950101), wife(19970101, { honorCertDate: 20210101 }), son(birth)]);
    assert.equal(only(evaluate(mk(20210101)), "child_insurance").amount, 3200);
    assert.equal(awardsFor(evaluate(mk(20201231)), "child_insurance").length, 0);
  });
  test("关爱女孩 pays 800 in 初中 and 1600 in 高中 to an excellent daughter of a hard-up 纯女户", () => {
    const mk = (stage: string, excellent = true, hardship = true): Person[] =>
      household("H1", [husband(19800101, { rural: false, hardship }), wife(19820101, { rural: false }), daughter(20120101, { stage, excellent })]);
    assert.equal(only(evaluate(mk("初中")), "girl_aid").amount, 80000);
    assert.equal(only(evaluate(mk("高中")), "girl_aid").amount, 160000);
    assert.equal(awardsFor(evaluate(mk("初中", false)), "girl_aid").length, 0);
    assert.equal(awardsFor(evaluate(mk("初中", true, false)), "girl_aid").length, 0);
  });
  test("an urban family without a certificate gets nothing at all", () => {
    const r = evaluate(household("H1", [husband(19700101, { rural: false }), wife(19720101, { rural: false }), son(20000101)]));
    assert.deepEqual(codes(r), []);
  });
});

describe("excludes: programmes that cannot combine", () => {
  const text = (lowFirst: boolean): string => `county: 测试县
params:
  low: {2020-01-01: 1200}
  high: {2020-01-01: 7080}
programs:
  - code: jiangfu
    name: 奖扶
    category: 奖励
    basis: 测试
    for: parent
    conditions:
      年满60周岁: age >= 60
    amount: {per_year: ${lowFirst ? "low" : "high"}}
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
    amount: {per_year: ${lowFirst ? "high" : "low"}}
    shares: {中央: 100}
    payee: self
`;
  const members = household("H1", [husband(19600101), wife(19700101), son(19900101, { deathDate: 20100101 })]);
  test("excludes keeps the higher award of the same person", () => {
    const r = evaluate(members, prepareRun(parseOrThrow(text(true)), 2027));
    const husbandAwards = r.awards.filter((a) => a.role === "夫");
    assert.deepEqual(husbandAwards.map((a) => [a.code, a.amount]), [["special", 708000]]);
  });
  test("excludes keeps the higher award whichever programme names the other", () => {
    const r = evaluate(members, prepareRun(parseOrThrow(text(false)), 2027));
    assert.deepEqual(r.awards.filter((a) => a.role === "夫").map((a) => [a.code, a.amount]), [["jiangfu", 708000]]);
  });
  test("excludes does not touch another person's award", () => {
    const r = evaluate(members, prepareRun(parseOrThrow(text(true)), 2027));
    assert.deepEqual(r.awards.filter((a) => a.role === "妻").map((a) => a.code), ["special"]);
  });
});

describe("every award is consistent", () => {
  test("the levels of every award sum to its amount, in a household with many programmes", () => {
    const members = household("H1", [
      husband(19600101, { pensionInsured: true, dibao: true, careHome: true, complicationGrade: 2 }),
      wife(19660101, { honorCertDate: 20270101, pensionInsured: true }),
      son(20230101),
    ]);
    const r = evaluate(members);
    assert.ok(r.awards.length >= 8, codes(r).join(","));
    for (const a of r.awards) {
      assert.equal(a.levels.reduce((x, y) => x + y, 0), a.amount, a.code);
      assert.equal(a.year, 2027);
      assert.equal(a.householdId, "H1");
    }
  });
});
