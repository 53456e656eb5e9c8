import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { ageOn, daysInMonth, formatDate, fromExcelSerial, fromUtcDate, makeDate, monthEnd, monthStart, parseDateText } from "../../src/domain/dates.js";

describe("every date spelling of the roster is read", () => {
  for (const text of ["2027-03-05", "2027/3/5", "2027.3.5", "20270305", "2027年3月5日", "2027-3-5", "2027/03/05", "2027年03月05日", "2027年3月5", " 2027-03-05 "]) {
    test(`${JSON.stringify(text)} is 2027-03-05`, () => {
      assert.equal(parseDateText(text), 20270305);
    });
  }
  test("a date cell exported with a midnight time is still a date", () => {
    assert.equal(parseDateText("2027-03-05 00:00:00"), 20270305);
    assert.equal(parseDateText("2027/3/5 00:00"), 20270305);
  });
});

describe("impossible or unreadable dates are rejected", () => {
  for (const text of ["2027-02-29", "2027-13-01", "2027-04-31", "20270230", "2027年2月30日", "1900-02-29", "2027-00-10", "2027-01-00"]) {
    test(`${text} does not exist`, () => {
      assert.equal(parseDateText(text), undefined);
    });
  }
  for (const text of ["", "abc", "27-3-5", "2027-3", "2027-03-05 12:30", "3/5/2027", "2027305"]) {
    test(`${JSON.stringify(text)} is not a date`, () => {
      assert.equal(parseDateText(text), undefined);
    });
  }
  test("29 February exists in leap years only", () => {
    assert.equal(parseDateText("2024-02-29"), 20240229);
    assert.equal(parseDateText("2000-02-29"), 20000229);
    assert.equal(parseDateText("2100-02-29"), undefined);
  });
  test("makeDate refuses fractions and years out of range", () => {
    assert.equal(makeDate(2027, 3.5, 1), undefined);
    assert.equal(makeDate(1799, 1, 1), undefined);
    assert.equal(makeDate(2027, 3, 5), 20270305);
  });
});

describe("Excel date serials", () => {
  test("45292 in the 1900 system is 2024-01-01", () => {
    assert.equal(fromExcelSerial(45292), 20240101);
  });
  test("the 1904 system counts 1462 days fewer", () => {
    assert.equal(fromExcelSerial(43830, true), 20240101);
  });
  test("the time of day in a serial is ignored", () => {
    assert.equal(fromExcelSerial(45292.75), 20240101);
  });
  test("serial 61 is 1900-03-01, past Excel's fictitious 1900-02-29", () => {
    assert.equal(fromExcelSerial(61), 19000301);
  });
  test("serial 0, a negative or a non-number is no date", () => {
    assert.equal(fromExcelSerial(0), undefined);
    assert.equal(fromExcelSerial(-5), undefined);
    assert.equal(fromExcelSerial(Number.NaN), undefined);
  });
  test("a JS Date from a spreadsheet cell is read in UTC", () => {
    assert.equal(fromUtcDate(new Date(Date.UTC(2027, 2, 5))), 20270305);
    assert.equal(fromUtcDate(new Date("not a date")), undefined);
  });
});

describe("ageOn counts completed years", () => {
  test("a person whose birthday falls on the reference date has completed that year", () => {
    assert.equal(ageOn(19671231, 20271231), 60);
  });
  test("a person born the day after the reference date has not", () => {
    assert.equal(ageOn(19680101, 20271231), 59);
  });
  test("a birthday earlier in the year counts", () => {
    assert.equal(ageOn(19670315, 20271231), 60);
    assert.equal(ageOn(19670315, 20270314), 59);
    assert.equal(ageOn(19670315, 20270315), 60);
  });
});

describe("month boundaries", () => {
  test("February ends on the 29th in a leap year and the 28th otherwise", () => {
    assert.equal(monthEnd(2024, 2), 20240229);
    assert.equal(monthEnd(2000, 2), 20000229);
    assert.equal(monthEnd(2027, 2), 20270228);
    assert.equal(monthEnd(1900, 2), 19000228);
  });
  test("30- and 31-day months", () => {
    assert.equal(monthEnd(2027, 4), 20270430);
    assert.equal(monthEnd(2027, 12), 20271231);
    assert.equal(daysInMonth(2027, 7), 31);
    assert.equal(monthStart(2027, 7), 20270701);
  });
});

describe("formatDate", () => {
  test("writes yyyy-mm-dd, and nothing for no date", () => {
    assert.equal(formatDate(20270305), "2027-03-05");
    assert.equal(formatDate(0), "");
  });
});

const dateArb = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2199, 11, 31) }).map((ms) => fromUtcDate(new Date(ms)) as number);

describe("date properties", () => {
  test("every spelling of a real date reads back to the same date", () => {
    fc.assert(
      fc.property(dateArb, (d) => {
        const y = Math.floor(d / 10000);
        const m = Math.floor(d / 100) % 100;
        const day = d % 100;
        for (const t of [formatDate(d), `${y}/${m}/${day}`, `${y}.${m}.${day}`, String(d), `${y}年${m}月${day}日`]) {
          assert.equal(parseDateText(t), d, t);
        }
      }),
    );
  });
  test("the age on one's n-th birthday is n, and n − 1 the day before", () => {
    fc.assert(
      fc.property(dateArb.filter((d) => d % 10000 !== 229 && d < 21000000), fc.integer({ min: 1, max: 100 }), (birth, n) => {
        const birthday = birth + n * 10000;
        assert.equal(ageOn(birth, birthday), n);
        const dayBefore = fromUtcDate(new Date(Date.UTC(Math.floor(birthday / 10000), (Math.floor(birthday / 100) % 100) - 1, (birthday % 100) - 1))) as number;
        assert.equal(ageOn(birth, dayBefore), n - 1);
      }),
    );
  });
});
