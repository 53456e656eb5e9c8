import assert from "node:assert/strict";
import { readdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { payout, ROOT, tempDir } from "./cli.js";
import { leftovers, snapshot } from "./disk.js";

// What a payout killed by force (power cut, task manager, SIGKILL) leaves in the few microseconds
// between two renames, made here by hand, and what the next payout makes of it. SIGINT and SIGTERM
// cannot land there: both renames run in one synchronous stretch and the handlers run after it.

/** A process id above Linux's pid_max default: no process has it. */
const DEAD_PID = 4_194_304 + 12_345;
const SAMPLE = join(ROOT, "samples/roster.csv");
const runYear = (year: string, out: string, ...more: string[]): ReturnType<typeof payout> =>
  payout("run", SAMPLE, "--year", year, "--year-confirm", "--out", out, ...more);

/** The earlier run (2026) in `2027年度`, and the complete new one (2027) made elsewhere, as the swap finds them. */
function twoRuns(): { parent: string; out: string; earlier: Map<string, string>; newer: Map<string, string>; fresh: string } {
  const parent = tempDir();
  const out = join(parent, "2027年度");
  const fresh = join(tempDir(), "new");
  assert.ok(runYear("2026", out).code <= 1);
  assert.ok(runYear("2027", fresh).code <= 1);
  const earlier = snapshot(out);
  const newer = snapshot(fresh);
  assert.notDeepEqual(earlier, newer);
  return { parent, out, earlier, newer, fresh };
}

describe("killed between the swap's two renames: the earlier run moved aside, the new one not yet in place", () => {
  const killedMidSwap = (): ReturnType<typeof twoRuns> & { aside: string } => {
    const runs = twoRuns();
    const aside = join(runs.parent, `.2027年度.old-${DEAD_PID}`);
    renameSync(runs.out, aside);
    renameSync(runs.fresh, join(runs.parent, `.2027年度.tmp-${DEAD_PID}`));
    return { ...runs, aside };
  };

  it("payout verify says where the earlier results are and what to do, and changes nothing", () => {
    const { parent } = killedMidSwap();
    const before = snapshot(parent);
    const r = payout("verify", join(parent, "2027年度"));
    assert.equal(r.code, 2);
    assert.match(r.stderr, new RegExp(`^错误:找不到文件夹 .*2027年度:上次向它运行的 payout 在替换结果时被强行结束,原来的结果暂存在旁边的隐藏文件夹 \\.2027年度\\.old-${DEAD_PID} 中。再运行一次同一条命令即可`));
    assert.deepEqual(snapshot(parent), before);
  });

  it("the same command again puts the earlier run back (with a notice), removes the unfinished one, then replaces it whole", () => {
    const { parent, out, newer } = killedMidSwap();
    const r = runYear("2027", out, "--force");
    assert.ok(r.code <= 1, r.stderr);
    assert.match(r.stderr, /提示:上次运行在替换 .*2027年度 时被中断,已把原来的结果放回原处/);
    assert.match(r.stderr, new RegExp(`提示:已删除上次被中断的运行留下的临时目录 .*\\.2027年度\\.tmp-${DEAD_PID}`));
    assert.deepEqual(snapshot(out), newer);
    assert.deepEqual(leftovers(parent), []);
    assert.deepEqual(readdirSync(parent), ["2027年度"]);
  });

  it("any run into that place restores the earlier run first: without --force it is then kept and refused, byte for byte", () => {
    const { parent, out, earlier } = killedMidSwap();
    const r = runYear("2027", out);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /已把原来的结果放回原处/);
    assert.match(r.stderr, /已存在且不为空/);
    assert.deepEqual(snapshot(out), earlier);
    assert.deepEqual(leftovers(parent), []);
  });
});

describe("killed while checking that the earlier run may be moved (a file renamed for a moment)", () => {
  it("the next run gives the file its name back (with a notice) and goes on", () => {
    const { parent, out, earlier, newer } = twoRuns();
    renameSync(join(out, "发放台账.csv"), join(out, `发放台账.csv.payout-probe-${DEAD_PID}`));
    const refused = runYear("2027", out);
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /提示:上次运行在检查 .*2027年度 时被中断,已把其中的 发放台账\.csv 改回原名/);
    assert.deepEqual(snapshot(out), earlier, "the earlier run whole again, so --force may replace it");
    const r = runYear("2027", out, "--force");
    assert.ok(r.code <= 1, r.stderr);
    assert.deepEqual(snapshot(out), newer);
    assert.deepEqual(readdirSync(parent), ["2027年度"]);
  });
});
