import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { checkDigit, looksLikeExcelNumber, luhnValid, maskAccount, maskId, parseIdNumber, upgrade15, type IdNumber } from "../../src/domain/id-number.js";

/** Builds an ID from its first 17 characters with the right check digit. */
const withCheck = (first17: string): string => first17 + checkDigit(first17);

describe("the GB 11643 check digit", () => {
  test("11010519491231002X is a valid ID of a woman born 1949-12-31", () => {
    assert.equal(checkDigit("11010519491231002"), "X");
    assert.deepEqual(parseIdNumber("11010519491231002X"), { ok: true, value: { id: "11010519491231002X", birth: 19491231, sex: "女" } });
  });
  test("a known valid ID ending in a digit parses: 440524188001010014", () => {
    const r = parseIdNumber("440524188001010014");
    assert.ok(r.ok);
    assert.equal(r.value.birth, 18800101);
    assert.equal(r.value.sex, "男");
  });
  test("a wrong check digit is a check problem", () => {
    assert.deepEqual(parseIdNumber("110105194912310021"), { ok: false, problem: "check" });
    assert.deepEqual(parseIdNumber("440524188001010015"), { ok: false, problem: "check" });
  });
  test("an ID whose last digits Excel turned into 000 fails its check digit", () => {
    assert.deepEqual(parseIdNumber("110105194912310000"), { ok: false, problem: "check" });
  });
});

describe("15-digit IDs", () => {
  test("a 15-digit ID is upgraded to 18: 19 after the region, check digit appended", () => {
    assert.equal(upgrade15("110105491231002"), "11010519491231002X");
  });
  test("parsing a 15-digit ID gives the 18-digit one", () => {
    const r = parseIdNumber("110105491231002");
    assert.ok(r.ok);
    assert.equal(r.value.id, "11010519491231002X");
    assert.equal(r.value.birth, 19491231);
  });
});

describe("sex and birth date come from the ID", () => {
  test("an odd 17th digit is a man, an even one a woman", () => {
    const man = parseIdNumber(withCheck("34990119670315001"));
    const woman = parseIdNumber(withCheck("34990119670315002"));
    assert.ok(man.ok && woman.ok);
    assert.equal(man.value.sex, "男");
    assert.equal(woman.value.sex, "女");
    assert.equal(man.value.birth, 19670315);
  });
  test("an impossible birth date is a birth problem: 1967-02-29, month 13, day 00", () => {
    for (const birth of ["19670229", "19671301", "19670100"]) {
      assert.deepEqual(parseIdNumber(withCheck(`349901${birth}001`)), { ok: false, problem: "birth" }, birth);
    }
  });
  test("a leap day in a leap year is a real birth date", () => {
    assert.ok(parseIdNumber(withCheck("34990120000229001")).ok);
  });
});

describe("the shape of an ID", () => {
  test("anything but 17 digits and a digit or X is a format problem", () => {
    for (const t of ["", "1234567", "3499011967031500", "34990119670315001234", "11010519491231002x", "A1010519491231002X", "1101051949123100X2"]) {
      assert.deepEqual(parseIdNumber(t), { ok: false, problem: "format" }, t);
    }
  });
  test("an ID Excel turned into scientific notation is detected as such", () => {
    for (const t of ["1.10105194912E+17", "1.101051949E17", "3.49901e+17", "4E+17"]) {
      assert.ok(looksLikeExcelNumber(t), t);
      assert.deepEqual(parseIdNumber(t), { ok: false, problem: "excel-number" }, t);
    }
  });
  test("an ordinary ID is not taken for scientific notation", () => {
    assert.equal(looksLikeExcelNumber("11010519491231002X"), false);
    assert.equal(looksLikeExcelNumber("110105194912310020"), false);
  });
});

describe("masking for print and console", () => {
  test("an ID keeps its first 6 and last 4 characters: 110105********002X", () => {
    assert.equal(maskId("11010519491231002X"), "110105********002X");
  });
  test("the mask widths can be set by the policy", () => {
    assert.equal(maskId("11010519491231002X", 3, 1), "110**************X");
    assert.equal(maskId("11010519491231002X", 0, 0), "*".repeat(18));
  });
  test("an ID too short to mask is hidden whole", () => {
    assert.equal(maskId("1234567890"), "**********");
  });
  test("a bank account shows its last 4 digits only", () => {
    assert.equal(maskAccount("6217000010000000001"), "***************0001");
    assert.equal(maskAccount("1234"), "****");
  });
});

describe("the Luhn check of bank accounts", () => {
  test("known numbers pass and a changed digit fails", () => {
    assert.equal(luhnValid("79927398713"), true);
    assert.equal(luhnValid("4111111111111111"), true);
    assert.equal(luhnValid("79927398710"), false);
    assert.equal(luhnValid("4111111111111112"), false);
  });
});

const birthArb = fc
  .integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2027, 11, 31) })
  .map((ms) => {
    const d = new Date(ms);
    return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, "0")}${String(d.getUTCDate()).padStart(2, "0")}`;
  });
const validIdArb = fc
  .tuple(fc.integer({ min: 0, max: 99 }), birthArb, fc.integer({ min: 0, max: 999 }))
  .map(([region, birth, seq]) => withCheck(`3499${String(region).padStart(2, "0")}${birth}${String(seq).padStart(3, "0")}`));

describe("ID properties", () => {
  test("every ID built with its check digit parses, with the birth date and sex it encodes", () => {
    fc.assert(
      fc.property(validIdArb, (id) => {
        const r = parseIdNumber(id);
        assert.ok(r.ok, id);
        assert.equal(r.value.id, id);
        assert.equal(String(r.value.birth), id.slice(6, 14));
        assert.equal(r.value.sex, Number(id[16]) % 2 === 1 ? "男" : "女");
      }),
    );
  });
  test("changing any one character of a valid ID makes it fail", () => {
    fc.assert(
      fc.property(validIdArb, fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 10 }), (id, pos, shift) => {
        const alphabet = pos === 17 ? "0123456789X" : "0123456789";
        const old = alphabet.indexOf(id[pos] ?? "");
        const replacement = alphabet[(old + shift) % alphabet.length] ?? "";
        if (replacement === id[pos]) return;
        const changed = id.slice(0, pos) + replacement + id.slice(pos + 1);
        assert.equal(parseIdNumber(changed).ok, false, `${id} → ${changed}`);
      }),
    );
  });
  test("an upgraded 15-digit ID always parses to the same birth date in the 1900s", () => {
    fc.assert(
      fc.property(birthArb.filter((b) => b.startsWith("19")), fc.integer({ min: 0, max: 999 }), (birth, seq) => {
        const id15 = `349901${birth.slice(2)}${String(seq).padStart(3, "0")}`;
        const r = parseIdNumber(id15);
        assert.ok(r.ok);
        assert.equal(r.value.id.length, 18);
        assert.equal(String(r.value.birth), birth);
      }),
    );
  });
});

describe("parsing an ID agrees with the standard's rules, character by character", () => {
  // the rules as GB 11643 states them, written independently of parseIdNumber: 17 digits and a
  // digit or X; a real birth date at 7–14; the weighted sum's check character; the 17th digit's parity
  const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const reference = (t: string): ReturnType<typeof parseIdNumber> => {
    if (!/^\d{17}[\dX]$/.test(t)) return { ok: false, problem: "format" };
    const [y, m, d] = [Number(t.slice(6, 10)), Number(t.slice(10, 12)), Number(t.slice(12, 14))];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (y < 1800 || y > 2200 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { ok: false, problem: "birth" };
    const sum = WEIGHTS.reduce((s, w, i) => s + w * Number(t[i]), 0);
    if ("10X98765432"[sum % 11] !== t[17]) return { ok: false, problem: "check" };
    return { ok: true, value: { id: t as IdNumber, birth: y * 10000 + m * 100 + d, sex: Number(t[16]) % 2 === 1 ? "男" : "女" } };
  };
  // mostly IDs of the right shape (a real or nearly real date, a right or wrong check digit), some with a stray character
  const char = fc.constantFrom(..."0123456789", "X", "x", " ", "Ｘ", "a", "中", "-");
  const plausible = fc
    .tuple(
      fc.stringMatching(/^\d{6}$/), fc.integer({ min: 1790, max: 2210 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }),
      fc.stringMatching(/^\d{3}$/), fc.boolean(), fc.option(fc.tuple(fc.nat(17), char), { freq: 4 }),
    )
    .map(([region, y, m, d, seq, right, stray]) => {
      const first17 = `${region}${String(y).padStart(4, "0")}${String(m).padStart(2, "0")}${String(d).padStart(2, "0")}${seq}`;
      let id = right ? withCheck(first17) : first17 + "0123456789X"[Number(seq) % 11];
      if (stray) id = id.slice(0, stray[0]) + stray[1] + id.slice(stray[0] + 1);
      return id;
    });
  test("every 18-character text: the same verdict, birth date and sex", () => {
    fc.assert(
      fc.property(fc.oneof(plausible, fc.array(char, { minLength: 18, maxLength: 18 }).map((cs) => cs.join(""))), (t) => {
        assert.deepEqual(parseIdNumber(t), reference(t));
      }),
      { numRuns: 2000 },
    );
  });
});
