import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { FirstIndexById } from "../../src/roster/id-table.js";

const WELL_FORMED = /^\d{17}[\dX]$/;

/** IDs drawn from a small pool, so that repeats are common, with near-misses: one character apart, X or x, too short or long. */
const idText = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 40 }), fc.constantFrom("0", "9", "X", "x", "")).map(([n, last]) => `3499011980010${String(n).padStart(4, "0")}${last}`),
  fc.stringMatching(/^[0-9X]{17,19}$/),
  fc.constantFrom("", "bad", "34990119800101001１", "999999999999999999", "00000000000000000X", "000000000000000000"),
);

describe("the first row of each ID (the duplicate-ID check)", () => {
  test("gives, for each row, the first earlier row with the same well-formed ID, as a Map of the texts does", () => {
    fc.assert(
      fc.property(fc.array(idText, { maxLength: 300 }), (ids) => {
        const table = new FirstIndexById(ids.length);
        const reference = new Map<string, number>();
        ids.forEach((id, i) => {
          const expected = !WELL_FORMED.test(id) ? -2 : (reference.get(id) ?? -1);
          if (expected === -1) reference.set(id, i);
          assert.equal(table.firstOrAdd(id, i), expected, `row ${i}: ${id}`);
        });
      }),
      { numRuns: 300 },
    );
  });
  test("a check character X is not the digit 0 and not a tenth digit", () => {
    const table = new FirstIndexById(4);
    assert.equal(table.firstOrAdd("34990119800101001X", 0), -1);
    assert.equal(table.firstOrAdd("349901198001010010", 1), -1);
    assert.equal(table.firstOrAdd("349901198001010011", 2), -1);
    assert.equal(table.firstOrAdd("34990119800101001X", 3), 0);
  });
  test("a full table says so rather than looping", () => {
    const table = new FirstIndexById(1);
    assert.equal(table.firstOrAdd("349901198001010011", 0), -1);
    assert.throws(() => table.firstOrAdd("349901198001010029", 1), /more IDs than expected/);
  });
});
