import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parseBankTemplates, policyBankTemplates, type BankTemplates } from "../outputs/bank/index.js";
import { parsePolicyText } from "../policy/parse-policy.js";
import type { Policy } from "../policy/types.js";
import { PayoutError } from "../errors.js";
import { fileError } from "../file-errors.js";

/** A policy is a few dozen KB; anything past this is not a policy, and YAML parsing of it could take long. */
const MAX_POLICY_BYTES = 1024 * 1024;

/** The embedded default: samples/policy.yaml shipped with the package. */
export const DEFAULT_POLICY = fileURLToPath(new URL("../../samples/policy.yaml", import.meta.url));

export interface LoadedPolicy {
  readonly policy: Policy;
  readonly bankTemplates: BankTemplates;
  readonly sha256: string;
  readonly path: string;
  /**
   * The policy file's YAML as plain values, for worker threads that validate and compile it again
   * (a structured clone: the YAML text's parse, ~60 ms in a worker, is not done twice).
   */
  readonly data: unknown;
}

/** Said on stderr whenever the built-in sample policy is used: its forms say 示例县 and 0000-0000000. */
export const SAMPLE_POLICY_WARNING =
  "提示:未用 --policy 指定政策文件,正在使用内置的示例政策(示例县,监督电话 0000-0000000),生成的表格只能用于试用。正式发放请复制 samples/policy.yaml,改成本县的县名、金额、电话和落款,再用 --policy 本县政策.yaml 指定。";

export async function readPolicy(path: string | undefined): Promise<LoadedPolicy> {
  const file = path ?? DEFAULT_POLICY;

  let text: string;
  let bytes: Buffer;
  try {
    const size = (await stat(file)).size;
    if (size > MAX_POLICY_BYTES) {
      throw new PayoutError("input-too-large", `政策文件 ${file} 有 ${Math.ceil(size / 1024)} KB,超过上限 ${MAX_POLICY_BYTES / 1024} KB:政策文件通常只有几十 KB,请确认给出的是政策文件(YAML)`, { path: file });
    }
    bytes = await readFile(file);
    text = bytes.toString("utf8").replace(/^\ufeff/, "");
  } catch (err) {
    throw err instanceof PayoutError ? err : fileError(err, "政策文件", file);
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
  return { policy: result.value, bankTemplates: bank.value, sha256: createHash("sha256").update(bytes).digest("hex"), path: file, data: result.data };
}
