import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { detached, Interner } from "../../src/input/cell.js";

describe("repeated texts stored once (Interner)", () => {
  test("whatever the order of fields and texts, each text comes back as itself", () => {
    const texts = fc.constantFrom("", "东村", "西村", "H001", "H002", "中国农业银行", "0", "柳河乡");
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), texts), { maxLength: 200 }), (calls) => {
        const strings = new Interner();
        for (const [slot, text] of calls) assert.equal(strings.intern(text.slice(0), slot), text);
      }),
      { numRuns: 200 },
    );
  });
  test("a text first seen in a field is stored as `keep` makes it, once, and comes back as itself", () => {
    const texts = fc.constantFrom("", "东村", "西村", "H001", "中国农业银行", "60.00×12+独生子女父母奖励扶助金");
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), texts), { maxLength: 100 }), (calls) => {
        const kept: string[] = [];
        const strings = new Interner((text) => {
          kept.push(text);
          return detached(text);
        });
        for (const [slot, text] of calls) assert.equal(strings.intern(text, slot), text);
        const distinct = new Set(calls.map(([slot, text]) => `${slot}\u0000${text}`));
        assert.equal(kept.length, distinct.size);
      }),
      { numRuns: 200 },
    );
  });
  test("a field's table is its own: the same text in two fields comes back in each", () => {
    const strings = new Interner();
    assert.equal(strings.intern("城关镇", 0), "城关镇");
    assert.equal(strings.intern("城关", 1), "城关");
    assert.equal(strings.intern("城关镇", 1), "城关镇");
    assert.equal(strings.intern("城关", 0), "城关");
  });
});
