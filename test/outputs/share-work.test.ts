import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { townshipQueue } from "../../src/outputs/worker-stages.js";

const span = (township: string, count: number, first = 0) => ({ township, first, count, start: 0, end: 0 });

describe("handing out the township workbooks to the writing threads", () => {
  it("hands out every township exactly once, largest first", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.tuple(fc.string({ minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 50_000 })), { selector: ([t]) => t, minLength: 1, maxLength: 40 }), (counts) => {
        const queue = townshipQueue(counts.map(([t, n], i) => span(t, n, i)));
        assert.deepEqual(queue.map((s) => s.township).sort(), counts.map(([t]) => t).sort());
        for (let i = 1; i < queue.length; i++) assert.ok((queue[i - 1]?.count ?? 0) >= (queue[i]?.count ?? 0));
      }),
    );
  });

  it("keeps ledger order among townships of the same size", () => {
    assert.deepEqual(townshipQueue([span("甲镇", 10), span("乙镇", 40), span("丙镇", 10), span("丁镇", 40)]).map((s) => s.township), ["乙镇", "丁镇", "甲镇", "丙镇"]);
  });
});
