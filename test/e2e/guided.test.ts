import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isGuided } from "../../src/cli/guided.js";
import { BIN, fullIdsIn, payout, ROOT, tempDir } from "./cli.js";

// Guided mode: a roster dropped on payout.cmd arrives as `payout <花名册>`; the answers come on stdin.

function dropped(roster: string, answers: string, env: Record<string, string> = {}): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, roster], { cwd: tempDir(), input: answers, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function rosterIn(folder: string, sample = "roster.csv"): string {
  const dir = join(tempDir(), folder);
  mkdirSync(dir);
  const roster = join(dir, "花名册 2027.csv");
  copyFileSync(join(ROOT, "samples", sample), roster);
  return roster;
}

describe("a roster dropped on the launcher (guided run)", () => {
  it("checks the roster, asks the year, writes <年度>年度发放结果 beside the roster, says where, and waits for a key", () => {
    const roster = rosterIn("拖放 测试");
    const r = dropped(roster, "2027\n\n");
    assert.equal(r.code, 0, r.stderr);
    const out = join(roster, "..", "2027年度发放结果");
    assert.match(r.stdout, /一、检查花名册/);
    assert.match(r.stdout, /花名册:读入 858 行/);
    assert.match(r.stdout, /请输入发放年度/);
    assert.ok(r.stdout.includes(`结果在:${out}`), r.stdout);
    assert.match(r.stdout, /按回车键关闭窗口/);
    assert.deepEqual(fullIdsIn(r.stdout + r.stderr), []);
    const direct = join(tempDir(), "direct");
    assert.equal(payout("run", roster, "--year", "2027", "--out", direct).code, 0);
    assert.ok(readFileSync(join(out, "发放台账.csv")).equals(readFileSync(join(direct, "发放台账.csv"))), "same ledger as payout run");
  });

  it("shows the roster's problems before asking, and exits 1 as run does when rows are rejected", () => {
    const roster = rosterIn("有错误", "roster-with-errors.csv");
    const r = dropped(roster, "2027\n\n");
    assert.equal(r.code, 1, r.stderr);
    assert.ok(r.stdout.indexOf("[错误]") < r.stdout.indexOf("请输入发放年度"), "problems first");
    assert.match(r.stdout, /有错误的户本次不核定/);
    assert.ok(existsSync(join(roster, "..", "2027年度发放结果", "数据问题.csv")));
  });

  it("has no default year: an answer that is not a year is asked again, and no answer writes nothing", () => {
    const roster = rosterIn("年度");
    const none = dropped(roster, "\n");
    assert.equal(none.code, 2);
    assert.match(none.stdout, /没有输入年度,未做任何核定/);
    assert.deepEqual(readdirSync(join(roster, "..")), ["花名册 2027.csv"]);
    const eof = dropped(roster, "");
    assert.equal(eof.code, 2);
    const retry = dropped(roster, "twenty\n27\n２０２７\n\n");
    assert.equal(retry.code, 0, retry.stderr);
    assert.equal((retry.stdout.match(/不是年度/g) ?? []).length, 2);
    assert.ok(existsSync(join(roster, "..", "2027年度发放结果", "发放台账.csv")));
  });

  it("refuses to overwrite an existing result folder, as run does, and leaves it untouched", () => {
    const roster = rosterIn("不覆盖");
    const out = join(roster, "..", "2027年度发放结果");
    mkdirSync(out);
    writeFileSync(join(out, "我的笔记.txt"), "clerk's own file");
    const r = dropped(roster, "2027\n\n");
    assert.equal(r.code, 2);
    assert.match(r.stdout, /不会覆盖/);
    assert.deepEqual(readdirSync(out), ["我的笔记.txt"]);
  });

  it("a command name is never taken for a dropped file, and run/check keep their meaning", () => {
    assert.equal(isGuided(["check", "x.csv"], ["check", "run"]), false);
    assert.equal(isGuided(["--help"], ["check"]), false);
    assert.equal(isGuided([join(ROOT, "samples", "roster.csv")], ["check"]), true);
    assert.equal(isGuided([join(ROOT, "samples", "无此文件.csv")], ["check"]), false);
    const check = payout("check", join(ROOT, "samples", "roster.csv"));
    assert.equal(check.code, 0);
    assert.doesNotMatch(check.stdout, /请输入发放年度/);
  });

  it("started by payout.cmd with nothing dropped on it, it says how to use it and waits", () => {
    const r = spawnSync(process.execPath, [BIN], { input: "\n", encoding: "utf8", env: { ...process.env, NO_COLOR: "1", PAYOUT_LAUNCHER: "cmd" } });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /把花名册文件.*拖到 payout\.cmd/);
    assert.match(r.stdout, /按回车键关闭窗口/);
  });
});
