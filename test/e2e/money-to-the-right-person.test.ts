import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { readBook, sheetValues } from "../outputs/fixtures.js";
import { fullIdsIn, payout, readCsvObjects, ROOT, tempDir } from "./cli.js";

// Issue 9 as a clerk meets it: a payee who died in the year, a household of two daughters without
// parents or 户籍性质, and a policy whose amount is negative.

const WIFE = "349901196203010225";
const roster = [
  "乡镇,村,户编号,姓名,身份证号,家庭角色,户籍性质,死亡日期,开户银行,银行账号,在读学段",
  "白沙镇,前进村,D01,赵大山,349901196001010112,夫,农业,,农村信用社,6228480000000009035,",
  `白沙镇,前进村,D01,钱秀兰,${WIFE},妻,农业,2027-05-16,农村信用社,6228480000000009043,`,
  "白沙镇,前进村,D01,赵小,349901199001010319,子女,,,,,",
  "白沙镇,前进村,G01,孙大妹,349901201001010423,子女,,,,,高中",
  "白沙镇,前进村,G01,孙二妹,349901201201010524,子女,,,,,初中",
].join("\n") + "\n";

describe("a 奖扶 recipient who died on 2027-05-16", () => {
  const dir = tempDir();
  const rosterPath = join(dir, "花名册.csv");
  writeFileSync(rosterPath, roster);
  const out = join(dir, "out");
  const r = payout("run", rosterPath, "--year", "2027", "--out", out);

  it("keeps her 1200.00 for the year of death, as 待补录, not paid into her own account", () => {
    assert.equal(r.code, 1, r.stderr);
    const jiangfu = readCsvObjects(join(out, "发放台账.csv")).filter((a) => a["项目代码"] === "jiangfu");
    assert.deepEqual(jiangfu.map((a) => [a["身份证号"], a["金额"], a["领款类型"]]), [
      ["349901196001010112", "1200.00", "个人"],
      [WIFE, "1200.00", "待补录"],
    ]);
    for (const f of readdirSync(join(out, "银行代发")).filter((f) => f.endsWith(".csv"))) {
      assert.ok(!iconv.decode(readFileSync(join(out, "银行代发", f)), "gb18030").includes("6228480000000009043"), f);
    }
  });
  it("says why in 待补录账户.xlsx and 数据问题.csv: died on that date, settle the heir and the account", async () => {
    const reason = "领款人已去世(死亡日期 2027-05-16),请确定继承人及账户";
    const book = await readBook(join(out, "银行代发", "待补录账户.xlsx"));
    const rows = book.worksheets.flatMap((s) => sheetValues(s));
    assert.ok(rows.some((row) => row.includes(reason)), JSON.stringify(rows));
    const problem = readCsvObjects(join(out, "数据问题.csv")).find((p) => p["身份证号"] === WIFE);
    assert.equal(problem?.["列"], "死亡日期");
    assert.match(problem?.["问题"] ?? "", /领款人已去世\(死亡日期 2027-05-16\),请确定继承人及账户/);
  });
  it("two daughters with no 夫/妻 row and no 户籍性质 are an error naming the household, paid nothing", () => {
    assert.ok(!readCsvObjects(join(out, "发放台账.csv")).some((a) => a["户编号"] === "G01"));
    const errors = readCsvObjects(join(out, "数据问题.csv")).filter((p) => p["户编号"] === "G01" && p["级别"] === "错误");
    assert.deepEqual(errors.map((p) => p["列"]), ["户籍性质"]);
    assert.match(errors[0]?.["问题"] ?? "", /户编号 G01/);
  });
});

describe("a policy amount of -100", () => {
  it("is refused at load: exit 2, the programme and the parameter named, nothing written", () => {
    const dir = tempDir();
    const policy = join(dir, "policy.yaml");
    writeFileSync(policy, readFileSync(join(ROOT, "samples/policy.yaml"), "utf8").replace(/^(\s+jiangfu_national:\s*)\{[^}]*\}/m, "$1{2004-01-01: -100}"));
    const rosterPath = join(dir, "花名册.csv");
    writeFileSync(rosterPath, roster);
    const out = join(dir, "out");
    const r = payout("run", rosterPath, "--year", "2027", "--out", out, "--policy", policy);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /jiangfu_national/);
    assert.match(r.stderr, /负数/);
    assert.match(r.stderr, /programs\[\d+\]\.amount\.parts\[0\]\.per_year|jiangfu/);
    assert.deepEqual(readdirSync(dir).sort(), ["policy.yaml", "花名册.csv"]);
    assert.deepEqual(fullIdsIn(r.stderr), []);
  });
  it("a condition `age / 0 > 1` is refused by check too", () => {
    const dir = tempDir();
    const policy = join(dir, "policy.yaml");
    writeFileSync(policy, readFileSync(join(ROOT, "samples/policy.yaml"), "utf8").replace("age >= 60", "age / 0 > 1"));
    const rosterPath = join(dir, "花名册.csv");
    writeFileSync(rosterPath, roster);
    const r = payout("check", rosterPath, "--policy", policy);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /除数为 0/);
  });
});
