import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "../../src/input/exceljs.js";
import { luhnValid, looksLikeExcelNumber, parseIdNumber } from "../../src/domain/id-number.js";
import { generateRosterFile, rosterRows, type GenOptions } from "../../scripts/gen-roster.js";
import { asExcelNumber } from "../../scripts/gen/bad-rows.js";
import { BAD_KINDS, COL, HEADERS, type GeneratedRow } from "../../scripts/gen/row.js";
import { tempDir } from "../helpers/temp-dir.js";

const HEADER_LINE =
  "乡镇,村,户编号,姓名,身份证号,家庭角色,户籍性质,死亡日期,伤残等级,伤残认定日期,并发症等级,节育措施日期,光荣证日期,放弃二孩日期,违法生育,低保,新农保参保,入住养老机构,在读学段,入学年份,中考年份,品学兼优,困难家庭,收养,领款人,开户银行,银行账号,联系电话,节育措施";
const YEAR = 2027;
const YE = YEAR * 10000 + 1231;
const county: GenOptions = { rows: 2000, seed: 11, year: YEAR, badRate: 0.02, mode: "county" };
const dateNum = (s: string): number => (s ? Number(s.replace(/-/g, "")) : 0);
const cell = (row: GeneratedRow, header: (typeof HEADERS)[number]): string => row.cells[COL[header]] ?? "";

/** The problems a good row must not have; returns what is wrong, or "" when fine. */
function goodRowProblem(row: GeneratedRow): string {
  const parsed = parseIdNumber(cell(row, "身份证号"));
  if (!parsed.ok) return `ID ${parsed.problem}`;
  if (!cell(row, "身份证号").startsWith("3499")) return "region code";
  const role = cell(row, "家庭角色");
  if (role === "夫" && parsed.value.sex !== "男") return "夫 with a woman's ID";
  if (role === "妻" && parsed.value.sex !== "女") return "妻 with a man's ID";
  if (!["夫", "妻", "子女"].includes(role)) return `role ${role}`;
  const death = dateNum(cell(row, "死亡日期"));
  if (death && (death > YE || death < parsed.value.birth)) return "death date";
  if (role !== "子女" && !["农业", "非农业"].includes(cell(row, "户籍性质"))) return "户籍性质";
  const account = cell(row, "银行账号");
  if (account && (!/^\d{19}$/.test(account) || !luhnValid(account) || !cell(row, "开户银行"))) return "account";
  return "";
}

describe("gen-roster: the synthetic county generator", () => {
  let dir = "";
  const rows = [...rosterRows(county)];
  before(async () => {
    dir = tempDir("gen-roster-");
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes exactly the rows asked for, under the canonical §3 header, UTF-8 with BOM", async () => {
    const path = join(dir, "a.csv");
    const stats = await generateRosterFile(county, path, false);
    assert.equal(stats.rows, 2000);
    const text = await readFile(path, "utf8");
    assert.ok(text.startsWith("\uFEFF"));
    assert.equal(text.slice(1, text.indexOf("\r\n")), HEADER_LINE);
    assert.equal(HEADERS.join(","), HEADER_LINE);
    const records = parse(text, { bom: true }) as string[][];
    assert.equal(records.length, 2001);
    assert.ok(records.every((r) => r.length === HEADERS.length));
  });

  it("gives the same bytes for the same seed, and others for another seed", async () => {
    await generateRosterFile(county, join(dir, "b1.csv"), false);
    await generateRosterFile(county, join(dir, "b2.csv"), false);
    await generateRosterFile({ ...county, seed: 12 }, join(dir, "b3.csv"), false);
    const [b1, b2, b3] = await Promise.all(["b1", "b2", "b3"].map((n) => readFile(join(dir, `${n}.csv`))));
    assert.ok(b1 && b2 && b3);
    assert.ok(b1.equals(b2));
    assert.ok(!b1.equals(b3));
  });

  it("writes the same .xlsx bytes for the same seed, IDs and accounts as text cells", async () => {
    const small: GenOptions = { ...county, rows: 300 };
    await generateRosterFile(small, join(dir, "c1.xlsx"), true);
    await generateRosterFile(small, join(dir, "c2.xlsx"), true);
    const [c1, c2] = await Promise.all(["c1", "c2"].map((n) => readFile(join(dir, `${n}.xlsx`))));
    assert.ok(c1 && c2 && c1.equals(c2));
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, "c1.xlsx"));
    const sheet = book.worksheets[0];
    assert.ok(sheet);
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), [...HEADERS]);
    const expected = [...rosterRows(small)];
    assert.equal(sheet.rowCount, 301);
    for (const [i, row] of expected.entries()) {
      const cells = sheet.getRow(i + 2);
      assert.equal(cells.getCell(COL.身份证号 + 1).value, cell(row, "身份证号"));
      assert.equal(cells.getCell(COL.银行账号 + 1).value ?? "", cell(row, "银行账号"));
    }
  });

  it("gives every good row a valid, unique ID whose sex agrees with 夫/妻, and a sane death date and account", () => {
    const good = rows.filter((r) => r.bad === undefined);
    const problems = good.map((r) => [cell(r, "身份证号"), goodRowProblem(r)]).filter(([, p]) => p !== "");
    assert.deepEqual(problems, []);
    const ids = good.map((r) => cell(r, "身份证号"));
    assert.equal(new Set(ids).size, ids.length);
  });

  it("keeps households sane: one 夫 and one 妻 at most, children born after their parents turned 18", () => {
    const byHousehold = new Map<string, GeneratedRow[]>();
    for (const r of rows) byHousehold.set(cell(r, "户编号"), [...(byHousehold.get(cell(r, "户编号")) ?? []), r]);
    assert.ok(byHousehold.size > 400);
    for (const [hh, members] of byHousehold) {
      assert.ok(members.filter((m) => cell(m, "家庭角色") === "夫").length <= 1, hh);
      assert.ok(members.filter((m) => cell(m, "家庭角色") === "妻").length <= 1, hh);
      const births = (role: string): number[] =>
        members.filter((m) => m.bad === undefined && cell(m, "家庭角色") === role).map((m) => Number(cell(m, "身份证号").slice(6, 14)));
      const parents = [...births("夫"), ...births("妻")];
      for (const child of births("子女")) for (const p of parents) assert.ok(child - p >= 180000, `${hh}: child ${child}, parent ${p}`);
    }
  });

  it("makes about the asked share of bad rows, every kind of them, each really wrong", () => {
    const bad = rows.filter((r) => r.bad !== undefined);
    assert.ok(bad.length >= 20 && bad.length <= 60, `${bad.length} bad rows for 2% of 2000`);
    for (const kind of BAD_KINDS) assert.ok(bad.some((r) => r.bad === kind), kind);
    const allIds = rows.map((r) => cell(r, "身份证号"));
    for (const r of bad) {
      const id = cell(r, "身份证号");
      switch (r.bad) {
        case "check-digit": assert.equal(parseIdNumber(id).ok ? "ok" : (parseIdNumber(id) as { problem: string }).problem, "check"); break;
        case "unknown-role": assert.ok(!["夫", "妻", "子女"].includes(cell(r, "家庭角色"))); break;
        case "excel-number": assert.ok(looksLikeExcelNumber(id), id); break;
        case "future-death": assert.ok(dateNum(cell(r, "死亡日期")) > YE); break;
        case "duplicate-id": assert.equal(allIds.filter((x) => x === id).length, 2); break;
        default: assert.fail(`unexpected ${String(r.bad)}`);
      }
    }
    assert.equal([...rosterRows({ ...county, badRate: 0 })].filter((r) => r.bad).length, 0);
  });

  it("writes an ID the way Excel shows a number: 15 significant digits", () => {
    assert.equal(asExcelNumber("349900196711306034"), "3.49900196711306E+17");
    assert.equal(asExcelNumber("349900196711306594"), "3.49900196711307E+17");
    assert.equal(asExcelNumber("349900200000000034"), "3.499002E+17");
  });

  it("shows the household types the policy cares about", () => {
    const has = (header: (typeof HEADERS)[number]): number => rows.filter((r) => cell(r, header) !== "").length;
    for (const header of ["光荣证日期", "节育措施日期", "放弃二孩日期", "死亡日期", "伤残等级", "低保", "新农保参保", "在读学段", "开户银行"] as const) {
      assert.ok(has(header) > 0, header);
    }
    assert.ok(rows.some((r) => cell(r, "户籍性质") === "非农业"));
    const parents = rows.filter((r) => r.bad === undefined && cell(r, "家庭角色") !== "子女");
    const withoutAccount = parents.filter((r) => cell(r, "银行账号") === "").length / parents.length;
    assert.ok(withoutAccount > 0.005 && withoutAccount < 0.08, `${withoutAccount}`);
    const banks = new Set(rows.map((r) => cell(r, "开户银行")).filter(Boolean));
    assert.ok(banks.has("农村信用社") && banks.has("示例县农村商业银行") && banks.size >= 3);
  });

  it("makes a clean sample county of 2 townships, 6 villages and over 200 households", () => {
    const sample = [...rosterRows({ rows: 0, seed: 2027, year: YEAR, badRate: 0, mode: "sample" })];
    assert.ok(sample.every((r) => r.bad === undefined && goodRowProblem(r) === ""));
    assert.ok(new Set(sample.map((r) => cell(r, "乡镇"))).size >= 2);
    assert.ok(new Set(sample.map((r) => `${cell(r, "乡镇")}/${cell(r, "村")}`)).size >= 4);
    assert.ok(new Set(sample.map((r) => cell(r, "户编号"))).size >= 200);
  });

  it("plants two bad rows of each kind in the error sample", () => {
    const sample = [...rosterRows({ rows: 0, seed: 42, year: YEAR, badRate: 0, mode: "sample-errors" })];
    for (const kind of BAD_KINDS) assert.equal(sample.filter((r) => r.bad === kind).length, 2, kind);
  });
});
