import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { yearOf } from "../../src/domain/dates.js";
import { ageAtReference, householdFacts, isAliveForYear, isLiving, runDates, type RunDates } from "../../src/domain/facts.js";
import type { Person } from "../../src/domain/person.js";
import { householdArb } from "../helpers/random-household.js";

// householdFacts runs for every household of the roster in one pass; here each fact is computed
// as its definition reads (DESIGN §4, vocabulary.ts), one filter at a time, and the two must agree.

function byDefinition(members: readonly Person[], d: RunDates): Record<string, unknown> {
  const parents = members.filter((p) => p.role !== "子女");
  const children = members.filter((p) => p.role === "子女");
  const living = children.filter((c) => isLiving(c, d));
  const sons = children.filter((c) => c.sex === "男").length;
  const earliest = (dates: number[]): number => dates.filter((x) => x > 0).reduce((a, b) => (a === 0 || b < a ? b : a), 0);
  const cert = (p: Person): number => (p.honorCertDate <= d.reference ? p.honorCertDate : 0);
  const mother = parents.find((p) => p.role === "妻" && isAliveForYear(p, d)) ?? parents.find((p) => p.role === "夫");
  const honorCertDate = earliest(parents.map(cert));
  return {
    parents, children,
    childrenEver: children.length, childrenLiving: living.length, sonsEver: sons, daughtersEver: children.length - sons,
    sonsLiving: living.filter((c) => c.sex === "男").length, daughtersLiving: living.filter((c) => c.sex === "女").length,
    onlyChildFamily: honorCertDate !== 0 && children.length === 1, twoGirls: children.length === 2 && sons === 0, girlsOnly: children.length >= 1 && sons === 0,
    motherAge: mother ? ageAtReference(mother, d) : -1,
    anyIllegalBirth: members.some((p) => p.illegalBirth), hardship: members.some((p) => p.hardship),
    sterilised: parents.some((p) => p.contraceptionKind === "结扎"), complication: members.some((p) => p.complicationGrade > 0),
    honorCertDate, contraceptionDate: earliest(parents.map((p) => p.contraceptionDate)), waiverDate: earliest(parents.map((p) => p.waiverDate)),
    certYears: parents.map(cert).filter((x) => x > 0).map(yearOf),
    waiverYears: parents.map((p) => p.waiverDate).filter((x) => x > 0).map(yearOf),
    contraceptionYears: parents.map((p) => p.contraceptionDate).filter((x) => x > 0).map(yearOf),
    onlyChild: children.length === 1 ? children[0] : undefined,
  };
}

const extras = fc.record({
  waiverDate: fc.constantFrom(0, 0, 19980301, 20050101),
  contraceptionKind: fc.constantFrom("", "结扎", "上环"),
  illegalBirth: fc.boolean(),
});

describe("household facts", () => {
  test("over random households and reference dates, each fact is what its definition says", () => {
    fc.assert(
      fc.property(householdArb, fc.array(extras, { minLength: 5, maxLength: 5 }), fc.constantFrom(2015, 2027), fc.constantFrom(1231, 630, 101), (members, more, year, reference) => {
        const people = members.map((p, i): Person => ({ ...p, ...(more[i] ?? {}) }));
        const d = runDates(year, reference);
        const { rural: _rural, payee: _payee, ...facts } = householdFacts(people, d);
        assert.deepEqual(facts, byDefinition(people, d));
      }),
      { numRuns: 400, seed: 12 },
    );
  });
});
