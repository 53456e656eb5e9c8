import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parsePolicyText } from "../policy/parse-policy.js";
import type { Policy } from "../policy/types.js";
import { EXIT_FAILED, ExitError } from "./exit.js";

/** The embedded default: samples/policy.yaml shipped with the package. */
export const DEFAULT_POLICY = fileURLToPath(new URL("../../samples/policy.yaml", import.meta.url));

export async function readPolicy(path: string | undefined): Promise<{ policy: Policy; sha256: string; path: string }> {
  const file = path ?? DEFAULT_POLICY;
  let text: string;
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
    text = bytes.toString("utf8").replace(/^\ufeff/, "");
  } catch (err) {
    throw new ExitError(EXIT_FAILED, `无法读取政策文件 ${file}:${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const result = parsePolicyText(text);
  if (!result.ok) {
    const lines = result.issues.map((i) => `  ${i.line !== undefined ? `第 ${i.line} 行 ` : ""}${i.path || "(顶层)"}:${i.message}`);
    throw new ExitError(EXIT_FAILED, `政策文件 ${file} 有误:\n${lines.join("\n")}`);
  }
  return { policy: result.value, sha256: createHash("sha256").update(bytes).digest("hex"), path: file };
}
