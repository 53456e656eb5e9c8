import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readSheetRows } from "../../src/input/read-sheets.js";
import { makeId } from "../helpers/ids.js";
import { payout, readCsvObjects, ROOT, tempDir } from "./cli.js";

// The forms a section chief signs and a village posts, read back from a sample run (issue 10).

const sample = (name: string): string => join(ROOT, "samples", name);
const POLICY = ["--policy", sample("policy.yaml")];

function workbooks(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(join(dir, rel)).isDirectory()) out.push(...workbooks(dir, rel));
    else if (name.endsWith(".xlsx")) out.push(rel);
  }
  return out;
}

async function cellsOf(path: string): Promise<Array<{ sheet: string; row: number; cells: ReadonlyArray<string | number | undefined> }>> {
  const rows = [];
  for await (const r of readSheetRows(path)) rows.push(r);
  return rows;
}

describe("forms a chief signs and a village posts (sample run, 2026 then 2027 with --previous)", async () => {
  const y2026 = join(tempDir(), "2026");
  const y2027 = join(tempDir(), "2027");
  const first = payout("run", sample("roster.csv"), "--year", "2026", "--out", y2026, ...POLICY);
  const r = payout("run", sample("roster.csv"), "--year", "2027", "--out", y2027, ...POLICY, "--previous", join(y2026, "发放台账.xlsx"), "--notice-start", "2027-11-01");
  const ledger = readCsvObjects(join(y2027, "发放台账.csv"));
  const codes = [...new Set(ledger.map((a) => a["项目代码"] ?? ""))];

  it("runs, the 2027 run reading the 2026 ledger from its .xlsx", () => {
    assert.ok([0, 1].includes(first.code), first.stderr);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(codes.length > 10);
  });

  it("shows programme names, never codes, in any cell of any sheet but the ledger's own 项目代码 column", async () => {
    for (const book of workbooks(y2027).filter((b) => b !== "发放台账.xlsx" && !b.startsWith("银行代发/一卡通"))) {
      for (const { sheet, row, cells } of await cellsOf(join(y2027, book))) {
        for (const c of cells) if (typeof c === "string") for (const code of codes) assert.ok(!new RegExp(`(^|[^A-Za-z_])${code}($|[^A-Za-z_])`).test(c), `${book} ${sheet} row ${row}: “${c}” holds ${code}`);
      }
    }
    for (const p of readCsvObjects(join(y2027, "数据问题.csv"))) for (const code of codes) assert.ok(!(p["问题"] ?? "").includes(code), p["问题"]);
  });

  it("counts 人数 as distinct persons, 户数 as households and 笔数 as awards on 资金分担, against the ledger", async () => {
    const rows = await cellsOf(join(y2027, "资金分担.xlsx"));
    const total = rows.find((x) => x.sheet === "汇总" && x.cells[0] === "合计");
    assert.ok(total);
    const household = new Set(["honor_cert", "oc_care", "waive_second", "consolation_death", "consolation_disabled"]);
    const paid = ledger.filter((a) => a["领款类型"] !== "资格");
    const persons = new Set(paid.filter((a) => !household.has(a["项目代码"] ?? "")).map((a) => a["身份证号"])).size;
    const households = new Set(paid.filter((a) => household.has(a["项目代码"] ?? "")).map((a) => a["户编号"])).size;
    assert.deepEqual(total.cells.slice(1, 4), [persons, households, paid.length]);
    assert.ok(persons < paid.length, "a person with two programmes is one person");
    assert.ok(rows.some((x) => String(x.cells[0] ?? "").startsWith("人数为不重复的人数")), "the sheet says what it counts");
  });

  it("puts the signature block 制表人/审核人/负责人/日期 on every sheet a chief signs", async () => {
    const signed: Array<[string, string]> = [
      ["乡镇发放表/白沙镇.xlsx", "汇总"], ["资金分担.xlsx", "汇总"], ["资金分担.xlsx", "按乡镇"], ["机构拨付.xlsx", "汇总"],
      ["银行代发/待补录账户.xlsx", "待补录"], ["变动名单.xlsx", "汇总"],
    ];
    for (const [book, sheet] of signed) {
      const rows = (await cellsOf(join(y2027, book))).filter((x) => x.sheet === sheet);
      assert.ok(rows.length > 0, `${book} ${sheet}`);
      assert.match(String(rows.at(-1)?.cells[0]), /^制表人:.*审核人:.*负责人:.*日期:/, `${book} ${sheet}`);
    }
  });

  it("gives 机构拨付 each institution's receiving account from the policy and the amount in words", async () => {
    const rows = (await cellsOf(join(y2027, "机构拨付.xlsx"))).filter((x) => x.sheet === "汇总");
    const fund = rows.find((x) => x.cells[0] === "县医疗保障基金" && x.cells[1] === "小计");
    assert.ok(fund);
    assert.equal(fund.cells[6], "6228000000000000029");
    assert.match(String(fund.cells[5]), /示例县农商银行营业部/);
    assert.match(String(rows.find((x) => x.cells[0] === "合计(大写)")?.cells[1]), /^人民币.+元/);
  });

  it("sorts 变动名单 as the ledger and closes every list with 合计", async () => {
    const rows = await cellsOf(join(y2027, "变动名单.xlsx"));
    for (const sheet of ["新增", "退出", "金额变动"]) {
      const lines = rows.filter((x) => x.sheet === sheet && typeof x.cells[0] === "number" && x.row > 3);
      const keys = lines.map((x) => [x.cells[1], x.cells[2], x.cells[3], x.cells[5]].join("\u0000"));
      const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      assert.deepEqual(keys, sorted, `${sheet} in ledger order`);
      const total = rows.find((x) => x.sheet === sheet && x.cells[0] === "合计");
      assert.ok(total, `${sheet} has 合计`);
      assert.equal(total.cells[1], `${lines.length}笔`);
    }
  });

  it("writes 发放台账.xlsx with the ledger's rows, IDs as text and a 合计", async () => {
    const rows = await cellsOf(join(y2027, "发放台账.xlsx"));
    const body = rows.filter((x) => x.row > 1 && x.cells[0] !== "合计");
    assert.equal(body.length, ledger.length);
    body.forEach((x, i) => {
      assert.equal(x.cells[5], ledger[i]?.["身份证号"]);
      assert.equal(Math.round(Number(x.cells[10]) * 100), Math.round(Number(ledger[i]?.["金额"]) * 100));
    });
    const total = rows.find((x) => x.cells[0] === "合计");
    assert.equal(Math.round(Number(total?.cells[10]) * 100), ledger.reduce((s, a) => s + Math.round(Number(a["金额"]) * 100), 0));
  });
});

describe("guard rails on screen", () => {
  it("refuses a --year more than a year ahead unless --year-confirm", () => {
    const out = join(tempDir(), "far");
    const r = payout("run", sample("roster.csv"), "--year", "2072", "--out", out, ...POLICY);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--year 2072.*--year-confirm/);
    const confirmed = payout("run", sample("roster.csv"), "--year", "2072", "--out", out, ...POLICY, "--year-confirm");
    assert.ok(!/--year-confirm/.test(confirmed.stderr), confirmed.stderr);
  });

  it("refuses a year before the policy's values unless --year-confirm", () => {
    const r = payout("run", sample("roster.csv"), "--year", "1995", "--out", join(tempDir(), "early"), ...POLICY);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /早于政策文件参数齐全的年度[\s\S]*--year-confirm/);
  });

  it("says so when the built-in sample policy is used, and how to name the county's own", () => {
    const r = payout("run", sample("roster.csv"), "--year", "2027", "--out", join(tempDir(), "sample"));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /示例政策.*--policy/);
    const own = payout("run", sample("roster.csv"), "--year", "2027", "--out", join(tempDir(), "own"), ...POLICY);
    assert.ok(!/示例政策/.test(own.stderr));
  });

  it("names the repeatable --previous argument in Chinese in the help", () => {
    const r = payout("run", "--help");
    assert.match(r.stdout, /--previous <往年台账\.\.\.>/);
  });
});

describe("a roster as a household register exports it (与户主关系, year-month dates)", () => {
  it("makes 户主/配偶 夫 or 妻 by the ID, takes 长女 as a child, sets a grandchild aside with a warning, reads 1992年6月", () => {
    const dir = tempDir();
    const roster = join(dir, "户籍.csv");
    const ids = { head: makeId("19660315", 11), wife: makeId("19670420", 22), daughter: makeId("19920610", 32), grandson: makeId("20150101", 41) };
    writeFileSync(
      roster,
      [
        "乡镇,村,户编号,姓名,身份证号,与户主关系,出生日期,户籍性质,光荣证日期,开户银行,银行账号",
        `金沙乡,金星村,H01,陈一,${ids.head},户主,1966年3月,农业,1993-01-05,农村信用社,6228480000000009126`,
        `金沙乡,金星村,H01,林二,${ids.wife},10,1967.04,农业,,农村信用社,6228480000000009134`,
        `金沙乡,金星村,H01,陈小,${ids.daughter},长女,1992-06,,,,`,
        `金沙乡,金星村,H01,陈孙,${ids.grandson},孙子,,,,,`,
      ].join("\n"),
    );
    const out = join(dir, "out");
    const r = payout("run", roster, "--year", "2027", "--out", out, ...POLICY);
    assert.equal(r.code, 0, r.stderr);
    const problems = readCsvObjects(join(out, "数据问题.csv"));
    assert.deepEqual(problems.filter((p) => p["级别"] === "错误"), [], JSON.stringify(problems));
    assert.ok(problems.some((p) => p["姓名"] === "陈孙" && /孙子.*不计入本户/.test(p["问题"] ?? "")));
    assert.equal(problems.filter((p) => p["列"] === "出生日期" && /只写了年月/.test(p["问题"] ?? "")).length, 1, "one warning per column");
    assert.ok(!problems.some((p) => /比.*年长/.test(p["问题"] ?? "")));
    const ledger = readCsvObjects(join(out, "发放台账.csv"));
    const roles = new Map(ledger.map((a) => [a["姓名"], a["家庭角色"]]));
    assert.equal(roles.get("陈一"), "夫");
    assert.equal(roles.get("林二"), "妻");
    assert.ok(!ledger.some((a) => a["姓名"] === "陈孙"));
    const summary = JSON.parse(readFileSync(join(out, "运行摘要.json"), "utf8"));
    assert.deepEqual([summary.rows_read, summary.persons, summary.rows_rejected, summary.rows_set_aside], [4, 3, 1, 1]);
  });
});
