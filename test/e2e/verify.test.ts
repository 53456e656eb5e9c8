import assert from "node:assert/strict";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { payout, ROOT, tempDir } from "./cli.js";

// payout verify (DESIGN §11.4): an auditor's check of a handed-over run folder, without roster or policy.

const POLICY = ["--policy", join(ROOT, "samples", "policy.yaml")];

describe("payout verify", () => {
  const run = join(tempDir(), "run");
  const made = payout("run", join(ROOT, "samples", "roster.csv"), "--year", "2027", "--out", run, ...POLICY);

  it("passes a run folder as written: every hash, cross-total, control line and mask holds", () => {
    assert.equal(made.code, 0, made.stderr);
    const r = payout("verify", run);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /校验值:\d+ 个文件与 校验值.sha256 一致/);
    assert.match(r.stdout, /银行代发 \d+ 个文件\(控制行已核对\)/);
    assert.match(r.stdout, /公示名单:\d+ 行,身份证号均已遮盖/);
    assert.match(r.stdout, /全部核对一致/);
    assert.ok(!/✗/.test(r.stdout));
  });

  it("fails a folder where one amount was changed, naming the file and the figure", () => {
    const copy = join(tempDir(), "changed");
    cpSync(run, copy, { recursive: true });
    const path = join(copy, "发放台账.csv");
    const text = readFileSync(path, "utf8");
    const lines = text.split("\r\n");
    const at = lines.findIndex((l, i) => i > 0 && /,1440\.00,/.test(l));
    assert.ok(at > 0);
    lines[at] = (lines[at] ?? "").replace(",1440.00,", ",1450.00,");
    writeFileSync(path, lines.join("\r\n"));
    const r = payout("verify", copy);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ 发放台账\.csv 的校验值与 校验值\.sha256 不符/);
    assert.match(r.stdout, new RegExp(`✗ 发放台账\\.csv 第 ${at + 1} 行:各级分担之和 1440\\.00 ≠ 金额 1450\\.00`));
    assert.match(r.stdout, /✗ 乡镇发放表:乡镇发放表合计 [\d.]+ 元 ≠ 台账 [\d.]+ 元/);
  });

  it("fails a notice where a full ID number was typed back in", () => {
    const copy = join(tempDir(), "unmasked");
    cpSync(run, copy, { recursive: true });
    const sums = readFileSync(join(copy, "校验值.sha256"), "utf8");
    assert.ok(sums.includes("公示名单/"));
    // a changed file is caught by its hash; the mask check is unit-level, here only the hash
    writeFileSync(join(copy, "公示名单", "extra.txt"), "349901196001011234\n");
    const r = payout("verify", copy);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /公示名单\/extra\.txt 不在 校验值\.sha256 中/);
  });

  it("exits 2 for a folder that is not a run folder", () => {
    const r = payout("verify", tempDir());
    assert.equal(r.code, 2);
    assert.match(r.stderr, /不是 payout run 写出的结果文件夹/);
    assert.equal(payout("verify", join(tempDir(), "missing")).code, 2);
  });
});
