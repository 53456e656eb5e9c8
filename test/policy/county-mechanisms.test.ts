import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Award } from "../../src/domain/award.js";
import type { Person } from "../../src/domain/person.js";
import { emptyOnceRegistry, evaluateHousehold } from "../../src/policy/evaluate.js";
import { prepareRun } from "../../src/policy/prepare.js";
import { daughter, household, husband, samplePolicy, son, wife } from "../helpers/household-builder.js";

// The seed county's own mechanisms (the county part of the seed document, DESIGN §6 / issue 9 point 10).
const policy = samplePolicy();
const awardsOf = (members: readonly Person[], year: number, code: string): Award[] =>
  evaluateHousehold(members, prepareRun(policy, year), emptyOnceRegistry()).awards.filter((a) => a.code === code);

describe("纯女户中考加十分: a qualification list for the education bureau", () => {
  const girls = (examYear: number, extra: Partial<Person> = {}): Person[] =>
    household("H1", [husband(19780101), wife(19800101), daughter(20120301, { stage: "初中", zhongkaoYear: examYear, ...extra }), daughter(20150101)]);
  test("a daughter of a rural 纯女户 sitting 中考 this year is on the list, without money", () => {
    const [a] = awardsOf(girls(2027), 2027, "zhongkao_bonus");
    assert.equal(a?.payeeKind, "资格");
    assert.equal(a?.amount, 0);
    assert.equal(a?.role, "子女");
  });
  test("not in another year, not in a household with a son, not for an urban household", () => {
    assert.equal(awardsOf(girls(2028), 2027, "zhongkao_bonus").length, 0);
    assert.equal(awardsOf(household("H1", [husband(19780101), wife(19800101), daughter(20120301, { zhongkaoYear: 2027 }), son(20150101)]), 2027, "zhongkao_bonus").length, 0);
    const urban = girls(2027).map((p) => (p.role === "子女" ? p : { ...p, rural: false }));
    assert.equal(awardsOf(urban, 2027, "zhongkao_bonus").length, 0);
  });
});

describe("纯女户养老保险: the county fund for sterilised 纯女户 parents at pension age", () => {
  const pureGirls = (kind: Person["contraceptionKind"], husbandBirth = 19600101): Person[] =>
    household("H1", [husband(husbandBirth), wife(19680101, { contraceptionDate: 19950101, contraceptionKind: kind }), daughter(19900101), daughter(19930101)]);
  test("a parent of 60 in a 结扎 household is paid 60 a month (the sample's stated assumption), by the county", () => {
    const [a, ...rest] = awardsOf(pureGirls("结扎"), 2027, "pure_girl_pension");
    assert.equal(rest.length, 0, "the wife is under 60");
    assert.equal(a?.role, "夫");
    assert.equal(a?.amount, 72000);
    assert.deepEqual(a?.levels, [0, 0, 0, 72000]);
  });
  test("上环 is not 结扎; a household with a son is not 纯女户", () => {
    assert.equal(awardsOf(pureGirls("上环"), 2027, "pure_girl_pension").length, 0);
    const withSon = household("H1", [husband(19600101, { contraceptionKind: "结扎" }), wife(19610101), son(19900101)]);
    assert.equal(awardsOf(withSon, 2027, "pure_girl_pension").length, 0);
  });
  test("already paid in the seed county's year (2006)", () => {
    assert.equal(awardsOf(pureGirls("结扎", 19440101), 2006, "pure_girl_pension")[0]?.amount, 72000);
  });
});

describe("三结合 帮扶对象: 二女户, 独生子女户 and families with 手术并发症, in 困难", () => {
  test("a 困难 二女户 is on the list in 2010; not without 困难", () => {
    const twoGirls = (hardship: boolean): Person[] => household("H1", [husband(19700101, { hardship }), wife(19720101), daughter(19950101), daughter(19980101)]);
    assert.equal(awardsOf(twoGirls(true), 2010, "sanjiehe")[0]?.payeeKind, "资格");
    assert.equal(awardsOf(twoGirls(false), 2010, "sanjiehe").length, 0);
  });
  test("a 困难 household with a 手术并发症 is on the list whatever its children", () => {
    const hh = household("H1", [husband(19700101, { hardship: true }), wife(19720101, { complicationGrade: 2 }), son(19950101), son(19980101)]);
    assert.equal(awardsOf(hh, 2010, "sanjiehe").length, 1);
  });
  test("the sample assumes it ended in 2015 (帮扶 went into 精准扶贫): none in 2016 or 2027", () => {
    const hh = household("H1", [husband(19700101, { hardship: true }), wife(19720101, { complicationGrade: 2 }), son(19950101), son(19980101)]);
    assert.equal(awardsOf(hh, 2016, "sanjiehe").length, 0);
    assert.equal(awardsOf(hh, 2027, "sanjiehe").length, 0);
  });
});
