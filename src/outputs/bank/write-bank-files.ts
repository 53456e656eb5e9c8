import { open } from "node:fs/promises";
import { join } from "node:path";
import type { Fen } from "../../domain/money.js";
import type { RunResult } from "../run-result.js";
import { safeText } from "../../xlsx/safe-text.js";
import type { WrittenFile } from "../written.js";
import { encodeText } from "./encoding.js";
import { PayoutError } from "../../errors.js";
import { makeFolder } from "../../make-folder.js";
import { writeBankWorkbook } from "./write-bank-workbook.js";
import { BANK_DIR, planBankFiles, type BankFileOptions, type BankFilePlan, type BankProblem } from "./plan.js";
import { formatAmount, type BankTemplate, type BankTemplates } from "./templates.js";


export interface BankWrittenFile extends WrittenFile {
  readonly bank: string;
  readonly template: BankTemplate;
  /** Ledger awards the file's lines carry (count is its lines; they differ when lines are summed). */
  readonly awards: number;
}

/** One field as the file holds it: CSV quotes when needed; txt never needs to (plan rejects such values). */
function fieldText(value: string, t: BankTemplate): string {
  if (t.format !== "csv") return value;
  return value.includes(t.delimiter) || /["\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function lineText(fields: readonly string[], t: BankTemplate): string {
  return fields.map((f) => fieldText(f, t)).join(t.delimiter) + t.lineEnding;
}

/** The control line: header `单位编号|日期|总笔数|总金额`, or footer `合计,<笔数>,,,<总金额>,` under the columns. */
export function controlFields(plan: BankFilePlan): string[] {
  const t = plan.template;
  const total = formatAmount(plan.total, t.amountUnit);
  if (t.control === "header") return [safeText(t.unitCode), String(plan.date), String(plan.rows.length), total];
  return t.columns.map((c, i) => (i === 0 ? "合计" : i === 1 ? String(plan.rows.length) : c.field === "金额" ? total : ""));
}

/** The whole file as text, in chunks of about 1 MB (GBK and GB18030 are stateless, so chunks encode alone). */
export function* bankFileText(plan: BankFilePlan): Generator<string> {
  const t = plan.template;
  let chunk = "";
  if (t.control === "header") chunk += lineText(controlFields(plan), t);
  if (t.titleRow) chunk += lineText(t.columns.map((c) => c.title), t);
  for (const row of plan.rows) {
    chunk += lineText(row, t);
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  if (t.control === "footer") chunk += lineText(controlFields(plan), t);
  yield chunk;
}

export function formatProblems(problems: readonly BankProblem[], limit = 20): string {
  const shown = problems.slice(0, limit).map((p) => `  ${p.message}`);
  if (problems.length > limit) shown.push(`  ……共 ${problems.length} 处`);
  return shown.join("\n");
}

/**
 * Writes `银行代发/<开户银行>.<ext>` for the 个人 awards, one file per bank, owner-readable only.
 * A value the file cannot carry (a name character outside GBK …) is never replaced by "?": call
 * planBankFiles first to report such problems; if any remain here, nothing is written and a
 * a bank-file error lists them with masked IDs.
 */
export async function writeBankFiles(
  result: RunResult,
  outDir: string,
  templates: BankTemplates,
  options: BankFileOptions = {},
): Promise<BankWrittenFile[]> {
  const { files, problems } = planBankFiles(result, templates, options);
  if (problems.length > 0) {
    throw new PayoutError("bank-file", `银行代发文件无法如实写出以下内容(未写入任何银行文件):\n${formatProblems(problems)}`, { problems });
  }
  if (files.length > 0) await makeFolder(join(outDir, BANK_DIR));
  const written: BankWrittenFile[] = [];
  for (const plan of files) {
    if (plan.template.format === "xlsx") await writeBankWorkbook(join(outDir, plan.path), plan, result.year);
    else {
      const fh = await open(join(outDir, plan.path), "w", 0o600);
      try {
        // writeFile, not write: a write may be short (a disk filling up) and write() would not go on
        for (const chunk of bankFileText(plan)) await fh.writeFile(encodeText(chunk, plan.template.encoding));
      } finally {
        await fh.close();
      }
    }
    const total: Fen = plan.total;
    written.push({ path: plan.path, total, count: plan.rows.length, sensitive: true, bank: plan.bank, template: plan.template, awards: plan.awards });
  }
  return written;
}
