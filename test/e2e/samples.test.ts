import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import type { Row } from "exceljs";
import ExcelJS from "../../src/input/exceljs.js";
import iconv from "iconv-lite";
import { sampleWithConsolationViaYikatong } from "../helpers/policy-variant.js";
import { fullIdsIn, payout, payoutWithEnv, readCsvObjects, ROOT, tempDir } from "./cli.js";

const sample = (name: string): string => join(ROOT, "samples", name);
const fen = (text: string | undefined): number => Math.round(Number(text ?? "NaN") * 100);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}

/**
 * The bank files of a run's 银行代发/ (each control line checked against its lines) and its 一卡通 lists
 * (the 合计 row checked): Σ of the text files, Σ of the lists, and their names.
 */
async function bankFileTotals(dir: string): Promise<{ files: string[]; bank: number; lists: string[]; listed: number }> {
  let bank = 0;
  const files = readdirSync(dir).filter((f) => !f.endsWith(".xlsx"));
  for (const f of files) {
    const text = iconv.decode(readFileSync(join(dir, f)), "gbk");
    const lines = text.split("\r\n").filter(Boolean);
    if (f.endsWith(".txt")) {
      const [head, ...body] = lines;
      const [unit, , count, sum] = (head ?? "").split("|");
      assert.equal(unit, "349900001");
      const amounts = body.map((l) => fen(l.split("|")[2]));
      assert.equal(Number(count), body.length, f);
      assert.equal(fen(sum), amounts.reduce((s, x) => s + x, 0), f);
      bank += fen(sum);
    } else {
      const body = lines.slice(1, -1).map((l) => l.split(","));
      const footer = (lines.at(-1) ?? "").split(",");
      assert.equal(footer[0], "合计");
      assert.equal(Number(footer[1]), body.length, f);
      assert.equal(fen(footer[4]), body.reduce((s, r) => s + fen(r[4]), 0), f);
      bank += fen(footer[4]);
    }
  }
  // pay_via: 一卡通 — the programme's awards are in its Excel list, under 合计,<笔数>,…,<总金额>
  let listed = 0;
  const lists = readdirSync(dir).filter((f) => f.startsWith("一卡通-") && f.endsWith(".xlsx"));
  for (const f of lists) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, f));
    const ws = wb.worksheets[0];
    assert.ok(ws);
    const amountCol = (ws.getRow(2).values as unknown[]).indexOf("发放金额");
    let count = 0, sum = 0, declared: number[] = [];
    ws.eachRow((row, n) => {
      if (n <= 2) return;
      const amount = Math.round(Number(row.getCell(amountCol).value) * 100);
      if (row.getCell(1).value === "合计") declared = [Number(row.getCell(2).value), amount];
      else { count++; sum += amount; }
    });
    assert.deepEqual(declared, [count, sum], f);
    listed += sum;
  }
  return { files, bank, lists, listed };
}

describe("the sample county (samples/)", () => {
  const out = join(tempDir(), "2027年度");
  const run = payout("run", sample("roster.csv"), "--year", "2027", "--out", out, "--notice-start", "2027-11-01");
  const ledger = run.code === 0 ? readCsvObjects(join(out, "发放台账.csv")) : [];

  it("runs clean on samples/roster.csv and prints no full ID or account", () => {
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(fullIdsIn(run.stdout + run.stderr), []);
  });

  it("every programme of samples/policy.yaml has recipients and non-recipients", () => {
    const policy = readFileSync(sample("policy.yaml"), "utf8");
    // sanjiehe ended in 2015 (until): the history test finds its recipients in 2015
    const codes = [...policy.matchAll(/^ {2}- code: (\w+)/gm)].map((m) => m[1]).filter((c) => c !== "sanjiehe");
    assert.equal(codes.length, 23);
    const households = new Set(ledger.map((a) => a["户编号"]));
    for (const code of codes) {
      const got = new Set(ledger.filter((a) => a["项目代码"] === code).map((a) => a["户编号"]));
      assert.ok(got.size > 0, `${code} has recipients`);
      assert.ok(got.size < households.size, `${code} has non-recipients`);
    }
  });

  it("samples/roster.xlsx gives the same ledger as samples/roster.csv", () => {
    const x = join(tempDir(), "x");
    assert.equal(payout("run", sample("roster.xlsx"), "--year", "2027", "--out", x).code, 0);
    assert.deepEqual(readFileSync(join(x, "发放台账.csv")), readFileSync(join(out, "发放台账.csv")));
  });

  it("samples/roster-with-errors.csv is reported row by row and exits 1", () => {
    const e = join(tempDir(), "e");
    const r = payout("run", sample("roster-with-errors.csv"), "--year", "2027", "--out", e);
    assert.equal(r.code, 1);
    const problems = readCsvObjects(join(e, "数据问题.csv"));
    assert.ok(problems.some((p) => p["级别"] === "错误"));
    const summary = JSON.parse(readFileSync(join(e, "运行摘要.json"), "utf8"));
    assert.equal(summary.rows_read, summary.persons + summary.rows_rejected);
    assert.ok(summary.rows_rejected > 0);
  });

  it("the bank files carry exactly the 个人 awards (no sample programme goes through 一卡通), each with a control line that matches its lines", async () => {
    const personal = ledger.filter((a) => a["领款类型"] === "个人").reduce((s, a) => s + fen(a["金额"]), 0);
    assert.ok(ledger.some((a) => a["项目代码"] === "consolation_disabled" && a["领款类型"] === "个人"), "the sample pays 伤残抚慰金 in 2027");
    const totals = await bankFileTotals(join(out, "银行代发"));
    assert.ok(totals.files.includes("示例县农村商业银行.txt"), "the sample's pipe-delimited template is used");
    assert.deepEqual(totals.lists, [], "the 一卡通 template is defined, no programme names it");
    assert.equal(totals.bank, personal, "Σ bank files (the xlsx left aside) = 个人 awards, as the acceptance check sums them");
  });

  it("switched as its comment shows (pay_via: 一卡通 on consolation_disabled), the bank files and the 一卡通 list carry exactly the 个人 awards", async () => {
    const policy = join(tempDir(), "policy.yaml");
    writeFileSync(policy, sampleWithConsolationViaYikatong());
    const via = join(tempDir(), "2027年度");
    const r = payout("run", sample("roster.csv"), "--year", "2027", "--out", via, "--notice-start", "2027-11-01", "--policy", policy);
    assert.equal(r.code, 0, r.stderr);
    const rows = readCsvObjects(join(via, "发放台账.csv"));
    const personal = rows.filter((a) => a["领款类型"] === "个人").reduce((s, a) => s + fen(a["金额"]), 0);
    const totals = await bankFileTotals(join(via, "银行代发"));
    assert.ok(totals.files.includes("示例县农村商业银行.txt"), "the sample's pipe-delimited template is used");
    assert.deepEqual(totals.lists, ["一卡通-独生子女伤残一次性抚慰金.xlsx"]);
    const disabled = rows.filter((a) => a["项目代码"] === "consolation_disabled" && a["领款类型"] === "个人").reduce((s, a) => s + fen(a["金额"]), 0);
    assert.ok(disabled > 0);
    assert.equal(totals.listed, disabled, "the 一卡通 list holds the programme's awards");
    assert.equal(totals.bank + totals.listed, personal);
  });

  it("the funding workbook's levels add up to the ledger, and the summary agrees", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "资金分担.xlsx"));
    const sheet = wb.getWorksheet("汇总");
    assert.ok(sheet);
    let totalRow: Row | undefined;
    sheet.eachRow((row) => {
      if (row.values && (row.values as unknown[]).includes("合计")) totalRow = row;
    });
    assert.ok(totalRow, "a 合计 row");
    const numbers = (totalRow?.values as unknown[]).filter((v): v is number => typeof v === "number");
    const ledgerTotal = ledger.reduce((s, a) => s + fen(a["金额"]), 0);
    assert.ok(numbers.some((n) => Math.round(n * 100) === ledgerTotal), "合计 金额 equals the ledger");
    const summary = JSON.parse(readFileSync(join(out, "运行摘要.json"), "utf8"));
    assert.equal(fen(summary.totals.ledger), ledgerTotal);
    const levels = ["中央", "省", "市", "县"].reduce((s, l) => s + fen(summary.levels[l]), 0);
    assert.equal(levels, ledgerTotal);
  });

  it("the notices mask IDs, never show an account, and state the notice period", async () => {
    const accounts = new Set(ledger.map((a) => a["银行账号"]).filter(Boolean));
    const ids = new Set(ledger.map((a) => a["身份证号"]));
    for (const file of readdirSync(join(out, "公示名单"))) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(out, "公示名单", file));
      let sawPeriod = false;
      wb.eachSheet((ws) => {
        ws.eachRow((row) => {
          for (const v of (row.values as unknown[]).slice(1)) {
            const text = String(v ?? "");
            assert.ok(!ids.has(text) && !accounts.has(text), `${file}/${ws.name}: ${text.slice(0, 6)}…`);
            assert.ok(!/\d{17}[\dX]/.test(text));
            if (text.includes("2027年11月1日至2027年11月7日")) sawPeriod = true;
          }
        });
      });
      assert.ok(sawPeriod, `${file} states the notice period`);
    }
  });

  it("the township payout workbooks print on A4 landscape, one page wide at a fixed scale, titles repeated, paged footer, with 合计 and 大写", async () => {
    const files = readdirSync(join(out, "乡镇发放表"));
    assert.ok(files.length >= 2);
    for (const file of files) {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(out, "乡镇发放表", file));
      assert.equal(wb.worksheets[0]?.name, "汇总");
      const township = file.replace(/\.xlsx$/, "");
      const expected = ledger.filter((a) => a["乡镇"] === township && a["领款类型"] !== "资格").reduce((s, a) => s + fen(a["金额"]), 0);
      let sheetsTotal = 0;
      for (const ws of wb.worksheets) {
        const setup = ws.pageSetup;
        assert.equal(setup.paperSize, 9, `${file}/${ws.name} A4`);
        assert.equal(setup.orientation, "landscape");
        // one page wide at a fixed scale, so the planned page breaks hold (the signature stays with the 合计)
        assert.ok(!setup.fitToPage && (setup.scale ?? 0) >= 10 && (setup.scale ?? 0) <= 100, `${file}/${ws.name} scale ${setup.scale}`);
        assert.equal(setup.fitToWidth, 1, "Fit-to, if the clerk switches to it, is one page wide");
        assert.ok(setup.printTitlesRow, `${file}/${ws.name} repeats its title rows`);
        assert.match(ws.headerFooter.oddFooter ?? "", /第 &P 页 共 &N 页/);
        if (ws.name === "汇总") continue;
        ws.eachRow((row) => {
          const values = (row.values as unknown[]).slice(1);
          const amount = values.find((v): v is number => typeof v === "number");
          if (values[0] === "合计" && amount !== undefined) sheetsTotal += Math.round(amount * 100);
          if (values[0] === "合计(大写)") assert.match(String(values[1]), /^人民币.+(元整|角|分)$/);
        });
      }
      assert.equal(sheetsTotal, expected, `${file}: Σ 合计 of the programme sheets = the township's ledger`);
    }
  });

  it("校验值.sha256 names every other file with its hash", () => {
    const lines = readFileSync(join(out, "校验值.sha256"), "utf8").trim().split("\n");
    const named = new Map(lines.map((l) => [l.slice(66), l.slice(0, 64)]));
    const files = walk(out).map((f) => relative(out, f).split("\\").join("/")).filter((f) => f !== "校验值.sha256");
    assert.deepEqual([...named.keys()].sort(), files.sort());
    for (const [f, hash] of named) assert.equal(createHash("sha256").update(readFileSync(join(out, f))).digest("hex"), hash, f);
  });

  it("a second run writes identical bytes, workbooks included", () => {
    const again = join(tempDir(), "again");
    assert.equal(payout("run", sample("roster.csv"), "--year", "2027", "--out", again, "--notice-start", "2027-11-01").code, 0);
    for (const f of walk(out)) assert.deepEqual(readFileSync(join(again, relative(out, f))), readFileSync(f), relative(out, f));
  });

  it("workbooks written in a worker thread are byte-identical to those written in one thread", () => {
    const threaded = join(tempDir(), "threaded");
    const single = join(tempDir(), "single");
    const args = ["run", sample("roster.csv"), "--year", "2027", "--notice-start", "2027-11-01", "--out"];
    assert.equal(payoutWithEnv({ PAYOUT_WORKERS: "1" }, ...args, threaded).code, 0);
    assert.equal(payoutWithEnv({ PAYOUT_WORKERS: "0" }, ...args, single).code, 0);
    for (const f of walk(single)) assert.deepEqual(readFileSync(join(threaded, relative(single, f))), readFileSync(f), relative(single, f));
  });

  it("files holding full IDs or accounts are readable by the owner only", { skip: process.platform === "win32" }, () => {
    for (const f of ["发放台账.csv", "数据问题.csv", "机构拨付.xlsx", "银行代发/待补录账户.xlsx"]) {
      assert.equal(statSync(join(out, f)).mode & 0o077, 0, f);
    }
    for (const f of readdirSync(join(out, "乡镇发放表"))) assert.equal(statSync(join(out, "乡镇发放表", f)).mode & 0o077, 0, f);
    for (const f of readdirSync(join(out, "银行代发"))) assert.equal(statSync(join(out, "银行代发", f)).mode & 0o077, 0, f);
  });

  it("payout template writes a roster that payout check accepts", () => {
    const path = join(tempDir(), "模板.xlsx");
    assert.equal(payout("template", "--out", path).code, 0);
    const r = payout("check", path, "--year", "2027");
    assert.equal(r.code, 0, r.stdout);
    assert.match(r.stdout, /错误 0 条/);
  });
});

describe("year over year (--previous): 变动名单.xlsx", () => {
  it("lists 新增, 退出 with reasons and 金额变动, and 本年 = 上年 − 退出 + 新增 for every programme", async () => {
    const y2026 = join(tempDir(), "2026");
    const y2027 = join(tempDir(), "2027");
    assert.ok([0, 1].includes(payout("run", sample("roster.csv"), "--year", "2026", "--out", y2026).code));
    const r = payout("run", sample("roster.csv"), "--year", "2027", "--out", y2027, "--previous", join(y2026, "发放台账.csv"));
    assert.equal(r.code, 0, r.stderr);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(y2027, "变动名单.xlsx"));
    assert.deepEqual(wb.worksheets.map((w) => w.name), ["汇总", "新增", "退出", "金额变动"]);
    const ledger2027 = readCsvObjects(join(y2027, "发放台账.csv"));
    let rows = 0;
    wb.getWorksheet("汇总")?.eachRow((row, n) => {
      const v = (row.values as unknown[]).slice(1);
      if (n <= 3 || typeof v[2] !== "number") return;
      const [name, unit, previous, exited, added, current] = v as [string, string, number, number, number, number];
      assert.equal(current, previous - exited + added, String(name));
      const awards = ledger2027.filter((a) => a["项目名称"] === name);
      assert.ok(awards.length > 0 || current === 0, `a programme named ${name} in the ledger`);
      // 本年 counts persons, or households for a programme paid per household
      const key = unit === "户" ? "户编号" : "身份证号";
      assert.equal(current, new Set(awards.map((a) => a[key])).size, String(name));
      rows++;
    });
    assert.ok(rows > 10);
    const reasons: string[] = [];
    wb.getWorksheet("退出")?.eachRow((row, n) => {
      if (n > 3 && typeof (row.values as unknown[])[1] === "number") reasons.push(String((row.values as unknown[]).at(-1)));
    });
    assert.ok(reasons.some((x) => /^不再符合:未满60周岁;本年转入 农村部分计划生育家庭奖励扶助金/.test(x)), "turned 60 and moved to 奖扶");
    assert.ok(reasons.some((x) => /^已死亡\(2026-/.test(x)), "died");
    assert.ok(reasons.every((x) => x.length > 0));
  });
});

describe("objections after the notice (--exclude)", () => {
  it("withholds the objected awards from the ledger and every output, lists them in 异议暂停.xlsx and counts them", async () => {
    const plain = join(tempDir(), "plain");
    assert.equal(payout("run", sample("roster.csv"), "--year", "2027", "--out", plain).code, 0);
    const ledger = readCsvObjects(join(plain, "发放台账.csv"));
    const target = ledger.find((a) => a["项目代码"] === "jiangfu");
    assert.ok(target);
    const id = target["身份证号"] ?? "";
    const objected = ledger.filter((a) => a["身份证号"] === id);
    const dir = tempDir();
    const file = join(dir, "异议.csv");
    writeFileSync(file, `身份证号,项目代码,原因\n${id},,"村民反映长期外出,待核实"\n`);
    const out = join(dir, "out");
    const r = payout("run", sample("roster.csv"), "--year", "2027", "--out", out, "--exclude", file);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readCsvObjects(join(out, "发放台账.csv")).filter((a) => a["身份证号"] === id), []);
    const summary = JSON.parse(readFileSync(join(out, "运行摘要.json"), "utf8"));
    assert.equal(summary.withheld.count, objected.length);
    assert.equal(fen(summary.totals.ledger), ledger.reduce((s, a) => s + fen(a["金额"]), 0) - objected.reduce((s, a) => s + fen(a["金额"]), 0));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, "异议暂停.xlsx"));
    const rows: unknown[][] = [];
    wb.getWorksheet("异议暂停")?.eachRow((row, n) => {
      if (n > 3 && typeof (row.values as unknown[])[1] === "number") rows.push((row.values as unknown[]).slice(1));
    });
    assert.equal(rows.length, objected.length);
    assert.ok(rows.every((row) => row.includes(id) && row.includes("村民反映长期外出,待核实")));
  });
});

describe("payout reconcile", () => {
  it("lists failed payments with reasons, reissues to corrected accounts, and accounts for every return line", async () => {
    const dir = tempDir();
    const out = join(dir, "run");
    assert.equal(payout("run", sample("roster.csv"), "--year", "2027", "--out", out).code, 0);
    const text = iconv.decode(readFileSync(join(out, "银行代发", "农村信用社.csv")), "gb18030");
    const body = text.split("\r\n").filter(Boolean).slice(1, -1).map((l) => l.split(","));
    const lines = body.map((r, i) => [r[3], r[1], i === 2 ? "1.00" : r[4], i < 2 ? "失败" : "成功", i === 0 ? "户名不符" : i === 1 ? "已销户" : ""].join(","));
    const returnFile = join(dir, "回盘.csv");
    writeFileSync(returnFile, iconv.encode(["账号,户名,金额,状态,失败原因", ...lines].join("\r\n") + "\r\n", "gbk"));
    const corrections = join(dir, "更正.csv");
    writeFileSync(corrections, `身份证号,开户银行,银行账号\n${body[0]?.[2]},中国农业银行,6228480000000009043\n`);
    const rec = join(dir, "对账");
    const r = payout("reconcile", returnFile, "--ledger", join(out, "发放台账.csv"), "--out", rec, "--corrections", corrections);
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(fullIdsIn(r.stdout + r.stderr), []);
    const summary = JSON.parse(readFileSync(join(rec, "对账摘要.json"), "utf8"));
    assert.equal(summary.lines, body.length);
    assert.equal(summary.succeeded + summary.failed + summary.unmatched, summary.lines);
    assert.equal(summary.failed, 2);
    assert.equal(summary.unmatched, 1);
    const reissue = iconv.decode(readFileSync(join(rec, "补发", "中国农业银行.csv")), "gb18030");
    assert.match(reissue, /6228480000000009043/);
    // reissued counts return lines, like failed: one corrected line, one line in the 补发 file's 合计
    assert.equal(summary.reissued, 1);
    assert.match(reissue, /\r\n合计,1,/);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(rec, "退票名单.xlsx"));
    const reasons: string[] = [];
    wb.getWorksheet("退票")?.eachRow((row, n) => {
      if (n > 3) reasons.push(String((row.values as unknown[])[8]));
    });
    assert.ok(reasons.includes("户名不符") && reasons.includes("已销户"));
  });
});
