import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { BIN, payoutWithEnv, ROOT, tempDir } from "./cli.js";

// bin/payout.js runs the packed build (scripts/pack-code.ts): each thread's code in one file. The
// other e2e tests run it too; these check what packing could change without failing a run.

describe("the packed build", () => {
  test("bin/payout.js runs dist/packed/main.js, beside the two worker files the run starts", () => {
    assert.match(readFileSync(BIN, "utf8"), /^import "\.\.\/dist\/packed\/main\.js";$/m);
    for (const f of ["main.js", "csv-read-worker.js", "stage-worker.js"]) assert.ok(existsSync(join(ROOT, "dist", "packed", f)), f);
  });
  test("keeps the output stages' names, the keys of the run's phase timings (PAYOUT_TIMINGS)", () => {
    const dir = tempDir();
    const timings = join(dir, "timings.json");
    const r = payoutWithEnv({ PAYOUT_TIMINGS: timings }, "run", "samples/roster.csv", "--year", "2027", "--out", join(dir, "out"));
    assert.equal(r.code, 0, r.stderr);
    const keys = Object.keys(JSON.parse(readFileSync(timings, "utf8")) as Record<string, number>).filter((k) => k.startsWith("write_"));
    assert.deepEqual(keys, ["write_ledger", "write_bank_files", "write_pending", "write_institutions", "write_funding", "write_notices", "write_changes", "write_large_workbooks"]);
  });
});
