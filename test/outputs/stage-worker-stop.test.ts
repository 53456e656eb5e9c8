import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type * as WorkerStages from "../../src/outputs/worker-stages.js";

// The built module, so its worker thread is the built stage-worker.js beside it (npm test builds first).
const { WorkerPool } = (await import(new URL("../../dist/outputs/worker-stages.js", import.meta.url).href)) as typeof WorkerStages;

describe("stopping the writing worker", () => {
  it("asks it to end itself at its next turn rather than cutting it off mid-statement", async () => {
    // Terminated while it constructs a zlib stream (each small zip entry makes one), a thread made Node
    // abort the whole process as it was freed ("close before init"): seen once in CI when a disk
    // filled up. A thread that ends itself exits with 0; one terminated, with 1.
    for (const wait of [0, 300]) {
      const pool = WorkerPool.start();
      await new Promise((resolve) => setTimeout(resolve, wait));
      // a failed run and a Ctrl-C may both stop it: both wait for the one stop
      await Promise.all([pool.close(), pool.close()]);
      assert.equal(pool.exitCode, 0, `stopped ${wait} ms after it started`);
    }
  });
});
