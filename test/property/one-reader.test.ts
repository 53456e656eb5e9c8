import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import fc from "fast-check";
import { compareAwards } from "../../src/domain/award.js";
import { formatDate } from "../../src/domain/dates.js";
import { ledgerRow } from "../../src/outputs/ledger.js";
import { emptyOnceRegistry, evaluateHousehold } from "../../src/policy/evaluate.js";
import { prepareRun } from "../../src/policy/prepare.js";
import { loadRoster } from "../../src/roster/load-roster.js";
import { accountFor, idFor, samplePolicy } from "../helpers/household-builder.js";
import { csvText, encode, workbook, type LineEnding } from "../helpers/tables.js";
import { tempDir } from "../helpers/temp-dir.js";

// DESIGN §11.1: the format a roster comes in changes nothing. Random rosters written as CSV with
// random line endings (CRLF, LF, CR, mixed) and encodings (UTF-8 ± BOM, GBK), as xlsx and as .xls,
// give the same ledger rows.

const HEADER = ["乡镇", "村", "户编号", "姓名", "身份证号", "家庭角色", "户籍性质", "光荣证日期", "低保", "开户银行", "银行账号"];
const policy = samplePolicy();
const prepared = prepareRun(policy, 2027);

const householdArb = fc.record({
  township: fc.constantFrom("白沙镇", "金沙乡", "城关镇"),
  village: fc.constantFrom("前进村", "金星村", "东门社区"),
  husbandBirth: fc.integer({ min: 1950, max: 1985 }),
  wifeBirth: fc.integer({ min: 1952, max: 1987 }),
  children: fc.array(fc.record({ year: fc.integer({ min: 1988, max: 2020 }), sex: fc.constantFrom<"男" | "女">("男", "女") }), { minLength: 0, maxLength: 3 }),
  hukou: fc.constantFrom("农业", "非农业"),
  honor: fc.option(fc.integer({ min: 1985, max: 2027 }), { nil: undefined }),
  dibao: fc.constantFrom("", "是", "否"),
  name: fc.constantFrom("赵二男", "钱 二女", "孙小", "李娜", "王芳", "欧阳秀英"),
});

type Household = typeof householdArb extends fc.Arbitrary<infer T> ? T : never;

function rosterRows(households: readonly Household[]): string[][] {
  const rows: string[][] = [HEADER];
  households.forEach((h, i) => {
    const hid = `H${String(i + 1).padStart(3, "0")}`;
    const honor = h.honor ? formatDate(h.honor * 10000 + 301) : "";
    rows.push([h.township, h.village, hid, h.name, idFor(h.husbandBirth * 10000 + 101, "男", i), "夫", h.hukou, honor, h.dibao, "农村信用社", accountFor(i * 2)]);
    rows.push([h.township, h.village, hid, `${h.name}妻`, idFor(h.wifeBirth * 10000 + 202, "女", i), "妻", h.hukou, "", h.dibao, "农村信用社", accountFor(i * 2 + 1)]);
    h.children.forEach((c, j) => rows.push([h.township, h.village, hid, `${h.name}${j}`, idFor(c.year * 10000 + 303, c.sex, i * 4 + j), "子女", "", "", "", "", ""]));
  });
  return rows;
}

const formatArb = fc.oneof(
  fc.record({
    kind: fc.constant("csv" as const),
    encoding: fc.constantFrom<"utf8" | "utf8-bom" | "gbk">("utf8", "utf8-bom", "gbk"),
    endings: fc.array(fc.constantFrom<LineEnding>("\r\n", "\n", "\r"), { minLength: 1, maxLength: 5 }),
  }),
  fc.constant({ kind: "xlsx" as const }),
  fc.constant({ kind: "xls" as const }),
);

async function ledgerOf(path: string): Promise<string[]> {
  const roster = await loadRoster(path, { year: 2027, keepCells: false });
  const once = emptyOnceRegistry();
  const awards = roster.households.flatMap((members) => evaluateHousehold(members, prepared, once).awards).sort(compareAwards);
  return [`rows ${roster.rowsRead} rejected ${roster.rowsRejected} problems ${roster.problems.length}`, ...awards.map((a) => ledgerRow(a).join(","))];
}

describe("one reader, any format", () => {
  test("CSV (any line endings, UTF-8 ± BOM, GBK), xlsx and xls give the same ledger", async () => {
    const dir = tempDir("payout-one-reader-");
    try {
      let n = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(householdArb, { minLength: 1, maxLength: 6 }), fc.array(formatArb, { minLength: 2, maxLength: 3 }), async (households, formats) => {
          const rows = rosterRows(households);
          const canonical = join(dir, `${++n}-canonical.csv`);
          writeFileSync(canonical, encode(csvText(rows), "utf8-bom"));
          const expected = await ledgerOf(canonical);
          for (const f of formats) {
            const path = join(dir, `${++n}.${f.kind}`);
            if (f.kind === "csv") writeFileSync(path, encode(csvText(rows, (i) => f.endings[i % f.endings.length] ?? "\n"), f.encoding));
            else writeFileSync(path, workbook(rows, f.kind === "xls" ? "biff8" : "xlsx"));
            assert.deepEqual(await ledgerOf(path), expected, JSON.stringify(f));
          }
        }),
        { numRuns: 25 },
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
