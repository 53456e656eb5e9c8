import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import ExcelJS from "../../src/input/exceljs.js";
import { sampleWithConsolationViaYikatong } from "../helpers/policy-variant.js";
import { payout, readCsvObjects, ROOT, tempDir } from "./cli.js";

// The sample's 一卡通 import list (DESIGN §11.5): its bytes are pinned, and the platform's return in the
// same layout with a status column goes through reconcile. The sample pays every programme through the
// bank files; the run here uses the sample policy switched as its comment shows (pay_via: 一卡通 on
// consolation_disabled).

const LIST = "银行代发/一卡通-独生子女伤残一次性抚慰金.xlsx";
const GOLDEN = join(ROOT, "test/fixtures/golden/yikatong-sample-2027.xlsx");

describe("the sample's 一卡通 list (consolation_disabled switched to pay_via: 一卡通)", () => {
  const policy = join(tempDir(), "policy.yaml");
  writeFileSync(policy, sampleWithConsolationViaYikatong());
  const out = join(tempDir(), "2027年度");
  const run = payout("run", join(ROOT, "samples", "roster.csv"), "--year", "2027", "--out", out, "--policy", policy);
  const ledger = run.code === 0 ? readCsvObjects(join(out, "发放台账.csv")) : [];
  const paid = ledger.filter((a) => a["项目代码"] === "consolation_disabled" && a["领款类型"] === "个人");

  it("is written with the pinned bytes", () => {
    assert.equal(run.code, 0, run.stderr);
    const bytes = readFileSync(join(out, LIST));
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, bytes);
    assert.ok(existsSync(GOLDEN), "golden file missing (run with UPDATE_GOLDEN=1 once, then review it)");
    assert.ok(bytes.equals(readFileSync(GOLDEN)), `${LIST} differs from ${GOLDEN}`);
  });

  it("carries exactly the programme's 个人 awards, and no bank file carries them", async () => {
    assert.ok(paid.length >= 2, "the sample has several 抚慰金 households");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, LIST));
    const ws = wb.getWorksheet("发放清单");
    assert.ok(ws);
    const ids = new Set<string>();
    for (let r = 3; r < 3 + paid.length; r++) ids.add(String(ws.getRow(r).getCell(8).value));
    assert.deepEqual([...ids].sort(), paid.map((a) => a["领款人身份证号"] ?? "").sort());
    assert.equal(ws.getRow(3 + paid.length).getCell(1).value, "合计");
    const sums = readFileSync(join(out, "校验值.sha256"), "utf8");
    assert.ok(sums.includes(LIST), "the list is hashed with the other outputs");
    for (const f of ["农村信用社.csv", "中国农业银行.csv", "中国邮政储蓄银行.csv"]) {
      const path = join(out, "银行代发", f);
      if (existsSync(path)) assert.ok(!new TextDecoder("gb18030").decode(readFileSync(path)).includes("独生子女伤残一次性抚慰金"), f);
    }
  });

  it("round-trips through reconcile: the platform's return (same layout + 发放状态) gives 成功, 失败 with its reason, and 补发 in the same layout", async () => {
    assert.ok(paid.length >= 3, "three lines: one paid, one failed, one still in payment");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(out, LIST));
    const ws = wb.getWorksheet("发放清单");
    assert.ok(ws);
    const statusCol = 13;
    ws.getRow(2).getCell(statusCol).value = "发放状态";
    const states = ["成功", "失败", "发放中"];
    for (let r = 3; r < 3 + paid.length; r++) ws.getRow(r).getCell(statusCol).value = states[r - 3] ?? "成功";
    ws.getRow(4).getCell(12).value = "账号状态异常";
    const back = join(tempDir(), "一卡通平台回盘.xlsx");
    await wb.xlsx.writeFile(back);

    const failedId = String(ws.getRow(4).getCell(8).value);
    const corrections = join(tempDir(), "更正.csv");
    writeFileSync(corrections, `身份证号,开户银行,银行账号\n${failedId},农村信用社,6228270000000000017\n`);
    const rec = join(tempDir(), "对账");
    const r = payout("reconcile", back, "--ledger", join(out, "发放台账.csv"), "--out", rec, "--corrections", corrections, "--policy", policy);
    assert.equal(r.code, 1, "exit 1: a line is unmatched (" + r.stderr + r.stdout + ")");
    const summary = JSON.parse(readFileSync(join(rec, "对账摘要.json"), "utf8")) as Record<string, unknown>;
    assert.equal(summary.lines, paid.length, "the 合计 row is not a payment line");
    assert.equal(summary.failed, 1);
    assert.equal(summary.unmatched, 1, "发放中 is neither 成功 nor 失败: listed, not dropped");
    assert.equal(summary.succeeded, paid.length - 2);
    assert.equal(summary.reissued, 1);

    const refunds = new ExcelJS.Workbook();
    await refunds.xlsx.readFile(join(rec, "退票名单.xlsx"));
    const reasons: string[] = [];
    refunds.worksheets[0]?.eachRow((row) => reasons.push(String(row.getCell(8).value)));
    assert.ok(reasons.includes("账号状态异常"), "the reason comes from 备注");

    const reissue = new ExcelJS.Workbook();
    await reissue.xlsx.readFile(join(rec, "补发", "一卡通-独生子女伤残一次性抚慰金.xlsx"));
    const sheet = reissue.getWorksheet("发放清单");
    assert.ok(sheet);
    assert.equal(sheet.getRow(3).getCell(9).value, "6228270000000000017");
    assert.equal(sheet.getRow(4).getCell(1).value, "合计");
  });
});
