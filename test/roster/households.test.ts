import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Person } from "../../src/domain/person.js";
import { checkHouseholds } from "../../src/roster/households.js";
import { daughter, household, husband, son, wife } from "../helpers/household-builder.js";

const SAME_HOUSEHOLD_WARNING = "同户存在错误,本户暂不发放";

/** Rows numbered 2, 3, … in roster order. */
const numbered = (rows: readonly Person[]): Person[] => rows.map((p, i) => ({ ...p, row: i + 2 }));

describe("grouping rows into households", () => {
  test("rows sharing a 户编号 form one household, in the order households first appear", () => {
    const rows = numbered([
      ...household("H2", [husband(19700101), wife(19720101)]),
      ...household("H1", [husband(19600101)]),
      ...household("H2", [son(19950101)]),
    ]);
    const r = checkHouseholds(rows, new Set());
    assert.deepEqual(r.households.map((h) => h.map((p) => p.row)), [[2, 3, 5], [4]]);
    assert.deepEqual(r.problems, []);
    assert.equal(r.rowsRejected, 0);
  });
  test("rows without a 户编号 are never merged into one household", () => {
    const rows = numbered([husband(19600101, { householdId: "" }), husband(19610101, { householdId: "" })]);
    const r = checkHouseholds(rows, new Set(rows));
    assert.equal(r.rowsRejected, 2);
    assert.equal(r.problems.filter((p) => p.message === SAME_HOUSEHOLD_WARNING).length, 0);
  });
});

describe("a household with any error is excluded as a whole", () => {
  test("a row with an error excludes its household and warns the household's other rows", () => {
    const rows = numbered(household("H1", [husband(19600101), wife(19620101), son(19900101)]));
    const r = checkHouseholds(rows, new Set([rows[0] as Person]));
    assert.deepEqual(r.households, []);
    assert.equal(r.rowsRejected, 3);
    const warned = r.problems.filter((p) => p.message === SAME_HOUSEHOLD_WARNING);
    assert.deepEqual(warned.map((p) => [p.row, p.level, p.column]), [[3, "警告", ""], [4, "警告", ""]]);
  });
  test("two 夫 exclude the household and warn its other rows 同户存在错误,本户暂不发放", () => {
    const rows = numbered(household("H1", [husband(19600101), husband(19610101), wife(19620101), son(19900101)]));
    const r = checkHouseholds(rows, new Set());
    assert.deepEqual(r.households, []);
    assert.equal(r.rowsRejected, 4);
    const errors = r.problems.filter((p) => p.level === "错误");
    assert.deepEqual(errors.map((p) => [p.row, p.column]), [[2, "家庭角色"], [3, "家庭角色"]]);
    assert.match(errors[0]?.message ?? "", /2 个“夫”/);
    const warned = r.problems.filter((p) => p.message === SAME_HOUSEHOLD_WARNING).map((p) => p.row);
    assert.deepEqual(warned, [4, 5]);
  });
  test("two 妻 exclude the household too", () => {
    const rows = numbered(household("H1", [husband(19600101), wife(19620101), wife(19630101)]));
    const r = checkHouseholds(rows, new Set());
    assert.equal(r.households.length, 0);
    assert.equal(r.problems.filter((p) => p.level === "错误" && p.column === "家庭角色").length, 2);
  });
  test("the other households are kept", () => {
    const rows = numbered([...household("H1", [husband(19600101), husband(19610101)]), ...household("H2", [husband(19700101), wife(19720101)])]);
    const r = checkHouseholds(rows, new Set());
    assert.deepEqual(r.households.map((h) => h[0]?.householdId), ["H2"]);
    assert.equal(r.rowsRejected, 2);
  });
});

describe("duplicate IDs", () => {
  test("the same ID on two rows is an error on both rows, naming the other", () => {
    const h = husband(19600101);
    const rows = numbered([...household("H1", [h, wife(19620101)]), ...household("H2", [{ ...h }, wife(19640101)])]);
    const r = checkHouseholds(rows, new Set());
    const errors = r.problems.filter((p) => p.level === "错误");
    assert.deepEqual(errors.map((p) => [p.row, p.column]), [[2, "身份证号"], [4, "身份证号"]]);
    assert.match(errors[0]?.message ?? "", /第 4 行/);
    assert.match(errors[1]?.message ?? "", /第 2 行/);
    assert.doesNotMatch(errors[0]?.message ?? "", new RegExp(h.id), "the message masks the ID");
    assert.deepEqual(r.households, []);
    assert.equal(r.rowsRejected, 4);
  });
  test("three rows with one ID: the first names the second and the count, the others name the first; in row order", () => {
    const h = husband(19600101);
    const rows = numbered([
      ...household("H1", [h, wife(19620101)]),
      ...household("H2", [{ ...h }]),
      ...household("H3", [wife(19640101), { ...h }]),
    ]);
    const errors = checkHouseholds(rows, new Set()).problems.filter((p) => p.level === "错误");
    assert.deepEqual(errors.map((p) => [p.row, p.message.replace(/身份证号 \S+ /, "")]), [
      [2, "与第 4 行重复(共 3 行相同)"],
      [4, "与第 2 行重复"],
      [6, "与第 2 行重复"],
    ]);
  });
  test("IDs ending in X are compared like the others, and differ from those ending in a digit", () => {
    const x = husband(19600101, { id: "34990119600101001X" as Person["id"], householdId: "H1" });
    const rows = numbered([x, husband(19600101, { id: "349901196001010010" as Person["id"], householdId: "H2" }), { ...x, householdId: "H3" }]);
    const errors = checkHouseholds(rows, new Set()).problems.filter((p) => p.level === "错误");
    assert.deepEqual(errors.map((p) => p.row), [2, 4]);
  });
  test("an invalid ID is not compared with others", () => {
    const rows = numbered([husband(19600101, { id: "bad" as Person["id"], householdId: "H1" }), husband(19600101, { id: "bad" as Person["id"], householdId: "H2" })]);
    const r = checkHouseholds(rows, new Set());
    assert.equal(r.problems.filter((p) => p.column === "身份证号").length, 0);
  });
});

describe("a household spread over two villages", () => {
  test("the same 户编号 in another village is an error", () => {
    const rows = numbered([husband(19600101, { householdId: "H1" }), wife(19620101, { householdId: "H1", village: "西村" })]);
    const r = checkHouseholds(rows, new Set());
    assert.deepEqual(r.problems.filter((p) => p.level === "错误").map((p) => [p.row, p.column]), [[3, "户编号"]]);
    assert.equal(r.households.length, 0);
  });
});

describe("implausible ages are warnings that keep the household", () => {
  test("a child older than a parent warns", () => {
    const rows = numbered(household("H1", [husband(19600101), wife(19900101), son(19850101)]));
    const r = checkHouseholds(rows, new Set());
    assert.equal(r.households.length, 1);
    const [w] = r.problems;
    assert.equal(r.problems.length, 1);
    assert.equal(w?.level, "警告");
    assert.equal(w?.row, 4);
    assert.match(w?.message ?? "", /年长/);
  });
  test("a child born before a parent turned 15 warns", () => {
    const rows = numbered(household("H1", [husband(19600101), wife(19700101), daughter(19840601)]));
    const r = checkHouseholds(rows, new Set());
    assert.equal(r.households.length, 1);
    assert.deepEqual(r.problems.map((p) => [p.row, p.level]), [[4, "警告"]]);
    assert.match(r.problems[0]?.message ?? "", /15/);
  });
  test("a child born when the parent was 15 is fine", () => {
    const rows = numbered(household("H1", [wife(19700101), daughter(19850101)]));
    assert.deepEqual(checkHouseholds(rows, new Set()).problems, []);
  });
});

describe("nothing is dropped silently", () => {
  test("rows read = rows in households + rows rejected", () => {
    const rows = numbered([
      ...household("H1", [husband(19600101), wife(19620101), son(19900101)]),
      ...household("H2", [husband(19600101), husband(19610101)]),
      ...household("H3", [wife(19700101)]),
      ...household("H4", [wife(19700101), daughter(19950101)]),
    ]);
    const r = checkHouseholds(rows, new Set([rows[5] as Person]));
    const kept = r.households.reduce((n, h) => n + h.length, 0);
    assert.equal(kept + r.rowsRejected, rows.length);
    assert.deepEqual(r.households.map((h) => h[0]?.householdId), ["H1", "H4"]);
  });
});

describe("a household without 夫/妻 rows (DESIGN §11.3)", () => {
  test("two daughters with no 户籍性质 on any row: an error naming the household, the household excluded", () => {
    const rows = numbered(household("Y07", [daughter(19900101), daughter(19920101)]));
    const r = checkHouseholds(rows, new Set());
    assert.deepEqual(r.households, []);
    assert.equal(r.rowsRejected, 2);
    const errors = r.problems.filter((p) => p.level === "错误");
    assert.deepEqual(errors.map((p) => [p.row, p.column]), [[2, "户籍性质"]]);
    assert.match(errors[0]?.message ?? "", /户编号 Y07 没有夫、妻行,各行也都没有填户籍性质/);
  });
  test("one row that gives 户籍性质 is enough", () => {
    const rows = numbered(household("Y07", [daughter(19900101, { rural: false }), daughter(19920101)]));
    assert.equal(checkHouseholds(rows, new Set()).households.length, 1);
  });
  test("a household with parents needs nothing more", () => {
    const rows = numbered(household("H1", [husband(19600101, { rural: undefined }), son(19900101)]));
    assert.equal(checkHouseholds(rows, new Set()).households.length, 1);
  });
});
