import assert from "node:assert/strict";
import { describe, it, test } from "node:test";
import fc from "fast-check";
import { add, fen, formatYuan, parseYuan, splitByShares, sum, times, toYuanNumber, yuanNumberToFen, type Fen } from "../../src/domain/money.js";

const f = (n: number): Fen => n as Fen;

describe("parseYuan reads decimal 元 text into whole fen", () => {
  test("a whole number of 元 is a hundred fen each: 1200 → 120000", () => {
    assert.equal(parseYuan("1200"), 120000);
  });
  test("five 分 are 5 fen: 0.05", () => {
    assert.equal(parseYuan("0.05"), 5);
  });
  test("one decimal is 角: -3.5 → -350", () => {
    assert.equal(parseYuan("-3.5"), -350);
  });
  test("two decimals are kept exactly, with no float on the way: 1200.29", () => {
    assert.equal(parseYuan("1200.29"), 120029);
    assert.equal(parseYuan("0.29"), 29);
  });
  test("surrounding spaces are ignored", () => {
    assert.equal(parseYuan("  960 "), 96000);
  });
  test("minus zero is zero", () => {
    assert.equal(parseYuan("-0.00"), 0);
    assert.ok(Object.is(parseYuan("-0"), 0));
  });
  test("more than two decimals are rejected, never rounded: 1.234", () => {
    assert.equal(parseYuan("1.234"), undefined);
  });
  test("text that is not a number is rejected: abc, blank, 1,200, 1e3, .5", () => {
    for (const t of ["abc", "", " ", "1,200", "1e3", ".5", "12元", "+5", "--1"]) assert.equal(parseYuan(t), undefined, t);
  });
  test("an amount beyond the safe integers is rejected", () => {
    assert.equal(parseYuan("99999999999999999"), undefined);
  });
});

describe("formatYuan writes 元 with exactly two decimals", () => {
  test("120000 fen is 1200.00", () => {
    assert.equal(formatYuan(f(120000)), "1200.00");
  });
  test("small and negative amounts keep their leading zero", () => {
    assert.equal(formatYuan(f(5)), "0.05");
    assert.equal(formatYuan(f(-5)), "-0.05");
    assert.equal(formatYuan(f(-350)), "-3.50");
    assert.equal(formatYuan(f(0)), "0.00");
  });
});

describe("yuanNumberToFen turns an expression's 元 value into fen", () => {
  test("float noise from an expression is absorbed: 1440.0000000000002 → 144000", () => {
    assert.equal(yuanNumberToFen(1440.0000000000002), 144000);
    assert.equal(yuanNumberToFen((7200 * 20) / 100), 144000);
    assert.equal(yuanNumberToFen(0.1 + 0.2), 30);
  });
  test("half a fen rounds away from zero", () => {
    assert.equal(yuanNumberToFen(1.005), 101);
    assert.equal(yuanNumberToFen(0.005), 1);
    assert.equal(yuanNumberToFen(-0.005), -1);
  });
  test("a value that is not finite is refused, never turned into 0", () => {
    assert.throws(() => yuanNumberToFen(Number.NaN), RangeError);
    assert.throws(() => yuanNumberToFen(Number.POSITIVE_INFINITY), RangeError);
  });
});

describe("arithmetic on fen stays whole", () => {
  test("fen() refuses a fraction of a fen", () => {
    assert.equal(fen(12), 12);
    assert.throws(() => fen(1.5), RangeError);
    assert.throws(() => fen(Number.NaN), RangeError);
  });
  test("add, sum and times", () => {
    assert.equal(add(f(100), f(-30)), 70);
    assert.equal(sum([f(1), f(2), f(3)]), 6);
    assert.equal(sum([]), 0);
    assert.equal(times(f(59000), 12), 708000);
    assert.throws(() => times(f(100), 0.5), RangeError);
  });
  test("toYuanNumber gives 元 for spreadsheet cells", () => {
    assert.equal(toYuanNumber(f(120029)), 1200.29);
  });
});

describe("splitByShares splits an award by fiscal shares with the largest remainder", () => {
  test("奖扶 960 元 at 60/20/10/10 is 576/192/96/96", () => {
    assert.deepEqual(splitByShares(f(96000), [6000, 2000, 1000, 1000]), [57600, 19200, 9600, 9600]);
  });
  test("100 fen at 33.33/33.33/33.34 % gives the odd fen to the largest remainder: 33/33/34", () => {
    assert.deepEqual(splitByShares(f(100), [3333, 3333, 3334]), [33, 33, 34]);
  });
  test("1 fen at 60/20/10/10 goes to 中央", () => {
    assert.deepEqual(splitByShares(f(1), [6000, 2000, 1000, 1000]), [1, 0, 0, 0]);
  });
  test("a tie between remainders goes to the earlier level", () => {
    assert.deepEqual(splitByShares(f(1), [5000, 5000]), [1, 0]);
    assert.deepEqual(splitByShares(f(3), [2500, 2500, 2500, 2500]), [1, 1, 1, 0]);
    assert.deepEqual(splitByShares(f(1), [0, 5000, 0, 5000]), [0, 1, 0, 0]);
  });
  test("a level with share 0 gets nothing", () => {
    assert.deepEqual(splitByShares(f(150000), [6000, 2000, 0, 2000]), [90000, 30000, 0, 30000]);
  });
  test("a negative amount is split like its opposite, with the sign kept", () => {
    assert.deepEqual(splitByShares(f(-100), [3333, 3333, 3334]), [-33, -33, -34]);
  });
  test("shares that do not sum to 100% are refused", () => {
    assert.throws(() => splitByShares(f(100), [6000, 2000, 1000]), RangeError);
  });
});

/** Non-negative integer shares in basis points summing to 10000, 1–6 levels. */
const sharesArb = fc
  .array(fc.integer({ min: 0, max: 10000 }), { minLength: 0, maxLength: 5 })
  .map((cuts) => {
    const points = [0, ...cuts.sort((a, b) => a - b), 10000];
    return points.slice(1).map((p, i) => p - (points[i] ?? 0));
  });
const amountArb = fc.integer({ min: -1_000_000_000_00, max: 1_000_000_000_00 });

describe("splitByShares properties", () => {
  test("the parts always sum to the amount", () => {
    fc.assert(
      fc.property(amountArb, sharesArb, (amount, shares) => {
        const parts = splitByShares(f(amount), shares);
        assert.equal(parts.length, shares.length);
        assert.equal(parts.reduce((a, b) => a + b, 0), amount);
      }),
    );
  });
  test("each part is within 1 fen of its exact quota", () => {
    fc.assert(
      fc.property(amountArb, sharesArb, (amount, shares) => {
        const parts = splitByShares(f(amount), shares);
        parts.forEach((p, i) => {
          // |p − amount·s/10000| < 1, compared in whole numbers
          assert.ok(Math.abs(p * 10000 - amount * (shares[i] ?? 0)) < 10000, `part ${i}: ${p} of ${amount} at ${shares[i]}`);
          assert.ok(Number.isSafeInteger(p));
        });
      }),
    );
  });
  test("a level with a zero share never gets a fen", () => {
    fc.assert(
      fc.property(amountArb, sharesArb, (amount, shares) => {
        splitByShares(f(amount), shares).forEach((p, i) => {
          if (shares[i] === 0) assert.equal(p, 0);
        });
      }),
    );
  });
});

describe("formatYuan and parseYuan round trip", () => {
  test("parseYuan(formatYuan(x)) is x for any whole number of fen", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (n) => {
        assert.equal(parseYuan(formatYuan(f(n))), n);
      }),
    );
  });
  test("formatYuan(parseYuan(t)) is t for any text with two decimals", () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 0, max: 1e11 }), fc.integer({ min: 0, max: 99 }), (neg, whole, cents) => {
        if (neg && whole === 0 && cents === 0) return;
        const text = `${neg ? "-" : ""}${whole}.${String(cents).padStart(2, "0")}`;
        const parsed = parseYuan(text);
        assert.notEqual(parsed, undefined);
        assert.equal(formatYuan(parsed as Fen), text);
      }),
    );
  });
});

describe("parseYuan's fast path for plain amounts", () => {
  it("reads every text exactly as the general rule does", () => {
    const reference = (text: string): number | undefined => {
      const m = /^\s*(-?)(\d+)(?:\.(\d{0,2}))?\s*$/.exec(text);
      if (!m) return undefined;
      const v = Number(m[2]) * 100 + Number(((m[3] ?? "") + "00").slice(0, 2));
      if (!Number.isSafeInteger(v)) return undefined;
      return m[1] === "-" && v !== 0 ? -v : v;
    };
    const samples = ["0", "0.00", "1200", "1200.", "1200.5", "1200.50", "007.07", ".5", "1.234", "1,200.00", " 12.00", "-3.05", "-0", "1e3", "９9", "", "9999999999.99", "99999999999999999.99", "1.2.3", "12a"];
    for (const s of samples) assert.equal(parseYuan(s), reference(s), JSON.stringify(s));
    fc.assert(
      fc.property(fc.stringMatching(/^-?\d{0,16}(\.\d{0,3})?$/), (s) => {
        assert.equal(parseYuan(s), reference(s), JSON.stringify(s));
      }),
    );
  });
});
