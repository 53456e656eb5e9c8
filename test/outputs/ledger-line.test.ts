import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Award } from "../../src/domain/award.js";
import type { Fen } from "../../src/domain/money.js";
import { csvLineWithAmounts } from "../../src/outputs/csv-text.js";
import { ledgerLineBytes, ledgerRow, putLedgerLine } from "../../src/outputs/ledger.js";
import { sampleResult } from "./fixtures.js";

// The ledger writer encodes each award's line field by field into its chunk (putLedgerLine). It
// must give the bytes of the line built as a string (csvLineWithAmounts of ledgerRow, the CSV the
// reader and every earlier version agree on), within the room ledgerLineBytes promises.

const base = sampleResult().awards;
// formula starts, quotes, separators, line breaks, characters of 1–4 UTF-8 bytes, lone surrogates
const unit = fc.constantFrom("镇", "a", ",", '"', "\n", "\r", "\r\n", "=", "+", "-", "@", "\t", " ", "'", "é", "𠮷", "\ud800", "\udfff", "0", "\u0000");
// and text wholly of 3-byte characters and quotes, which comes nearest the room promised
const widest = fc.string({ unit: fc.constantFrom("镇", "\u0800", "\uffff", '"', "\ud800"), maxLength: 40 });
const text = fc.oneof(fc.string({ unit, maxLength: 12 }), fc.string({ unit: "binary", maxLength: 12 }), widest);
const fenValue = fc.oneof(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: -(2 ** 50), max: 2 ** 50 }), fc.constantFrom(0, -0, 1, 99, 100, -1, -100));
const award = fc.record({
  from: fc.nat({ max: base.length - 1 }),
  texts: fc.array(text, { minLength: 15, maxLength: 15 }),
  amount: fenValue,
  levels: fc.array(fenValue, { minLength: 0, maxLength: 6 }),
  year: fc.integer({ min: 1, max: 99_999 }),
});

interface Drawn {
  readonly from: number;
  readonly texts: readonly string[];
  readonly amount: number;
  readonly levels: readonly number[];
  readonly year: number;
}

function build(r: Drawn): Award {
  const t = r.texts;
  const a = base[r.from] as Award;
  return {
    ...a, year: r.year, township: t[0]!, village: t[1]!, householdId: t[2]!, name: t[3]!, id: t[4]!, role: t[5]! as Award["role"], code: t[6]!, programName: t[7]!,
    category: t[8]!, payeeKind: t[9]! as Award["payeeKind"], payeeName: t[10]!, payeeId: t[11]!, bank: t[12]!, account: t[13]!, explanation: t[14]!,
    amount: r.amount as Fen, levels: r.levels as Fen[],
  };
}

describe("a ledger line encoded in place", () => {
  it("is the UTF-8 of the line built as a string, for any text, amount and number of levels, within its room", () => {
    fc.assert(
      fc.property(award, (r) => {
        const a = build(r);
        const amountColumns = new Set([10, ...a.levels.map((_, i) => 16 + i)]);
        const expected = Buffer.from(csvLineWithAmounts(ledgerRow(a), amountColumns), "utf8");
        // exactly the room promised, after a few bytes already in the chunk
        const buffer = Buffer.alloc(3 + ledgerLineBytes(a), 0xff);
        const end = putLedgerLine(buffer, 3, a);
        assert.ok(end <= buffer.length);
        assert.deepEqual(buffer.subarray(3, end), expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("stays within its room at its widest: every field of 3-byte characters, quoted, with an apostrophe", () => {
    for (const wide of ["镇".repeat(60), `="${"\uffff".repeat(59)}`, '"'.repeat(60)]) {
      const a = build({ from: 0, texts: Array.from({ length: 15 }, () => wide), amount: -(2 ** 53 - 1), levels: [-(2 ** 53 - 1), 2 ** 53 - 1], year: 99_999 });
      const buffer = Buffer.alloc(ledgerLineBytes(a));
      const end = putLedgerLine(buffer, 0, a);
      assert.ok(end <= buffer.length, `${end} bytes written into ${buffer.length}`);
      assert.equal(buffer.subarray(0, end).toString("utf8"), csvLineWithAmounts(ledgerRow(a), new Set([10, 16, 17])));
    }
  });

  it("is the sample county's lines, byte for byte", () => {
    const levels = base[0]?.levels.length ?? 0;
    const amountColumns = new Set([10, ...Array.from({ length: levels }, (_, i) => 16 + i)]);
    for (const a of base) {
      const buffer = Buffer.alloc(ledgerLineBytes(a));
      const end = putLedgerLine(buffer, 0, a);
      assert.equal(buffer.subarray(0, end).toString("utf8"), csvLineWithAmounts(ledgerRow(a), amountColumns));
    }
  });
});
