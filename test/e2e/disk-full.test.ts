import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { payoutWithEnv, ROOT, tempDir } from "./cli.js";

// A disk that fills up during the run: small tmpfs mounts (mounting needs root, as CI and this machine
// run; elsewhere the test says why it skips). The sample county's outputs need about 1 MB and ~25 files.
// A disk that runs out of room for new files (inodes) fails in making a folder, where Node's recursive
// mkdir said "ENOENT" for a full disk (see make-folder.ts).
const DISKS = [
  { label: "300 KB", options: "size=300k", workers: "0" },
  // larger: it fills up while the workbooks are written, in the writing threads
  { label: "500 KB", options: "size=500k", workers: "1" },
  { label: "6 files", options: "size=50m,nr_inodes=6", workers: "0" },
  { label: "6 files", options: "size=50m,nr_inodes=6", workers: "1" },
].map((d) => ({ ...d, point: join(tempDir(), "小磁盘"), mounted: false }));

describe("a disk that fills up during the run", () => {
  before(() => {
    for (const d of DISKS) {
      mkdirSync(d.point, { recursive: true });
      d.mounted = spawnSync("mount", ["-t", "tmpfs", "-o", d.options, "tmpfs", d.point]).status === 0;
    }
  });
  after(() => {
    for (const d of DISKS) {
      if (d.mounted) spawnSync("umount", [d.point]);
      rmSync(d.point, { recursive: true, force: true });
    }
  });

  for (const d of DISKS) {
    it(`says the disk is full, where, and what to do, exits 2, prints no stack and leaves nothing on that disk (${d.label}, PAYOUT_WORKERS=${d.workers})`, (t) => {
      if (!d.mounted) {
        t.skip("cannot mount a small tmpfs here (needs root): disk-full is not exercised");
        return;
      }
      const out = join(d.point, "2027年度");
      const r = payoutWithEnv({ PAYOUT_WORKERS: d.workers }, "run", join(ROOT, "samples/roster.csv"), "--year", "2027", "--out", out);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /磁盘空间不足.*请清理磁盘,或把 --out 换到空间足够的磁盘后重新运行/);
      // the failing call names no file (a write to an open one) or one in the temporary folder just removed: the output folder is named
      assert.ok(r.stderr.includes(`写入输出目录 ${out} 失败`), r.stderr);
      assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace without --debug");
      // nor Node's own (the writing worker stopped mid-statement once aborted the process, see stage-worker-stop.test.ts)
      assert.doesNotMatch(r.stderr, /Assertion failed|FATAL ERROR|Native stack trace/);
      assert.doesNotMatch(r.stderr, /内部错误/);
      assert.deepEqual(readdirSync(d.point), [], "no output, temporary directory or lock left behind");
    });
  }
});
