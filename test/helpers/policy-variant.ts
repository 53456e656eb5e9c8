import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { isMap, isSeq, parse, parseDocument } from "yaml";

// Policy variants made in a test from the sample's text: the YAML is edited through the yaml package's
// Document API (comments and layout kept), never by a regex that could miss and leave the sample as it is.

export const SAMPLE_POLICY_PATH = new URL("../../samples/policy.yaml", import.meta.url).pathname;

export function samplePolicyText(): string {
  return readFileSync(SAMPLE_POLICY_PATH, "utf8");
}

export type PayVia = string | { template: string; item_code?: string };

/** How a county switches the sample's consolation_disabled to the province 一卡通 list (the commented line). */
export const CONSOLATION_VIA_YIKATONG: PayVia = { template: "一卡通", item_code: "3499JS0202" };

/**
 * The policy text with `pay_via` set on the programme `code`. Throws when the text does not parse, the
 * programme is not there or already has a pay_via; checks that nothing but that key changed.
 */
export function withPayVia(text: string, code: string, payVia: PayVia): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new Error(`policy text does not parse: ${doc.errors[0]?.message ?? ""}`);
  const programs = doc.get("programs");
  if (!isSeq(programs)) throw new Error("policy text has no programs list");
  const program = programs.items.find((p) => isMap(p) && p.get("code") === code);
  if (!isMap(program)) throw new Error(`policy text has no programme ${code}`);
  if (program.has("pay_via")) throw new Error(`programme ${code} already has pay_via`);
  program.set("pay_via", doc.createNode(payVia, { flow: true }));
  const edited = doc.toString({ lineWidth: 0, flowCollectionPadding: false });

  const before = parse(text) as { programs: Array<Record<string, unknown>> };
  const target = before.programs.find((p) => p.code === code);
  if (target) target.pay_via = payVia;
  assert.deepEqual(parse(edited), before, "the variant differs from the sample only by the pay_via");
  return edited;
}

/** The sample policy with consolation_disabled paid through the 一卡通 template (as the sample's comment shows). */
export function sampleWithConsolationViaYikatong(): string {
  return withPayVia(samplePolicyText(), "consolation_disabled", CONSOLATION_VIA_YIKATONG);
}
