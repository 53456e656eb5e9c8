import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BIN, ROOT, tempDir, type CliResult } from "./cli.js";
import { snapshot } from "./disk.js";

// Permission denied, for real. As root nothing is ever denied, so then the child payout runs as the
// unprivileged user nobody (uid/gid 65534): the repository, node_modules and every input it must read
// are world-readable (0755 directories, 0644 files); what must be refused is root's, 0000 or 0555.
// A non-root user refuses itself the same way (modes bind the owner), so the tests run for everyone
// on a POSIX system; only Windows (no uid) skips them.
const isRoot = process.getuid?.() === 0;
const NOBODY = 65534;
const posix = process.getuid !== undefined;

function payoutUnprivileged(...args: string[]): CliResult {
  const ids = isRoot ? { uid: NOBODY, gid: NOBODY } : {};
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" }, ...ids });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A test folder the unprivileged child can read and traverse (mkdtemp makes 0700). */
function openDir(): string {
  const dir = tempDir();
  chmodSync(dir, 0o755);
  return dir;
}

/** The sample roster copied to `dir`, readable by anyone. */
function readableRoster(dir: string): string {
  const roster = join(dir, "花名册.csv");
  copyFileSync(join(ROOT, "samples/roster.csv"), roster);
  chmodSync(roster, 0o644);
  return roster;
}

describe("permission denied: a Chinese message that says what to do, exit 2, nothing written", { skip: posix ? false : "no uid to drop to on this system" }, () => {
  it("the repository is readable by the unprivileged user that runs payout here", () => {
    // the precondition of the tests below: without it they would pass for the wrong reason (node failing to start)
    const r = payoutUnprivileged("--version");
    assert.equal(r.code, 0, r.stderr);
    for (const path of [ROOT, join(ROOT, "dist"), join(ROOT, "node_modules")]) assert.ok((statSync(path).mode & 0o005) === 0o005 || !isRoot, `${path} is not world-readable`);
  });

  it("a roster the user may not read: names it, says to close it in Excel or WPS or check its permissions; the roster and the folder are unchanged", () => {
    const parent = openDir();
    // the output may be written (a folder of the user's), so it is the roster that is refused
    const work = join(parent, "工作");
    mkdirSync(work, { mode: 0o777 });
    chmodSync(work, 0o777);
    const roster = readableRoster(parent);
    chmodSync(roster, 0o000);
    const before = snapshot(parent);
    const r = payoutUnprivileged("run", roster, "--year", "2027", "--out", join(work, "2027年度"));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^错误:没有权限读取花名册 .*花名册\.csv:如果它正在 Excel 或 WPS 中打开,请先关闭再运行;否则请检查该文件\(夹\)的权限或换一个位置\n$/);
    assert.deepEqual(readdirSync(work), [], "no output, no temporary directory, no lock");
    chmodSync(roster, 0o644);
    assert.deepEqual(snapshot(parent), before, "the roster is byte for byte as it was");
  });

  it("an output folder the user may not write in: names the folder; nothing is written anywhere and the inputs are unchanged", () => {
    const parent = openDir();
    const roster = readableRoster(parent);
    const locked = join(parent, "只读");
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    const before = snapshot(parent);
    for (const out of [join(locked, "2027年度"), join(locked, "下级", "2027年度")]) {
      const r = payoutUnprivileged("run", roster, "--year", "2027", "--out", out);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /^错误:没有权限写入输出目录所在的文件夹 .*只读(\/下级)?:如果它正在 Excel 或 WPS 中打开,请先关闭再运行;否则请检查该文件\(夹\)的权限或换一个位置\n$/);
      assert.deepEqual(readdirSync(locked), [], out);
    }
    const t = payoutUnprivileged("template", "--out", join(locked, "花名册模板.xlsx"));
    assert.equal(t.code, 2, t.stderr);
    assert.match(t.stderr, /^错误:没有权限写入模板文件 .*花名册模板\.xlsx:/);
    assert.deepEqual(readdirSync(locked), []);
    chmodSync(locked, 0o755);
    assert.deepEqual(snapshot(parent), before, "the roster is byte for byte as it was");
  });
});
