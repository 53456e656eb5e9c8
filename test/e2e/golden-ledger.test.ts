import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { payout, ROOT, tempDir } from "./cli.js";

// The sample county's 2027 ledger, byte for byte. A change to the rules, the sample policy or the
// sample roster that moves any fen, payee or 计算说明 must update this file on purpose:
//
//   npm run build && UPDATE_GOLDEN=1 node scripts/test.mjs test/e2e/golden-ledger.test.ts
//
// then review `git diff test/fixtures/golden/sample-2027-ledger.csv` and say why in the commit.

const GOLDEN = join(ROOT, "test/fixtures/golden/sample-2027-ledger.csv");
const REGENERATE = "npm run build && UPDATE_GOLDEN=1 node scripts/test.mjs test/e2e/golden-ledger.test.ts";

/** The first differing line, to say what moved. */
function firstDifference(got: string, want: string): string {
  const a = got.split("\n");
  const b = want.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `第 ${i + 1} 行\n  本次:${a[i] ?? "(无)"}\n  金样:${b[i] ?? "(无)"}`;
  }
  return "";
}

describe("the golden ledger of the sample county for 2027", () => {
  it("samples/roster.csv with the sample policy gives exactly test/fixtures/golden/sample-2027-ledger.csv", () => {
    const out = join(tempDir(), "out");
    const r = payout("run", join(ROOT, "samples/roster.csv"), "--year", "2027", "--out", out);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    const bytes = readFileSync(join(out, "发放台账.csv"));
    if (process.env.UPDATE_GOLDEN === "1") writeFileSync(GOLDEN, bytes);
    assert.ok(existsSync(GOLDEN), `golden ledger missing: ${REGENERATE}`);
    const want = readFileSync(GOLDEN);
    assert.ok(
      bytes.equals(want),
      `the 2027 ledger of the sample county changed — if the change is intended, regenerate and review it:\n  ${REGENERATE}\n${firstDifference(bytes.toString("utf8"), want.toString("utf8"))}`,
    );
  });
});
