import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { SharedValues } from "../../src/policy/shared-values.js";
import type { Fen } from "../../src/domain/money.js";

describe("equal explanations and level splits of a run's awards are kept once", () => {
  it("gives back an equal value, the same object for equal values and a frozen split", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("国家标准960.00", "省提标240.00", ""), fc.array(fc.integer({ min: 0, max: 99_999 }), { maxLength: 4 }))), (items) => {
        const shared = new SharedValues();
        const seen = new Map<string, readonly Fen[]>();
        for (const [text, levels] of items) {
          const t = shared.text(`${text}`);
          assert.equal(t, text);
          const l = shared.levels(levels as Fen[]);
          assert.deepEqual(l, levels);
          assert.ok(Object.isFrozen(l));
          const key = levels.join(",");
          if (seen.has(key)) assert.equal(l, seen.get(key), "the same array for an equal split");
          else seen.set(key, l);
        }
      }),
    );
  });

  it("a split handed in and changed afterwards does not change the one kept", () => {
    const shared = new SharedValues();
    const mine = [100, 200] as Fen[];
    const kept = shared.levels(mine);
    mine[0] = 999 as Fen;
    assert.deepEqual(shared.levels([100, 200] as Fen[]), [100, 200]);
    assert.equal(shared.levels([100, 200] as Fen[]), kept);
  });
});
