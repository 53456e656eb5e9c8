import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setFlagsFromString } from "node:v8";
import { generateRosterFile } from "../../scripts/gen-roster.js";
import { policyBankTemplates } from "../../src/outputs/bank/index.js";
import { parsePolicyText } from "../../src/policy/parse-policy.js";
import { computeRun } from "../../src/run.js";
import { tempDir } from "../helpers/temp-dir.js";

// Every output loops over the awards (and the data-problem report over the problems): objects of one
// kind must share one hidden class, or those loops' property reads go megamorphic. V8 11 gives each
// object made by a spread that adds a property (`{ ...award, phone }`) a hidden class of its own.
setFlagsFromString("--allow-natives-syntax");
const sameMap = new Function("a", "b", "return %HaveSameMap(a, b)") as (a: object, b: object) => boolean;

/** How many objects there are of each hidden class, one count per class. */
function classes(objects: readonly object[]): number[] {
  const kinds: object[] = [];
  const counts: number[] = [];
  for (const o of objects) {
    let k = kinds.findIndex((x) => sameMap(x, o));
    if (k < 0) {
      kinds.push(o);
      counts.push(0);
      k = kinds.length - 1;
    }
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

describe("objects the outputs loop over keep one shape", async () => {
  const dir = tempDir("shapes-");
  const rosterPath = join(dir, "roster.csv");
  // a county with bad rows (households excluded for another row's error) and accounts missing (待补录)
  await generateRosterFile({ rows: 6000, seed: 7, year: 2026, badRate: 0.03, mode: "county" }, rosterPath, false);
  const parsed = parsePolicyText(readFileSync(new URL("../../samples/policy.yaml", import.meta.url), "utf8"));
  assert.ok(parsed.ok);
  const bank = policyBankTemplates(parsed.value);
  assert.ok(bank.ok);
  const result = await computeRun({ rosterPath, year: 2026, policy: parsed.value, policySha256: "x", previous: [], noticeStart: 0, version: "test", bankTemplates: bank.value });

  it("every award of a run, 待补录 ones (with their contact phone) included, has one hidden class", () => {
    const pending = result.awards.filter((a) => a.payeeKind === "待补录");
    assert.ok(pending.length >= 20, `only ${pending.length} 待补录 awards`);
    assert.ok(pending.some((a) => a.phone !== undefined && a.phone !== ""));
    assert.deepEqual(classes(result.awards), [result.awards.length]);
  });

  it("the warnings on rows of an excluded household share one hidden class", () => {
    const excluded = result.problems.filter((p) => p.code === "household-excluded");
    assert.ok(excluded.length >= 20, `only ${excluded.length} such warnings`);
    assert.deepEqual(classes(excluded), [excluded.length]);
  });
});
