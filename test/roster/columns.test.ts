import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { columnByKey, columnForHeader, normaliseHeader, REQUIRED_HEADERS, toHalfWidth } from "../../src/roster/columns.js";

describe("roster headers", () => {
  test("the six required headers are 乡镇, 村, 户编号, 姓名, 身份证号, 家庭角色", () => {
    assert.deepEqual(REQUIRED_HEADERS.map((c) => c.header), ["乡镇", "村", "户编号", "姓名", "身份证号", "家庭角色"]);
  });
  test("every alias of DESIGN.md §3 names its column", () => {
    const aliases: Array<[string, string]> = [
      ["乡镇(街道)", "乡镇"], ["街道", "乡镇"], ["村(社区)", "村"], ["村居", "村"], ["社区", "村"],
      ["户号", "户编号"], ["家庭编号", "户编号"], ["身份证号码", "身份证号"], ["公民身份号码", "身份证号"],
      ["证件号码", "身份证号"], ["角色", "家庭角色"], ["与户主关系", "家庭角色"], ["户口性质", "户籍性质"],
      ["独生子女证日期", "光荣证日期"], ["养老保险参保", "新农保参保"], ["学段", "在读学段"],
    ];
    for (const [alias, header] of aliases) assert.equal(columnForHeader(alias)?.header, header, alias);
  });
  test("headers are matched after trimming spaces, full-width forms and a required-mark asterisk", () => {
    assert.equal(columnForHeader(" 身份证号 ")?.key, "id");
    assert.equal(columnForHeader("*姓 名")?.key, "name");
    assert.equal(columnForHeader("乡镇（街道）")?.key, "township");
    assert.equal(columnForHeader("\u3000户编号")?.key, "householdId");
  });
  test("an unknown header names no column", () => {
    assert.equal(columnForHeader("备注"), undefined);
  });
  test("full-width ASCII and the ideographic space become half-width", () => {
    assert.equal(toHalfWidth("１２Ｘ\u3000ａ"), "12X a");
    assert.equal(normaliseHeader(" 村 ( 社区 ) "), "村(社区)");
  });
  test("columnByKey refuses an unknown key", () => {
    assert.equal(columnByKey("account").header, "银行账号");
    assert.throws(() => columnByKey("nosuch" as never));
  });
});
