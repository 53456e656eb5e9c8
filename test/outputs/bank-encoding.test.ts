import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import iconv from "iconv-lite";
import { unencodableChars } from "../../src/outputs/bank/encoding.js";
import type { BankEncoding } from "../../src/outputs/bank/templates.js";

// Which characters a bank file's encoding cannot carry decides what the clerk is told (a rare
// character to check with the bank, a lone surrogate that stops the file). unencodableChars goes by
// code point without a string per character; it must find what a walk of the string's characters finds.

/** The characters of `text` (for…of: code points, a lone surrogate alone) the encoding cannot carry, each once. */
function reference(text: string, encoding: BankEncoding): string[] {
  const bad: string[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const lone = cp >= 0xd800 && cp <= 0xdfff;
    if ((lone || (encoding === "GBK" && !inGbk(ch))) && !bad.includes(ch)) bad.push(ch);
  }
  return bad;
}

/** iconv-lite writes "?" for a character GBK lacks. */
const inGbk = (ch: string): boolean => ch === "?" || iconv.encode(ch, "gbk").toString("latin1") !== "?";

const unit = fc.constantFrom("a", "镇", "𠮷", "\ud842", "\udfb7", "\ud800", "\udfff", "€", "·", "喆", "\u00e9", "\u0000", "垚", "𡈼");
const text = fc.oneof(fc.string({ unit, maxLength: 12 }), fc.string({ unit: "binary", maxLength: 12 }), fc.string({ maxLength: 12 }));

describe("the characters a bank file's encoding cannot carry", () => {
  it("are those a walk of the text's characters finds, each once, in order, for GBK, GB18030 and UTF-8", () => {
    fc.assert(
      fc.property(text, fc.constantFrom<BankEncoding>("GBK", "GB18030", "UTF-8"), (t, encoding) => {
        assert.deepEqual(unencodableChars(t, encoding), reference(t, encoding));
      }),
      { numRuns: 5000 },
    );
  });
});
