import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, it } from "node:test";
import { median, medianIndex, pairRatios } from "../../scripts/bench-stats.js";

const ROOT = resolve(import.meta.dirname, "..", "..");

// `npm run bench -- --repeat K`: the figures are those of the run of median wall time, and every
// run is listed, so a reader can see how far this machine's speed moved between them.
describe("bench --repeat", () => {
  it("runs K times and reports the run of median wall time, with every run's figures", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "bench.ts"), "--rows", "300", "--repeat", "3", "--json"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout.trim().split("\n").pop() as string) as {
      repeat: number; seconds: number; exit_code: number; runs_seconds: number[]; runs_peak_rss_mb: Array<number | null>; phases: Record<string, number>;
    };
    assert.equal(result.repeat, 3);
    assert.equal(result.runs_seconds.length, 3);
    assert.equal(result.runs_peak_rss_mb.length, 3);
    assert.ok(result.runs_seconds.every((s) => s > 0));
    const sorted = [...result.runs_seconds].sort((a, b) => a - b);
    assert.equal(result.seconds, sorted[1]);
    // the sample county's roster has bad rows: exit code 1 is a finished run with problems listed
    assert.ok(result.exit_code === 0 || result.exit_code === 1);
    assert.ok(result.phases.total !== undefined && result.phases.total > 0);
  });

  it("refuses a repeat count that is not a positive integer", () => {
    const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts", "bench.ts"), "--rows", "300", "--repeat", "0"], { cwd: ROOT, encoding: "utf8" });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /--repeat K/);
  });
});

describe("bench-stats", () => {
  it("medianIndex: the middle one of an odd count, the lower middle one of an even count, ties in their order", () => {
    assert.equal(medianIndex([5.8, 4.9, 6.1]), 0);
    assert.equal(medianIndex([3, 1, 2]), 2);
    assert.equal(medianIndex([4, 1, 3, 2]), 3);
    assert.equal(medianIndex([2, 2, 2]), 1);
    assert.equal(medianIndex([7]), 0);
    assert.throws(() => medianIndex([]));
    assert.equal(median([4, 1, 3, 2]), 2);
  });

  it("pairRatios: each pair's ratio and the median of those, not the ratio of the medians", () => {
    // the machine slowed down between pair 1 and pair 3: both programs took longer together
    const { ratios, median } = pairRatios([2, 4, 6], [4, 6, 18]);
    assert.deepEqual(ratios, [2, 1.5, 3]);
    assert.equal(median, 2);
    assert.notEqual(median, 6 / 4); // the ratio of the medians
    assert.throws(() => pairRatios([1, 2], [1]));
  });
});
