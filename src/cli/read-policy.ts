import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseBankTemplates, policyBankTemplates, type BankTemplates } from "../outputs/bank/index.js";
import { parsePolicyText } from "../policy/parse-policy.js";
import type { Policy } from "../policy/types.js";
import { PayoutError } from "../errors.js";
import { fileError } from "../file-errors.js";

/** The embedded default: samples/policy.yaml shipped with the package. */
export const DEFAULT_POLICY = fileURLToPath(new URL("../../samples/policy.yaml", import.meta.url));

export interface LoadedPolicy {
  readonly policy: Policy;
  readonly bankTemplates: BankTemplates;
  readonly sha256: string;
  readonly path: string;
  /** The policy as written, for worker threads that compile it again. */
  readonly text: string;
}

export async function readPolicy(path: string | undefined): Promise<LoadedPolicy> {
  const file = path ?? DEFAULT_POLICY;
  let text: string;
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
    text = bytes.toString("utf8").replace(/^\ufeff/, "");
  } catch (err) {
    throw fileError(err, "政策文件", file);
  }
  const result = parsePolicyText(text);
  const issues = result.ok ? [] : result.issues.map((i) => ({ line: i.line, path: i.path, message: i.message }));
  const bank = result.ok ? policyBankTemplates(result.value) : parseBankTemplates(undefined);
  if (result.ok && !bank.ok) {
    for (const i of bank.issues) issues.push({ line: result.lineOf(i.keys), path: i.path, message: i.message });
  }
  if (!result.ok || !bank.ok) {
    const lines = issues.map((i) => `  ${i.line !== undefined ? `第 ${i.line} 行 ` : ""}${i.path || "(顶层)"}:${i.message}`);
    throw new PayoutError("policy-invalid", `政策文件 ${file} 有误:\n${lines.join("\n")}`);
  }
  return { policy: result.value, bankTemplates: bank.value, sha256: createHash("sha256").update(bytes).digest("hex"), path: file, text };
}
