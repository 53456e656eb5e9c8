import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { shareWork } from "../../src/outputs/worker-stages.js";

describe("sharing the large workbooks between two workers", () => {
  it("gives every township to exactly one worker and 发放台账.xlsx to one, the loads within one township of each other", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 50_000 })), { selector: ([t]) => t, minLength: 1, maxLength: 40 }), (counts) => {
        const shares = shareWork(counts);
        assert.equal(shares.filter((s) => s.ledgerWorkbook).length, 1);
        const assigned = shares.flatMap((s) => s.mine);
        assert.deepEqual([...assigned].sort(), counts.map(([t]) => t).sort());
        const total = counts.reduce((n, [, c]) => n + c, 0);
        const count = new Map(counts);
        const loads = shares.map((s) => (s.ledgerWorkbook ? total * 0.55 : 0) + s.mine.reduce((n, t) => n + (count.get(t) ?? 0), 0));
        const largest = Math.max(...counts.map(([, c]) => c), total * 0.55);
        assert.ok(Math.abs((loads[0] ?? 0) - (loads[1] ?? 0)) <= largest, `loads ${loads.join(" / ")}`);
      }),
    );
  });

  it("fills the worker without the ledger workbook first, largest township first", () => {
    // 100,000 awards: the ledger workbook counts 55,000; 乙 and 丙 go to the other worker (70,000),
    // then 丁 to the ledger worker (84,990), 甲 back to the other (70,010)
    const shares = shareWork([["甲镇", 10], ["乙镇", 40_000], ["丙镇", 30_000], ["丁镇", 29_990]]);
    assert.deepEqual(shares.find((s) => !s.ledgerWorkbook)?.mine, ["乙镇", "丙镇", "甲镇"]);
    assert.deepEqual(shares.find((s) => s.ledgerWorkbook)?.mine, ["丁镇"]);
  });
});
