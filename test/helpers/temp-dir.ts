import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// Test folders go when the test process ends: thousands had piled up in the temp directory, each
// with a synthetic county's IDs and accounts. PAYOUT_KEEP_TEST_DIRS=1 keeps them to look at.
const made: string[] = [];
process.on("exit", () => {
  if (process.env.PAYOUT_KEEP_TEST_DIRS) return;
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // a folder a test made unremovable (permissions, chattr) stays
    }
  }
});

/** A new empty folder in the temp directory, removed when the test process ends. */
export function tempDir(prefix = "payout-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
