import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { payout, ROOT, tempDir } from "./cli.js";

const SAMPLE = join(ROOT, "samples/roster.csv");
/** A JavaScript stack frame, as a clerk must never see one without --debug. */
const STACK = /\n\s+at .+[(:]\d+/;

describe("every known failure is one Chinese line that says what to do, and no stack trace", () => {
  it("a roster that does not exist: exit 2, says which file, writes nothing", () => {
    const parent = tempDir();
    const r = payout("run", join(parent, "没有这个文件.csv"), "--year", "2027", "--out", join(parent, "out"));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^错误:找不到花名册 .*没有这个文件\.csv:请检查文件名/);
    assert.doesNotMatch(r.stderr, STACK);
    assert.deepEqual(readdirSync(parent), []);
  });

  it("a folder given as the roster, the policy or an earlier ledger is named as a folder", () => {
    const parent = tempDir();
    const folder = join(parent, "文件夹");
    mkdirSync(folder);
    for (const args of [
      [folder],
      [SAMPLE, "--policy", folder],
      [SAMPLE, "--previous", folder],
      [SAMPLE, "--exclude", folder],
    ]) {
      const r = payout("run", ...(args as [string, ...string[]]), "--year", "2027", "--out", join(parent, "out"));
      assert.equal(r.code, 2, args.join(" "));
      assert.match(r.stderr, /是一个文件夹,不是文件:请给出文件夹里的那个文件/, args.join(" "));
      assert.doesNotMatch(r.stderr, STACK);
    }
    assert.deepEqual(readdirSync(parent), ["文件夹"]);
  });

  it("a policy file that does not exist is named, with what to do", () => {
    const parent = tempDir();
    const r = payout("check", SAMPLE, "--policy", join(parent, "政策.yaml"));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /找不到政策文件 .*政策\.yaml:请检查文件名/);
  });

  it("--debug adds the stack trace and its cause; the message stays the same", () => {
    const parent = tempDir();
    const missing = join(parent, "x.csv");
    const plain = payout("run", missing, "--year", "2027", "--out", join(parent, "out"));
    const debug = payout("run", missing, "--year", "2027", "--out", join(parent, "out"), "--debug");
    assert.equal(debug.code, 2);
    assert.ok(debug.stderr.startsWith(plain.stderr), "the same first line");
    assert.match(debug.stderr, STACK);
    assert.match(debug.stderr, /起因:Error: ENOENT/);
  });

  it("an unreadable roster file (no permission) says to close it in Excel or WPS", { skip: process.getuid?.() === 0 }, () => {
    const parent = tempDir();
    const roster = join(parent, "花名册.csv");
    writeFileSync(roster, "x", { mode: 0o000 });
    const r = payout("run", roster, "--year", "2027", "--out", join(parent, "out"));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /没有权限读取花名册 .*如果它正在 Excel 或 WPS 中打开,请先关闭/);
    assert.equal(existsSync(join(parent, "out")), false);
  });
});
