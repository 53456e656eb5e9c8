import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { policyBankTemplates, type BankTemplates } from "../../src/outputs/bank/index.js";
import type { RunResult } from "../../src/outputs/run-result.js";
import { parsePolicyText } from "../../src/policy/parse-policy.js";
import { computeRun } from "../../src/run.js";

const ROOT = new URL("../..", import.meta.url).pathname;

/** The sample policy as written. */
export const samplePolicyText = readFileSync(join(ROOT, "samples/policy.yaml"), "utf8");

/** The sample county's 2027 run, computed (nothing written), with the policy's bank templates. */
export async function sampleRun(): Promise<{ result: RunResult; bankTemplates: BankTemplates }> {
  const parsed = parsePolicyText(samplePolicyText);
  assert.ok(parsed.ok);
  const bank = policyBankTemplates(parsed.value);
  assert.ok(bank.ok);
  const result = await computeRun({
    rosterPath: join(ROOT, "samples/roster.csv"), year: 2027, policy: parsed.value, policySha256: "x", previous: [],
    noticeStart: 0, version: "test", bankTemplates: bank.value,
  });
  return { result, bankTemplates: bank.value };
}
