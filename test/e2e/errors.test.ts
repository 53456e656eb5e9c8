import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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

  it("a YAML alias bomb is refused at once as a policy error, no stack", () => {
    const parent = tempDir();
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(",")}]`);
    writeFileSync(join(parent, "bomb.yaml"), lines.join("\n"));
    const r = payout("check", SAMPLE, "--policy", join(parent, "bomb.yaml"));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /政策文件 .*bomb\.yaml 有误:\n.*YAML 中的别名\(\*名字\)展开过多/);
    assert.doesNotMatch(r.stderr, STACK);
  });

  it("a policy file far larger than any policy is refused before it is parsed", () => {
    const parent = tempDir();
    writeFileSync(join(parent, "big.yaml"), `county: x\n#${"x".repeat(2 * 1024 * 1024)}\n`);
    const r = payout("run", SAMPLE, "--year", "2027", "--out", join(parent, "out"), "--policy", join(parent, "big.yaml"));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /政策文件 .*big\.yaml 有 \d+ KB,超过上限 1024 KB/);
    assert.deepEqual(readdirSync(parent), ["big.yaml"]);
  });
});

describe("payout template never overwrites a file", () => {
  it("an existing file is refused (exit 2) and kept byte for byte; --force replaces it", () => {
    const parent = tempDir();
    const filled = join(parent, "已填花名册.xlsx");
    writeFileSync(filled, "the clerk's 31 filled rows");
    let r = payout("template", "--out", filled);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^错误:文件 .*已填花名册\.xlsx 已存在\(可能是已经填写的花名册\),不会覆盖它:请换一个文件名.*加 --force/);
    assert.equal(readFileSync(filled, "utf8"), "the clerk's 31 filled rows");
    r = payout("template", "--out", filled, "--force");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(readFileSync(filled).subarray(0, 2).toString(), "PK");
    assert.deepEqual(readdirSync(parent), ["已填花名册.xlsx"]);
  });

  it("a folder given to --out is a clear error, and nothing is written", () => {
    const parent = tempDir();
    const r = payout("template", "--out", parent);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^错误:--out .* 是一个文件夹:请给出要生成的文件名,如 --out .*花名册模板\.xlsx/);
    assert.doesNotMatch(r.stderr, STACK);
    assert.deepEqual(readdirSync(parent), []);
  });
});

