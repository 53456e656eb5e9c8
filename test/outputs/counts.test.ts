import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { compareAwards, type Award } from "../../src/domain/award.js";
import { countAwards, inLedgerOrder, OrderedDistinct } from "../../src/outputs/counts.js";
import { groupBy } from "../../src/outputs/groups.js";

// Awards of a run: each ID belongs to one person of one household, each 户编号 to one village
// (a roster repeating them is rejected), and the ledger is sorted (乡镇, 村, 户编号, 身份证号, 项目).
const arbitraryRun = fc
  .array(
    fc.record({
      township: fc.constantFrom("甲镇", "乙乡"),
      village: fc.constantFrom("东村", "西村", "南村"),
      members: fc.array(fc.record({ codes: fc.subarray(["A", "B", "H"], { minLength: 1 }) }), { minLength: 1, maxLength: 4 }),
    }),
    { minLength: 0, maxLength: 30 },
  )
  .map((households) =>
    households.flatMap((h, i) =>
      h.members.flatMap((m, j) =>
        m.codes.map((code) => ({ township: h.township, village: h.village, householdId: `${h.township}${h.village}-${i}`, id: `ID${i}-${j}`, code }) as unknown as Award),
      ),
    ),
  );

const HOUSEHOLD_CODES = new Set(["H"]);

/** What the counts mean, counted the obvious way. */
function bySets(awards: readonly Award[]): { persons: number; households: number; awards: number } {
  const persons = new Set(awards.filter((a) => !HOUSEHOLD_CODES.has(a.code)).map((a) => a.id));
  const households = new Set(awards.filter((a) => HOUSEHOLD_CODES.has(a.code)).map((a) => a.householdId));
  return { persons: persons.size, households: households.size, awards: awards.length };
}

describe("人数 and 户数 on the summaries (distinct persons and households)", () => {
  it("counted by neighbours in ledger order, equal the distinct counts, for the whole ledger and any part of it taken in order", () => {
    fc.assert(
      fc.property(arbitraryRun, fc.func(fc.boolean()), (run, keep) => {
        const ledger = [...run].sort(compareAwards);
        assert.ok(inLedgerOrder(ledger));
        assert.deepEqual(countAwards(ledger, HOUSEHOLD_CODES), bySets(ledger));
        const part = ledger.filter((a) => keep(a.id + a.code));
        assert.deepEqual(countAwards(part, HOUSEHOLD_CODES), bySets(part));
      }),
    );
  });

  it("counted as in ledger order for any part of a ledger taken in order, and village by village (what the township 汇总 relies on)", () => {
    fc.assert(
      fc.property(arbitraryRun, fc.func(fc.boolean()), (run, keep) => {
        const ledger = [...run].sort(compareAwards);
        const part = ledger.filter((a) => keep(a.id + a.code));
        assert.deepEqual(countAwards(part, HOUSEHOLD_CODES, true), bySets(part));
        const villages = [...groupBy(part, (a) => a.village).values()].flat();
        assert.deepEqual(countAwards(villages, HOUSEHOLD_CODES, true), bySets(villages));
      }),
    );
  });

  it("counted with sets when the awards are not in ledger order (programme by programme)", () => {
    fc.assert(
      fc.property(arbitraryRun, (run) => {
        const byCode = [...run].sort(compareAwards).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
        assert.deepEqual(countAwards(byCode, HOUSEHOLD_CODES), bySets(byCode));
      }),
    );
  });

  it("count an empty value once wherever it occurs, as a set does", () => {
    const d = new OrderedDistinct();
    for (const v of ["", "a", "a", "", "b", ""]) d.add(v);
    assert.equal(d.count, 3);
  });
});
