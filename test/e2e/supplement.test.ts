import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import ExcelJS from "../../src/input/exceljs.js";
import iconv from "iconv-lite";
import { withLuhn } from "../../src/domain/id-number.js";
import { idFor } from "../helpers/household-builder.js";
import { fullIdsIn, payout, readCsvObjects, tempDir } from "./cli.js";

// S01: a rural couple over 60, the husband without an account; S02: the same, the wife died on
// 2027-05-16 (paid for the year of death, to 待补录: an heir must be named).
const H1 = idFor(19600101, "男", 11);
const W1 = idFor(19620101, "女", 12);
const H2 = idFor(19600202, "男", 13);
const W2 = idFor(19620202, "女", 14);
const HEIR = idFor(19900202, "男", 15);
const ROSTER = [
  "乡镇,村,户编号,姓名,身份证号,家庭角色,户籍性质,死亡日期,联系电话,开户银行,银行账号",
  `白沙镇,前进村,S01,赵二男,${H1},夫,农业,,13900000001,,`,
  `白沙镇,前进村,S01,钱二女,${W1},妻,农业,,,农村信用社,${withLuhn("622827000000000001")}`,
  `白沙镇,前进村,S01,赵大,${idFor(19900101, "男", 16)},子女,,,,,`,
  `白沙镇,前进村,S02,孙一男,${H2},夫,农业,,,农村信用社,${withLuhn("622827000000000002")}`,
  `白沙镇,前进村,S02,周一女,${W2},妻,农业,2027-05-16,13900000002,农村信用社,${withLuhn("622827000000000003")}`,
  `白沙镇,前进村,S02,孙小,${HEIR},子女,,,,,`,
].join("\n") + "\n";

async function fill(src: string, dst: string, byId: Record<string, readonly (string | null)[]>): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(src);
  const ws = wb.getWorksheet("待补录");
  assert.ok(ws);
  ws.eachRow((row) => {
    const values = byId[String(row.getCell(6).value)];
    if (!values) return;
    values.forEach((v, i) => (row.getCell(11 + i).value = v));
    row.commit();
  });
  await wb.xlsx.writeFile(dst);
}

describe("payout supplement (DESIGN §11.3)", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "roster.csv"), ROSTER);
  const run = join(dir, "run");
  const r = payout("run", join(dir, "roster.csv"), "--year", "2027", "--out", run);
  const book = join(run, "银行代发", "待补录账户.xlsx");
  const ledger = join(run, "发放台账.csv");

  it("the run's 待补录 sheet carries the phone and the reason, the clerk's columns blank", async () => {
    assert.equal(r.code, 0, r.stderr);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(book);
    const rows: unknown[][] = [];
    wb.getWorksheet("待补录")?.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    const lines = rows.filter((x) => typeof x[0] === "number");
    assert.deepEqual(lines.map((x) => [x[4], x[9], String(x[8]).slice(0, 6)]), [["赵二男", "13900000001", "无开户银行或"], ["周一女", "13900000002", "领款人已去世"]]);
  });

  it("writes bank files for the filled lines, 补录台账.csv, 仍待补录.xlsx and 补录摘要.json; exit 1 while lines stay open", async () => {
    const filled = join(dir, "filled.xlsx");
    await fill(book, filled, { [H1]: [null, null, "中国农业银行城关支行", withLuhn("622848000000000099")] });
    const out = join(dir, "sup1");
    const s = payout("supplement", filled, "--ledger", ledger, "--out", out);
    assert.equal(s.code, 1, s.stderr);
    assert.deepEqual(fullIdsIn(s.stdout + s.stderr), []);
    assert.deepEqual(JSON.parse(readFileSync(join(out, "补录摘要.json"), "utf8")), { lines: 2, filled: 1, open: 1, amount_filled: "1200.00", amount_open: "1200.00" });
    const bank = iconv.decode(readFileSync(join(out, "银行代发", "中国农业银行.csv")), "gbk");
    assert.equal(bank, `序号,户名,证件号码,账号,金额,摘要\r\n1,赵二男,${H1},${withLuhn("622848000000000099")},1200.00,农村部分计划生育家庭奖励扶助金\r\n合计,1,,,1200.00,\r\n`);
    const sup = readCsvObjects(join(out, "补录台账.csv"));
    assert.deepEqual(sup.map((a) => [a["身份证号"], a["领款类型"], a["领款人"], a["开户银行"], a["金额"]]), [[H1, "个人", "赵二男", "中国农业银行", "1200.00"]]);
    assert.equal(statSync(join(out, "仍待补录.xlsx")).mode & 0o777, 0o600);

    // the lines still open go round again: the heir named for the deceased payee
    const again = join(dir, "filled2.xlsx");
    await fill(join(out, "仍待补录.xlsx"), again, { [W2]: ["孙小", HEIR, "农村信用社", withLuhn("622827000000000077")] });
    const out2 = join(dir, "sup2");
    const s2 = payout("supplement", again, "--ledger", ledger, "--out", out2);
    assert.equal(s2.code, 0, s2.stderr);
    assert.deepEqual(JSON.parse(readFileSync(join(out2, "补录摘要.json"), "utf8")), { lines: 1, filled: 1, open: 0, amount_filled: "1200.00", amount_open: "0.00" });
    const heir = readCsvObjects(join(out2, "补录台账.csv"));
    assert.deepEqual(heir.map((a) => [a["姓名"], a["领款人"], a["领款人身份证号"]]), [["周一女", "孙小", HEIR]]);
  });

  it("a wrong value stops it with exit 2, naming the row, and writes nothing", async () => {
    const bad = join(dir, "bad.xlsx");
    await fill(book, bad, { [W2]: [null, null, "农村信用社", withLuhn("622827000000000077")] });
    const out = join(dir, "sup-bad");
    const s = payout("supplement", bad, "--ledger", ledger, "--out", out);
    assert.equal(s.code, 2);
    assert.match(s.stderr, /第 5 行.*须填写新领款人/);
    assert.equal(existsSync(out), false);
  });
});
