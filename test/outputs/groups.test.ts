import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { groupBy } from "../../src/outputs/groups.js";

describe("grouping awards (groupBy)", () => {
  test("gives each key's items in their order, keys in the order they first appear, however runs of a key are broken", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("东村", "西村", "南村", ""), fc.nat()), { maxLength: 120 }), (items) => {
        const keys = [...new Set(items.map(([k]) => k))];
        const expected = keys.map((k) => [k, items.filter(([x]) => x === k)] as const);
        assert.deepEqual([...groupBy(items, ([k]) => k)], expected);
      }),
      { numRuns: 300 },
    );
  });
});
