import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { payoutWithEnv, ROOT, tempDir } from "./cli.js";

// A disk that fills up during the run: a 300 KB tmpfs (mounting needs root, as CI and this machine
// run; elsewhere the test says why it skips). The sample county's outputs need about 1 MB.
const mountPoint = join(tempDir(), "小磁盘");
let mounted = false;
const largerMount = join(tempDir(), "稍大的磁盘");
let mountedLarger = false;

describe("a disk that fills up during the run", () => {
  before(() => {
    mkdirSync(mountPoint, { recursive: true });
    mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=300k", "tmpfs", mountPoint]).status === 0;
    // a second, larger disk: it fills up while the workbooks are written, in the writing threads
    mkdirSync(largerMount, { recursive: true });
    mountedLarger = spawnSync("mount", ["-t", "tmpfs", "-o", "size=500k", "tmpfs", largerMount]).status === 0;
  });
  after(() => {
    if (mounted) spawnSync("umount", [mountPoint]);
    if (mountedLarger) spawnSync("umount", [largerMount]);
    rmSync(mountPoint, { recursive: true, force: true });
    rmSync(largerMount, { recursive: true, force: true });
  });

  for (const [disk, workers] of [["300 KB", "0"], ["500 KB", "1"]] as const) {
    it(`says the disk is full, where, and what to do, exits 2, prints no stack and leaves nothing on that disk (${disk}, PAYOUT_WORKERS=${workers})`, (t) => {
      const [point, ok] = disk === "300 KB" ? [mountPoint, mounted] : [largerMount, mountedLarger];
      if (!ok) {
        t.skip("cannot mount a small tmpfs here (needs root): disk-full is not exercised");
        return;
      }
      const out = join(point, "2027年度");
      const r = payoutWithEnv({ PAYOUT_WORKERS: workers }, "run", join(ROOT, "samples/roster.csv"), "--year", "2027", "--out", out);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /磁盘空间不足.*请清理磁盘,或把 --out 换到空间足够的磁盘后重新运行/);
      // the write that failed was to an open file, which the error does not name: the folder is named
      assert.ok(r.stderr.includes(`写入输出目录 ${out} 失败`), r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace without --debug");
      // nor Node's own (the writing worker stopped mid-statement once aborted the process, see stage-worker-stop.test.ts)
      assert.doesNotMatch(r.stderr, /Assertion failed|FATAL ERROR|Native stack trace/);
      assert.doesNotMatch(r.stderr, /内部错误/);
      assert.deepEqual(readdirSync(point), [], "no output, temporary directory or lock left behind");
    });
  }
});
