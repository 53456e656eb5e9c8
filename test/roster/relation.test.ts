import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readRelation } from "../../src/roster/relation.js";
import { readDate } from "../../src/roster/cell-readers.js";

describe("与户主关系 as household registers write it (GB/T 4761-2008)", () => {
  it("maps words and codes of the couple and their children to 夫/妻/子女", () => {
    assert.deepEqual(readRelation("11"), { kind: "member", role: "夫" });
    assert.deepEqual(readRelation("12"), { kind: "member", role: "妻" });
    assert.deepEqual(readRelation("长子"), { kind: "member", role: "子女", sex: "男" });
    assert.deepEqual(readRelation("次女"), { kind: "member", role: "子女", sex: "女" });
    assert.deepEqual(readRelation("22"), { kind: "member", role: "子女", sex: "男" });
    assert.deepEqual(readRelation("31"), { kind: "member", role: "子女", sex: "女" });
    assert.deepEqual(readRelation("27"), { kind: "member", role: "子女", sex: "男", adopted: true });
    assert.deepEqual(readRelation("养女"), { kind: "member", role: "子女", sex: "女", adopted: true });
  });

  it("leaves 户主, 本人 and 配偶 (01, 02, 10) to the sex in the ID", () => {
    for (const t of ["户主", "本人", "配偶", "01", "02", "10", "1"]) assert.deepEqual(readRelation(t), { kind: "spouse" }, t);
  });

  it("keeps 28 女婿 and 38 儿媳 out of the children, with grandchildren, parents and siblings", () => {
    assert.deepEqual(readRelation("28"), { kind: "outside", name: "女婿" });
    assert.deepEqual(readRelation("38"), { kind: "outside", name: "儿媳" });
    assert.deepEqual(readRelation("儿媳"), { kind: "outside", name: "儿媳" });
    assert.equal(readRelation("41")?.kind, "outside");
    assert.equal(readRelation("51")?.kind, "outside");
    assert.equal(readRelation("71")?.kind, "outside");
    assert.equal(readRelation("孙子")?.kind, "outside");
    assert.equal(readRelation("99")?.kind, "outside");
    assert.equal(readRelation("舅舅"), undefined);
  });
});

describe("year-month dates", () => {
  it("reads 1992年6月, 1992.06 and 1992-06 as the first of the month, marked month-only", () => {
    for (const t of ["1992年6月", "1992.06", "1992-06", "1992/6"]) assert.deepEqual(readDate(t, false), { value: 19920601, monthOnly: true }, t);
    assert.deepEqual(readDate("1992-06-15", false), { value: 19920615 });
    assert.ok(readDate("1992-13", false).error);
  });
});
