import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { payout, readCsv, readCsvObjects, ROOT, tempDir } from "./cli.js";
import { csvText, encode, workbook } from "../helpers/tables.js";

// DESIGN §11.1: an earlier ledger is checked, not trusted; a duplicate ID names the first row only.

const fx = (name: string): string => join(ROOT, "test/fixtures", name);
const ROSTER = fx("honor-cert-this-year.csv");

/** Last year's ledger as rows: this year's run with 年度 set to 2026. */
function lastYearRows(): string[][] {
  const out = join(tempDir(), "2027");
  assert.equal(payout("run", ROSTER, "--year", "2027", "--out", out).code, 0);
  return readCsv(join(out, "发放台账.csv")).map((r, i) => (i === 0 ? r : ["2026", ...r.slice(1)]));
}

function runWithPrevious(name: string, bytes: Buffer | string): { code: number; stderr: string; out: string } {
  const dir = tempDir();
  const previous = join(dir, name);
  writeFileSync(previous, bytes);
  const out = join(dir, "out");
  return { ...payout("run", ROSTER, "--year", "2027", "--out", out, "--previous", previous), out };
}

function refused(r: { code: number; stderr: string; out: string }, message: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, message);
  assert.equal(existsSync(r.out), false, "nothing is written");
}

describe("an earlier ledger is checked, not trusted", () => {
  const rows = lastYearRows();
  const header = rows[0] ?? [];
  const col = (name: string): number => header.indexOf(name);

  it("as payout wrote it, as Excel re-saved it in GBK, or as an xlsx: the same result", () => {
    const csv = runWithPrevious("2026.csv", encode(csvText(rows), "utf8-bom"));
    const gbk = runWithPrevious("2026-gbk.csv", encode(csvText(rows), "gbk"));
    const xlsx = runWithPrevious("2026.xlsx", workbook(rows, "xlsx"));
    for (const r of [csv, gbk, xlsx]) assert.equal(r.code, 0, r.stderr);
    const ledger = readFileSync(join(csv.out, "发放台账.csv"));
    assert.deepEqual(readFileSync(join(gbk.out, "发放台账.csv")), ledger);
    assert.deepEqual(readFileSync(join(xlsx.out, "发放台账.csv")), ledger);
  });

  it("IDs Excel turned into numbers are refused with the roster's instruction", () => {
    const damaged = rows.map((r, i) => (i === 2 ? r.map((c, j) => (j === col("身份证号") ? "3.49902E+17" : c)) : r));
    refused(runWithPrevious("2026.csv", encode(csvText(damaged), "gbk")), /上年台账 .*2026\.csv.*第 3 行“身份证号”列\(F 列\).*科学计数法.*设为“文本”格式/s);
  });

  it("an amount that is not the sum of its levels names file, row and column", () => {
    const bad = rows.map((r, i) => (i === 2 ? r.map((c, j) => (j === col("金额") ? "999.00" : c)) : r));
    refused(runWithPrevious("2026.csv", encode(csvText(bad), "utf8-bom")), /上年台账 .*2026\.csv.*第 3 行“金额”列\(K 列\):金额 999\.00 不等于各级分担之和/s);
  });

  it("a missing 年度 and an unknown 领款类型 are refused", () => {
    const bad = rows.map((r, i) => (i === 1 ? ["", ...r.slice(1)] : i === 3 ? r.map((c, j) => (j === col("领款类型") ? "现金" : c)) : r));
    const r = runWithPrevious("2026.csv", encode(csvText(bad), "utf8-bom"));
    refused(r, /第 2 行“年度”列\(A 列\):年度为空/);
    assert.match(r.stderr, /第 4 行“领款类型”列\(L 列\):领款类型“现金”应为 个人、机构、待补录 或 资格/);
  });

  it("a ledger without its level columns is not a ledger", () => {
    const cut = rows.map((r) => [...r.slice(0, col("银行账号") + 1), r[col("计算说明")] ?? ""]);
    refused(runWithPrevious("2026.csv", encode(csvText(cut), "utf8-bom")), /缺少分担金额列/);
  });

  it("programme codes the policy does not know are one warning listing them", () => {
    const odd = rows.map((r, i) => (i === 1 ? r.map((c, j) => (j === col("项目代码") ? "old_scheme" : c)) : i === 2 ? r.map((c, j) => (j === col("项目代码") ? "retired_x" : c)) : r));
    const r = runWithPrevious("2026.csv", encode(csvText(odd), "utf8-bom"));
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const warnings = readCsvObjects(join(r.out, "数据问题.csv")).filter((p) => /政策里没有的项目代码/.test(p["问题"] ?? ""));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]?.["问题"] ?? "", /old_scheme、retired_x/);
  });
});

describe("problem reports scale linearly", () => {
  it("20,000 rows of one drag-filled ID each name the first row only", () => {
    const head = "乡镇,村,户编号,姓名,身份证号,家庭角色,户籍性质";
    const row = "白沙镇,前进村,S01,赵二男,349901196701010113,夫,农业";
    const dir = tempDir();
    const roster = join(dir, "dragged.csv");
    writeFileSync(roster, [head, ...Array.from({ length: 20_000 }, () => row)].join("\r\n") + "\r\n");
    const out = join(dir, "out");
    const r = payout("run", roster, "--year", "2027", "--out", out);
    assert.equal(r.code, 1, r.stderr);
    const problems = readCsvObjects(join(out, "数据问题.csv")).filter((p) => p["列"] === "身份证号");
    assert.equal(problems.length, 20_000);
    assert.match(problems[0]?.["问题"] ?? "", /与第 3 行重复\(共 20000 行相同\)/);
    assert.ok(problems.slice(1).every((p) => /与第 2 行重复$/.test(p["问题"] ?? "")));
    assert.ok(statSync(join(out, "数据问题.csv")).size < 10 * 1024 * 1024, "the report grows with rows, not rows squared");
  });
});
