import assert from "node:assert/strict";
import { createHash, randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { sha256Of } from "../../src/run-dir/checksums.js";
import { tempDir } from "../helpers/temp-dir.js";

describe("a file's SHA-256, read through one buffer", () => {
  it("is the hash of the file's bytes at every size around the buffer's (0, 1, 1 MB − 1, 1 MB, 1 MB + 1, 3.5 MB)", async () => {
    const dir = tempDir("hash-");
    for (const size of [0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 3.5 * (1 << 20)]) {
      const path = join(dir, `f${size}`);
      writeFileSync(path, randomBytes(size));
      const want = createHash("sha256").update(readFileSync(path)).digest("hex");
      assert.equal(await sha256Of(path), want, `${size} bytes`);
    }
  });

  it("fails on a missing file instead of hashing nothing", async () => {
    await assert.rejects(sha256Of(join(tempDir("hash-"), "missing")), /ENOENT/);
  });
});
