import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { checkRegionCodes, countyCode, townshipCode } from "../../src/roster/region-codes.js";
import { validateRow } from "../../src/roster/validate-row.js";
import { idFor } from "../helpers/household-builder.js";
import { cellsOf, FULL_MAP, type RowValues } from "../helpers/roster-row.js";

let seq = 0;
function row(township: string, village: string, code: unknown): ReturnType<typeof validateRow> {
  seq++;
  const values: RowValues = {
    乡镇: township, 村: village, 户编号: `H${seq}`, 姓名: "张三", 身份证号: idFor(19600315, "男", seq), 家庭角色: "夫", 户籍性质: "农业",
    区划代码: code as RowValues[string],
  };
  return validateRow(cellsOf(values), seq + 1, FULL_MAP, 2027, false);
}

describe("区划代码 (the village's 12-digit statistical division code)", () => {
  test("is optional, and 12 digits are taken as they stand, from text, full-width text or an Excel number", () => {
    assert.equal(row("城关镇", "东村", "").person.regionCode, "");
    assert.equal(row("城关镇", "东村", "349901001001").person.regionCode, "349901001001");
    assert.equal(row("城关镇", "东村", "３４９９０１００１００１").person.regionCode, "349901001001");
    assert.equal(row("城关镇", "东村", 349901001001).person.regionCode, "349901001001");
    assert.equal(row("城关镇", "东村", "349901001001").hasError, false);
  });

  test("anything but 12 digits is an error, with a hint for the 15-digit group code and the 9-digit township code", () => {
    for (const bad of ["34990100100", "3499010010011", "34990100100A", "349901-001-001"]) {
      const r = row("城关镇", "东村", bad);
      assert.equal(r.hasError, true, bad);
      assert.match(r.problems[0]?.message ?? "", /应为12位数字/);
    }
    assert.match(row("城关镇", "东村", "349901001001002").problems[0]?.message ?? "", /15位是到村民小组的代码/);
    assert.match(row("城关镇", "东村", "349901001").problems[0]?.message ?? "", /9位是乡镇代码/);
  });

  test("a township's villages share its first 9 digits: the row that differs from the rest is an error", () => {
    const rows = [row("城关镇", "东村", "349901001001"), row("城关镇", "西村", "349901001002"), row("城关镇", "南村", "349901002003")].map((r) => r.person);
    const { problems, withErrors } = checkRegionCodes(rows);
    assert.deepEqual([...withErrors].map((p) => p.village), ["南村"]);
    assert.match(problems[0]?.message ?? "", /前9位与本乡镇\(城关镇\)其他行的 349901001 不一致/);
  });

  test("a village has one code, and two townships cannot share a prefix", () => {
    const village = [row("城关镇", "东村", "349901001001"), row("城关镇", "东村", "349901001001"), row("城关镇", "东村", "349901001009")].map((r) => r.person);
    assert.deepEqual([...checkRegionCodes(village).withErrors].map((p) => p.regionCode), ["349901001009"]);
    const twins = [row("城关镇", "东村", "349901001001"), row("河口镇", "北村", "349901001002")].map((r) => r.person);
    const twinCheck = checkRegionCodes(twins);
    assert.deepEqual([...twinCheck.withErrors].map((p) => p.township), ["河口镇"]);
    assert.match(twinCheck.problems[0]?.message ?? "", /与乡镇“城关镇”相同/);
  });

  test("a village left blank in a township that has codes is warned once, and kept", () => {
    const rows = [row("城关镇", "东村", "349901001001"), row("城关镇", "西村", ""), row("城关镇", "西村", ""), row("河口镇", "北村", "")].map((r) => r.person);
    const { problems, withErrors } = checkRegionCodes(rows);
    assert.equal(withErrors.size, 0);
    assert.deepEqual(problems.map((p) => [p.village, p.level]), [["西村", "警告"]]);
  });

  test("the township and county codes of a village code are its first 9 and 6 digits padded with zeros", () => {
    assert.equal(townshipCode("349901001001"), "349901001000");
    assert.equal(countyCode("349901001001"), "349901000000");
    assert.equal(townshipCode(""), "");
  });
});
