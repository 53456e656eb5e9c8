import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BIN, payout, readCsvObjects, ROOT, tempDir } from "./cli.js";

const roster = join(ROOT, "samples", "roster.csv");

function runYear(year: number, out: string): Promise<{ year: number; code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "run", roster, "--year", String(year), "--out", out], { cwd: ROOT, env: { ...process.env, NO_COLOR: "1" } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ year, code: code ?? -1, stderr }));
  });
}

describe("the sample county in every year it documents (DESIGN §11.3)", () => {
  it("runs samples/roster.csv for every year 2006–2027 with the sample policy: exit 0 or 1, never 2", async () => {
    const dir = tempDir();
    const years = Array.from({ length: 22 }, (_, i) => 2006 + i);
    const results: Array<{ year: number; code: number; stderr: string }> = [];
    // two at a time: the machine has two cores
    for (let i = 0; i < years.length; i += 2) {
      results.push(...(await Promise.all(years.slice(i, i + 2).map((y) => runYear(y, join(dir, String(y)))))));
    }
    for (const r of results) {
      assert.ok(r.code === 0 || r.code === 1, `${r.year}: exit ${r.code} ${r.stderr.slice(0, 300)}`);
      assert.ok(existsSync(join(dir, String(r.year), "发放台账.csv")), `${r.year}: ledger written`);
    }
    const codesIn = (year: number): Set<string> => new Set(readCsvObjects(join(dir, String(year), "发放台账.csv")).map((a) => a["项目代码"] ?? ""));
    // the seed county's own programmes are there in its year; 三结合 until 2015, later programmes from their dates
    for (const code of ["jiangfu", "child_insurance", "pure_girl_pension", "sanjiehe"]) assert.ok(codesIn(2008).has(code), `2008 has ${code}`);
    assert.ok(!codesIn(2016).has("sanjiehe"), "三结合 ends in 2015");
    assert.ok(!codesIn(2008).has("hs_grant") && codesIn(2015).has("hs_grant"), "hs_grant from 2015");
  });

  it("payout check prints the span of complete years and the parameter that limits it", () => {
    const r = payout("check", roster);
    assert.match(r.stdout, /政策参数齐全的年度:2006 年起/);
    assert.match(r.stdout, /2005 年不齐全:参数 child_insurance_yearly/);
  });
});
