import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parseYuan, type Fen } from "../../src/domain/money.js";
import { amountInWords } from "../../src/outputs/amount-words.js";

const KNOWN: ReadonlyArray<readonly [string, string]> = [
  ["0.00", "人民币零元整"],
  ["0.01", "人民币壹分"],
  ["0.05", "人民币伍分"],
  ["0.10", "人民币壹角"],
  ["0.50", "人民币伍角"],
  ["0.55", "人民币伍角伍分"],
  ["1.00", "人民币壹元整"],
  ["1.05", "人民币壹元零伍分"],
  ["10.00", "人民币壹拾元整"],
  ["10.50", "人民币壹拾元伍角"],
  ["15.00", "人民币壹拾伍元整"],
  ["101.00", "人民币壹佰零壹元整"],
  ["110.00", "人民币壹佰壹拾元整"],
  ["960.00", "人民币玖佰陆拾元整"],
  ["1005.30", "人民币壹仟零伍元叁角"],
  ["1010.00", "人民币壹仟零壹拾元整"],
  ["1200.00", "人民币壹仟贰佰元整"],
  ["1440.00", "人民币壹仟肆佰肆拾元整"],
  ["10000.00", "人民币壹万元整"],
  ["10976.00", "人民币壹万零玖佰柒拾陆元整"],
  ["20000.00", "人民币贰万元整"],
  ["30000.00", "人民币叁万元整"],
  ["100100.00", "人民币壹拾万零壹佰元整"],
  ["105000.00", "人民币壹拾万伍仟元整"],
  ["1000000.00", "人民币壹佰万元整"],
  ["1000001.00", "人民币壹佰万零壹元整"],
  ["10000000.00", "人民币壹仟万元整"],
  ["12345678.90", "人民币壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角"],
  ["100000000.00", "人民币壹亿元整"],
  ["100000001.00", "人民币壹亿零壹元整"],
  ["100010001.01", "人民币壹亿零壹万零壹元零壹分"],
  ["110000000.00", "人民币壹亿壹仟万元整"],
  ["200003000.00", "人民币贰亿零叁仟元整"],
  ["999999999.99", "人民币玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"],
];

// The inverse, written independently: read the words back to fen.
const DIGIT: Record<string, number> = { 零: 0, 壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9 };
const PLACE: Record<string, number> = { 拾: 10, 佰: 100, 仟: 1000 };

function parseSection(text: string): number {
  let value = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch in DIGIT) digit = DIGIT[ch] ?? 0;
    else if (ch in PLACE) {
      value += digit * (PLACE[ch] ?? 0);
      digit = 0;
    } else throw new Error(`unexpected ${ch} in ${text}`);
  }
  return value + digit;
}

function wordsToFen(words: string): number {
  assert.ok(words.startsWith("人民币"), words);
  let rest = words.slice(3).replace(/整$/, "");
  let yuan = 0;
  const yi = rest.indexOf("亿");
  if (yi >= 0) {
    yuan += parseSection(rest.slice(0, yi)) * 100_000_000;
    rest = rest.slice(yi + 1);
  }
  const wan = rest.indexOf("万");
  if (wan >= 0) {
    yuan += parseSection(rest.slice(0, wan)) * 10_000;
    rest = rest.slice(wan + 1);
  }
  const yuanAt = rest.indexOf("元");
  if (yuanAt >= 0) {
    yuan += parseSection(rest.slice(0, yuanAt));
    rest = rest.slice(yuanAt + 1);
  }
  let fen = yuan * 100;
  const jiao = /^零?(.)角/.exec(rest);
  if (jiao) {
    fen += (DIGIT[jiao[1] ?? ""] ?? NaN) * 10;
    rest = rest.slice(jiao[0].length);
  }
  const cents = /^零?(.)分$/.exec(rest);
  if (cents) {
    fen += DIGIT[cents[1] ?? ""] ?? NaN;
    rest = "";
  }
  assert.equal(rest, "", `left over in ${words}`);
  return fen;
}

describe("amountInWords", () => {
  for (const [yuan, words] of KNOWN) {
    it(`${yuan} is written ${words}`, () => {
      const amount = parseYuan(yuan);
      assert.ok(amount !== undefined);
      assert.equal(amountInWords(amount), words);
    });
  }

  it("reads back to the same amount for every amount from 0.01 to 999,999,999.99", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 99_999_999_999 }), (n) => {
        const words = amountInWords(n as Fen);
        assert.equal(wordsToFen(words), n, words);
        // 整 exactly when there are no 角 and 分; never two 零 in a row; never a trailing 零.
        assert.equal(words.endsWith("整"), n % 100 === 0);
        assert.ok(!words.includes("零零"), words);
        assert.ok(!/零[元万亿整]/.test(words), words);
      }),
      { numRuns: 20000 },
    );
  });

  it("reads back small and round amounts too", () => {
    for (const n of [1, 9, 10, 99, 100, 101, 1000, 10000, 100000, 1000000, 100000000, 10000000000, 99999999999]) {
      assert.equal(wordsToFen(amountInWords(n as Fen)), n);
    }
  });

  it("refuses fractions of a fen", () => {
    assert.throws(() => amountInWords(1.5 as Fen), RangeError);
  });
});
