import fc from "fast-check";
import type { Person } from "../../src/domain/person.js";
import { daughter, household, husband, son, wife } from "./household-builder.js";

// Random households for property tests: a husband and/or a wife and up to three children, with the
// dates and flags the sample policy's programmes turn on.

const date = (from: number, to: number): fc.Arbitrary<number> => fc.tuple(fc.integer({ min: from, max: to }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 })).map(([y, m, d]) => y * 10000 + m * 100 + d);
const maybeDate = (from: number, to: number): fc.Arbitrary<number> => fc.oneof({ arbitrary: fc.constant(0), weight: 2 }, { arbitrary: date(from, to), weight: 1 });
const flags = fc.record({
  dibao: fc.boolean(), pensionInsured: fc.boolean(), careHome: fc.boolean(), hardship: fc.boolean(), excellent: fc.boolean(),
  complicationGrade: fc.constantFrom(0, 0, 0, 1, 2, 3), rural: fc.constantFrom<boolean | undefined>(true, true, false),
  honorCertDate: maybeDate(1985, 2027), contraceptionDate: maybeDate(1985, 2027), deathDate: fc.constantFrom(0, 0, 0, 0, 20270516, 20250101),
  account: fc.constantFrom("ok", "ok", "ok", ""),
});
type Flags = typeof flags extends fc.Arbitrary<infer T> ? T : never;
const childFlags = fc.record({
  deathDate: fc.constantFrom(0, 0, 0, 20270301, 20150101), disabilityGrade: fc.constantFrom(0, 0, 0, 1, 3, 4), stage: fc.constantFrom("", "", "初中", "高中", "大学"),
  enrollYear: fc.constantFrom(0, 2026, 2027), excellent: fc.boolean(), girl: fc.boolean(),
});

export const householdArb = fc
  .record({
    husband: fc.option(fc.tuple(date(1940, 1995), flags), { nil: undefined }),
    wife: fc.option(fc.tuple(date(1945, 1998), flags), { nil: undefined }),
    children: fc.array(fc.tuple(date(1975, 2027), childFlags), { maxLength: 3 }),
  })
  .filter((h) => h.husband !== undefined || h.wife !== undefined)
  .map((h): Person[] => {
    const parent = (make: typeof husband, [birth, f]: [number, Flags]): Person => {
      const { account, ...rest } = f;
      return make(birth, { ...rest, ...(account === "" ? { account: "" } : {}) });
    };
    return household("H1", [
      ...(h.husband ? [parent(husband, h.husband)] : []),
      ...(h.wife ? [parent(wife, h.wife)] : []),
      ...h.children.map(([birth, c]) => {
        const { girl, ...rest } = c;
        return (girl ? daughter : son)(birth, rest);
      }),
    ]);
  });
