import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { collectGarbage } from "../../src/gc.js";
import { COLUMNS } from "../../src/roster/columns.js";
import { prepare, rowResultDecoder, type RowCheckOptions } from "../../src/roster/row-transfer.js";
import { validateRow, type RawCell, type RowResult } from "../../src/roster/validate-row.js";
import type { TransformSetup } from "../../src/input/read-table.js";
import { accountFor, idFor } from "../helpers/household-builder.js";
import { FULL_MAP } from "../helpers/roster-row.js";

// The reading worker checks some roster rows itself and sends each result as a flat array with
// repeated texts numbered (row-transfer.ts). Rebuilt on this side, a result must be exactly what
// validateRow gives here for the same row: person, problems, warnings, everything.

const EXTRA = [{ header: "备注", index: COLUMNS.length }];

/** Values clerks write in each column, sound and broken, so every branch of validateRow is taken. */
const cellArb = (header: string, i: number): fc.Arbitrary<RawCell> => {
  const pick = (...values: RawCell[]): fc.Arbitrary<RawCell> => fc.constantFrom(...values);
  switch (header) {
    case "乡镇": return pick("城关镇", "白沙镇", "", "城关/镇");
    case "村": return pick("东村", "西村", "前进村", "");
    case "户编号": return pick("H001", "H002", "H 003", "");
    case "姓名": return pick("张三", "李 四", "欧阳秀英", "");
    case "身份证号": return pick(idFor(19600315, "男", i), idFor(19620520, "女", i), idFor(20100101, "女", i), "340101600315123", "3.41122E+17", "349901196003151230", "", 349901196003151230);
    case "家庭角色": return pick("夫", "妻", "子女", "户主", "配偶", "长子", "孙子", "外甥", "");
    case "性别": return pick("男", "女", "", "不详");
    case "出生日期": return pick("", "1960-03-15", "1960年3月", "1960/13/40");
    case "户籍性质": return pick("农业", "非农业", "", "城市");
    case "死亡日期": return pick("", "2020-01-01", "2099-01-01");
    case "在读学段": return pick("", "小学", "大学", "研究生");
    case "入学年份": case "中考年份": return pick("", "2020", "20年");
    case "节育措施": return pick("", "结扎", "上环", "皮埋", "不明");
    case "开户银行": return pick("农村信用社", "中国农业银行", "", "银行/分理处");
    case "银行账号": return pick(accountFor(i), "", "12345", 6228480012345678000, "6228 4800 1234 5678");
    case "区划代码": return pick("", "349901001001", "349901001", "349901001001001");
    case "领款人": return pick("", "是", "否", "也许");
    default: return pick("", "是", "1", "二级", "2024-05-01", "错");
  }
};

const rowArb = fc.tuple(...COLUMNS.map((c, i) => cellArb(c.header, i)), fc.constantFrom<RawCell>("", "备注文字"));

function setup(options: RowCheckOptions): TransformSetup {
  return { index: FULL_MAP.index, extra: EXTRA, date1904: false, options };
}

/** The rows as the worker sends them (structured clone) and as this side rebuilds them. */
function transferred(rows: readonly RawCell[][], options: RowCheckOptions): RowResult[] {
  const apply = prepare(setup(options));
  const sent = structuredClone(rows.map((cells, i) => apply(cells, i + 2)));
  const rebuild = rowResultDecoder();
  return sent.map((v) => rebuild(v));
}

describe("a roster row checked by the reading worker", () => {
  test("is rebuilt as the very result validateRow gives here, row after row (repeated texts numbered)", () => {
    fc.assert(
      fc.property(fc.array(rowArb, { minLength: 1, maxLength: 30 }), fc.boolean(), (rows, keepCells) => {
        const map = { ...FULL_MAP, extra: EXTRA };
        const here = rows.map((cells, i) => validateRow(cells, i + 2, map, 2027, keepCells));
        const there = transferred(rows, { year: 2027, keepCells });
        assert.deepStrictEqual(there, here);
      }),
      { numRuns: 300 },
    );
  });

  test("keeps each person's fields in validateRow's order (one object shape for the evaluation)", () => {
    const cells = COLUMNS.map((c) => (c.header === "身份证号" ? idFor(19600315, "男", 1) : c.header === "家庭角色" ? "夫" : c.header === "乡镇" ? "城关镇" : ""));
    const here = validateRow([...cells, ""], 2, { ...FULL_MAP, extra: EXTRA }, 2027, false);
    const [there] = transferred([[...cells, ""]], { year: 2027, keepCells: false });
    assert.deepEqual(Object.keys(there?.person ?? {}), Object.keys(here.person));
    assert.deepEqual(Object.keys(there ?? {}), Object.keys(here));
  });

  test("keeps no chunk of the worker's text alive through the texts it keeps (乡镇, 村, 户编号 …)", () => {
    const apply = prepare(setup({ year: 2027, keepCells: false }));
    const headers = COLUMNS.map((c) => c.header);
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    for (let chunk = 0; chunk < 40; chunk++) {
      // a 1 MB chunk of text, and a row's 户编号 cut from it as the reader cuts fields (13+ characters: a slice of the chunk)
      const text = `${"x".repeat(1 << 20)}3499${String(chunk).padStart(9, "0")}`;
      const cells = headers.map((h) => (h === "户编号" ? text.slice(-13) : h === "乡镇" ? "城关镇" : ""));
      apply([...cells, ""], chunk + 2);
    }
    collectGarbage();
    const grown = process.memoryUsage().heapUsed - before;
    assert.ok(grown < 8 * 2 ** 20, `the heap grew by ${(grown / 2 ** 20).toFixed(1)} MB for 40 households`);
  });
});
