import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { upgrade15 } from "../../src/domain/id-number.js";
import type { Problem } from "../../src/roster/problem.js";
import { cellText, validateRow, type RawCell, type RowResult } from "../../src/roster/validate-row.js";
import { accountFor, idFor } from "../helpers/household-builder.js";
import { cellsOf, FULL_MAP, mapOf, toFullWidth, type RowValues } from "../helpers/roster-row.js";

const HUSBAND_ID = idFor(19600315, "男", 11);
const WIFE_ID = idFor(19620520, "女", 12);
/** An ID whose check digit is X. */
const X_ID = (() => {
  for (let n = 0; n < 100; n++) {
    const id = idFor(19650101, "男", n);
    if (id.endsWith("X")) return id;
  }
  throw new Error("no X check digit found");
})();

const husbandRow: RowValues = {
  乡镇: "城关镇",
  村: "东村",
  户编号: "H001",
  姓名: "张三",
  身份证号: HUSBAND_ID,
  家庭角色: "夫",
  户籍性质: "农业",
  开户银行: "农商银行",
  银行账号: accountFor(1),
};

function validate(values: RowValues, year = 2027): RowResult {
  return validateRow(cellsOf({ ...husbandRow, ...values }), 5, FULL_MAP, year, false);
}
const errorsIn = (r: RowResult, column: string): Problem[] => r.problems.filter((p) => p.level === "错误" && p.column === column);
const warningsIn = (r: RowResult, column: string): Problem[] => r.problems.filter((p) => p.level === "警告" && p.column === column);

describe("a clean row", () => {
  test("gives a person with the ID's birth date and sex and no problem", () => {
    const r = validate({});
    assert.deepEqual(r.problems, []);
    assert.equal(r.hasError, false);
    assert.equal(r.person.id, HUSBAND_ID);
    assert.equal(r.person.birth, 19600315);
    assert.equal(r.person.sex, "男");
    assert.equal(r.person.role, "夫");
    assert.equal(r.person.rural, true);
    assert.equal(r.person.row, 5);
  });
  test("a problem carries the row number and the row's identity", () => {
    const [p] = validate({ 低保: "有" }).problems;
    assert.deepEqual({ ...p, message: "" }, { row: 5, township: "城关镇", village: "东村", householdId: "H001", name: "张三", id: HUSBAND_ID, column: "低保", level: "错误", message: "" });
  });
});

describe("the ID cell is normalised before it is checked", () => {
  test("full-width digits and spaces are removed", () => {
    const spaced = toFullWidth(`${HUSBAND_ID.slice(0, 6)} ${HUSBAND_ID.slice(6, 14)}\u3000${HUSBAND_ID.slice(14)}`);
    const r = validate({ 身份证号: ` ${spaced} ` });
    assert.deepEqual(r.problems, []);
    assert.equal(r.person.id, HUSBAND_ID);
  });
  test("a lower-case x is upper-cased", () => {
    const r = validate({ 身份证号: X_ID.toLowerCase() });
    assert.deepEqual(r.problems, []);
    assert.equal(r.person.id, X_ID);
  });
  test("a 15-digit ID is upgraded to 18 digits", () => {
    const id15 = "349901600315011";
    const r = validate({ 身份证号: id15 });
    assert.deepEqual(r.problems, []);
    assert.equal(r.person.id, upgrade15(id15));
    assert.equal(r.person.id.length, 18);
    assert.equal(r.person.birth, 19600315);
  });
  test("full-width spaces and letters are half-width in text cells", () => {
    assert.equal(cellText("\u3000Ｈ００１ "), "H001");
    assert.equal(cellText(12), "12");
    assert.equal(cellText(true), "是");
    assert.equal(cellText(null), "");
    assert.equal(cellText(new Date(Date.UTC(2027, 2, 5))), "2027-03-05");
  });
});

describe("IDs Excel has damaged are errors that tell the clerk to set the column to text", () => {
  test("an ID given as a number cell is an error telling to set the column to text", () => {
    const r = validate({ 身份证号: Number(HUSBAND_ID) });
    const [e] = errorsIn(r, "身份证号");
    assert.ok(e);
    assert.match(e.message, /文本/);
    assert.equal(r.hasError, true);
    assert.equal(errorsIn(r, "身份证号").length, 1, "no second 'missing' error for a number cell");
  });
  test("an ID in scientific notation is an error telling to set the column to text", () => {
    const [e] = errorsIn(validate({ 身份证号: "3.49901196E+17" }), "身份证号");
    assert.match(e?.message ?? "", /科学计数法/);
    assert.match(e?.message ?? "", /文本/);
  });
  test("an ID whose last digits became 000 is an error that suspects Excel", () => {
    const truncated = HUSBAND_ID.slice(0, 15) + "000";
    const [e] = errorsIn(validate({ 身份证号: truncated }), "身份证号");
    assert.match(e?.message ?? "", /000/);
    assert.match(e?.message ?? "", /文本/);
  });
});

describe("bad IDs", () => {
  test("a wrong check digit is an error", () => {
    const bad = HUSBAND_ID.slice(0, 17) + (HUSBAND_ID.endsWith("1") ? "2" : "1");
    const [e] = errorsIn(validate({ 身份证号: bad }), "身份证号");
    assert.match(e?.message ?? "", /校验位/);
  });
  test("an impossible birth date in the ID is an error", () => {
    const first17 = "34990119670229011";
    const r = validate({ 身份证号: first17 + idFor(19670228, "男").slice(17) });
    assert.equal(errorsIn(r, "身份证号").length, 1);
  });
  test("an ID of the wrong length is an error", () => {
    assert.equal(errorsIn(validate({ 身份证号: "12345" }), "身份证号").length, 1);
  });
});

describe("required values", () => {
  for (const header of ["乡镇", "村", "户编号", "姓名", "身份证号", "家庭角色"]) {
    test(`a blank ${header} is an error`, () => {
      const r = validate({ [header]: "" });
      assert.ok(errorsIn(r, header).length >= 1, JSON.stringify(r.problems));
      assert.equal(r.hasError, true);
    });
  }
  test("a parent without 户籍性质 is an error; a child without it is not", () => {
    assert.equal(errorsIn(validate({ 户籍性质: "" }), "户籍性质").length, 1);
    const child = validate({ 家庭角色: "子女", 身份证号: idFor(19900101, "男", 3), 户籍性质: "" });
    assert.deepEqual(child.problems, []);
    assert.equal(child.person.rural, undefined);
  });
});

describe("coded columns", () => {
  test("an unknown 家庭角色 is an error", () => {
    const [e] = errorsIn(validate({ 家庭角色: "舅舅" }), "家庭角色");
    assert.match(e?.message ?? "", /舅舅.*与户主关系/);
  });
  test("户主 and 配偶 are 夫 or 妻 by the sex in the ID", () => {
    assert.equal(validate({ 家庭角色: "户主" }).person.role, "夫");
    assert.equal(validate({ 家庭角色: "02" }).person.role, "夫");
  });
  test("the aliases of 家庭角色 are read: 丈夫, 男方 → 夫; 女方 → 妻; 养女 → an adopted daughter", () => {
    assert.equal(validate({ 家庭角色: "丈夫" }).person.role, "夫");
    assert.equal(validate({ 家庭角色: "男方" }).person.role, "夫");
    const w = validate({ 家庭角色: "女方", 身份证号: WIFE_ID });
    assert.equal(w.person.role, "妻");
    const adopted = validate({ 家庭角色: "养女", 身份证号: idFor(20000101, "女", 4), 户籍性质: "" });
    assert.deepEqual(adopted.problems, []);
    assert.equal(adopted.person.role, "子女");
    assert.equal(adopted.person.adopted, true);
  });
  test("every yes/no spelling is read", () => {
    for (const yes of ["是", "Y", "y", "1", "√", "true", "TRUE"]) assert.equal(validate({ 低保: yes }).person.dibao, true, yes);
    for (const no of ["否", "N", "0", "false", "", " "]) assert.equal(validate({ 低保: no }).person.dibao, false, no);
  });
  test("an unknown yes/no value is an error, naming the column", () => {
    for (const header of ["低保", "违法生育", "领款人", "困难家庭"]) {
      const r = validate({ [header]: "有" });
      assert.equal(errorsIn(r, header).length, 1, header);
    }
  });
  test("an unknown 户籍性质 is an error; 农村 and 城镇 are read", () => {
    assert.equal(errorsIn(validate({ 户籍性质: "居民" }), "户籍性质").length, 1);
    assert.equal(validate({ 户籍性质: "农村" }).person.rural, true);
    assert.equal(validate({ 户籍性质: "城镇" }).person.rural, false);
  });
  test("grades are read as 1–4 or 一级…四级; beyond the range is an error", () => {
    assert.equal(validate({ 伤残等级: "二级" }).person.disabilityGrade, 2);
    assert.equal(validate({ 伤残等级: "4" }).person.disabilityGrade, 4);
    assert.equal(errorsIn(validate({ 伤残等级: "5" }), "伤残等级").length, 1);
    assert.equal(validate({ 并发症等级: "三级" }).person.complicationGrade, 3);
    assert.equal(errorsIn(validate({ 并发症等级: "4" }), "并发症等级").length, 1);
  });
  test("an unknown 在读学段 is an error", () => {
    assert.equal(validate({ 在读学段: "高中" }).person.stage, "高中");
    assert.equal(errorsIn(validate({ 在读学段: "中专" }), "在读学段").length, 1);
  });
  test("入学年份 is a four-digit year", () => {
    assert.equal(validate({ 入学年份: "2027年" }).person.enrollYear, 2027);
    assert.equal(errorsIn(validate({ 入学年份: "27" }), "入学年份").length, 1);
  });
  test("中考年份 is a four-digit year, blank 0", () => {
    assert.equal(validate({ 中考年份: "2027" }).person.zhongkaoYear, 2027);
    assert.equal(validate({}).person.zhongkaoYear, 0);
    assert.equal(errorsIn(validate({ 中考年份: "明年" }), "中考年份").length, 1);
  });
  test("节育措施 is 结扎, 上环 or 其他, in the words clerks use; anything else is an error", () => {
    assert.equal(validate({ 节育措施: "结扎" }).person.contraceptionKind, "结扎");
    assert.equal(validate({ 节育措施: "输卵管结扎" }).person.contraceptionKind, "结扎");
    assert.equal(validate({ 节育措施: "绝育" }).person.contraceptionKind, "结扎");
    assert.equal(validate({ 节育措施: "放环" }).person.contraceptionKind, "上环");
    assert.equal(validate({ 节育措施: "皮埋" }).person.contraceptionKind, "其他");
    assert.equal(validate({}).person.contraceptionKind, "");
    assert.match(errorsIn(validate({ 节育措施: "吃药" }), "节育措施")[0]?.message ?? "", /结扎、上环 或 其他/);
  });
});

describe("sex and birth date must agree with the ID", () => {
  test("性别 disagreeing with the ID is an error", () => {
    const [e] = errorsIn(validate({ 性别: "女" }), "性别");
    assert.match(e?.message ?? "", /不一致/);
  });
  test("性别 agreeing with the ID is fine", () => {
    assert.deepEqual(validate({ 性别: "男" }).problems, []);
  });
  test("a 性别 that is neither 男 nor 女 is an error", () => {
    assert.equal(errorsIn(validate({ 性别: "M" }), "性别").length, 1);
  });
  test("a 夫 whose ID is a woman's is an error", () => {
    assert.equal(errorsIn(validate({ 身份证号: WIFE_ID }), "家庭角色").length, 1);
  });
  test("a 儿子 whose ID is a woman's is a warning: for a child the ID decides the sex", () => {
    const r = validate({ 家庭角色: "儿子", 身份证号: idFor(20000101, "女", 5), 户籍性质: "" });
    assert.equal(errorsIn(r, "家庭角色").length, 0);
    assert.ok(r.problems.some((p) => p.column === "家庭角色" && p.level === "警告"));
    assert.equal(r.person.sex, "女");
  });
  test("出生日期 disagreeing with the ID is an error", () => {
    assert.equal(errorsIn(validate({ 出生日期: "1960-03-16" }), "出生日期").length, 1);
    assert.deepEqual(validate({ 出生日期: "1960年3月15日" }).problems, []);
  });
});

describe("dates in cells", () => {
  test("every spelling, a date cell, an Excel serial and a yyyymmdd number are read", () => {
    const cells: RawCell[] = ["2027-03-05", "2027/3/5", "2027.3.5", "20270305", "2027年3月5日", new Date(Date.UTC(2027, 2, 5)), 46451, 20270305];
    for (const cell of cells) {
      const r = validate({ 光荣证日期: cell });
      assert.deepEqual(r.problems, [], String(cell));
      assert.equal(r.person.honorCertDate, 20270305, String(cell));
    }
  });
  test("a serial in a 1904 workbook is read in the 1904 system", () => {
    const map = mapOf(["乡镇", "村", "户编号", "姓名", "身份证号", "家庭角色", "户籍性质", "光荣证日期"], [], true);
    const r = validateRow(["城关镇", "东村", "H001", "张三", HUSBAND_ID, "夫", "农业", 46451 - 1462], 2, map, 2027, false);
    assert.equal(r.person.honorCertDate, 20270305);
  });
  test("a bare year or a serial typed as text is not a date: it is an error, never a day in 1905", () => {
    assert.equal(errorsIn(validate({ 光荣证日期: "2027" }), "光荣证日期").length, 1);
    assert.equal(errorsIn(validate({ 光荣证日期: "46451" }), "光荣证日期").length, 1);
  });
  test("a birth date after the run year's end is an error", () => {
    assert.equal(errorsIn(validate({ 家庭角色: "子女", 身份证号: idFor(20280501, "男", 7), 户籍性质: "" }), "身份证号").length, 1);
  });
  test("an unreadable or impossible date is an error naming the column", () => {
    assert.equal(errorsIn(validate({ 光荣证日期: "2027-02-29" }), "光荣证日期").length, 1);
    assert.equal(errorsIn(validate({ 节育措施日期: "去年" }), "节育措施日期").length, 1);
  });
});

describe("death dates", () => {
  test("a death during the run year is accepted", () => {
    const r = validate({ 死亡日期: "2027-12-31" });
    assert.deepEqual(r.problems, []);
    assert.equal(r.person.deathDate, 20271231);
  });
  test("a death after the year's end is an error", () => {
    const [e] = errorsIn(validate({ 死亡日期: "2028-01-01" }), "死亡日期");
    assert.match(e?.message ?? "", /2027/);
  });
  test("a death before birth is an error", () => {
    assert.equal(errorsIn(validate({ 死亡日期: "1950-01-01" }), "死亡日期").length, 1);
  });
});

describe("bank accounts", () => {
  test("spaces and dashes are removed from an account", () => {
    const acc = accountFor(2);
    const r = validate({ 银行账号: `${acc.slice(0, 4)} ${acc.slice(4, 8)}-${acc.slice(8)}` });
    assert.deepEqual(r.problems, []);
    assert.equal(r.person.account, acc);
  });
  test("a Luhn failure is a warning only", () => {
    const acc = accountFor(3);
    const bad = acc.slice(0, -1) + String((Number(acc.slice(-1)) + 1) % 10);
    const r = validate({ 银行账号: bad });
    assert.equal(warningsIn(r, "银行账号").length, 1);
    assert.equal(r.hasError, false);
    assert.equal(r.person.account, bad);
  });
  test("an account that is not 8–30 digits is an error", () => {
    assert.equal(errorsIn(validate({ 银行账号: "1234567" }), "银行账号").length, 1);
    assert.equal(errorsIn(validate({ 银行账号: "6217abc0001234" }), "银行账号").length, 1);
  });
  test("an account given as a number cell is an error telling to set the column to text", () => {
    const [e] = errorsIn(validate({ 银行账号: Number(accountFor(4)) }), "银行账号");
    assert.match(e?.message ?? "", /文本/);
  });
  test("a 领款人 without an account is warned that the awards go to 待补录", () => {
    const r = validate({ 领款人: "是", 银行账号: "" });
    const [w] = warningsIn(r, "银行账号");
    assert.match(w?.message ?? "", /待补录/);
    assert.equal(r.hasError, false);
  });
});

describe("cells kept for row[...]", () => {
  test("the cells are kept by canonical header, extra columns included, only when asked", () => {
    const map = mapOf(["乡镇", "村", "户编号", "姓名", "身份证号", "家庭角色", "户籍性质"], ["备注"]);
    const cells: RawCell[] = ["城关镇", "东村", "H001", "张三", HUSBAND_ID, "夫", "农业", "优先"];
    assert.equal(validateRow(cells, 2, map, 2027, false).person.cells, undefined);
    const kept = validateRow(cells, 2, map, 2027, true).person.cells;
    assert.equal(kept?.["备注"], "优先");
    assert.equal(kept?.["乡镇"], "城关镇");
  });
});
