import { rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Award } from "../domain/award.js";
import { maskAccount, maskId, normaliseIdText, parseIdNumber } from "../domain/id-number.js";
import type { Policy } from "../policy/types.js";
import { PayoutError } from "../errors.js";
import { cellText } from "../input/cell.js";
import { MAX_NAME_CHARS } from "../input/limits.js";
import { openTable, readTable } from "../input/read-table.js";
import { add, formatYuan, ZERO } from "../domain/money.js";
import { auditError } from "../outputs/audit.js";
import { BANK_DIR, readBankFileTotals, writeBankFiles, type BankTemplates } from "../outputs/bank/index.js";
import { reconcile, reconcileSummary, REMARK_HEADER, RETURN_HEADERS, returnLine, type Reconciled, type ReturnColumns, type ReturnLine } from "./reconcile.js";
import type { RunResult } from "../outputs/run-result.js";
import { STYLES } from "../xlsx/styles.js";
import { cell, XlsxBook } from "../xlsx/workbook.js";

export const REFUNDS_FILE = "退票名单.xlsx";
export const REISSUE_DIR = "补发";
export const RECONCILE_SUMMARY = "对账摘要.json";

/** Reads a bank's return file (CSV in GBK or UTF-8, xlsx or xls) through the one reader. */
export async function readReturnFile(path: string): Promise<ReturnLine[]> {
  const keys = ["account", "name", "amount", "status", "reason"] as const;
  const table = await openTable(path, {
    what: "银行回盘文件",
    columns: [
      ...keys.map((key) => {
        const [header = key, ...aliases] = RETURN_HEADERS[key];
        return { key, header, aliases, required: key === "account" || key === "amount" || key === "status", kind: key === "account" ? "account" : "text", ...(key === "name" ? { maxLength: MAX_NAME_CHARS } : {}) } as const;
      }),
      { key: "remark", header: REMARK_HEADER },
    ],
  });
  const { remark, ...index } = table.index;
  const col: ReturnColumns = { ...index, reason: index.reason >= 0 ? index.reason : remark };
  const lines: ReturnLine[] = [];
  for await (const { cells, row } of table.records) {
    const line = returnLine(cells, row, col);
    if (line.account === "" && line.amount === undefined) continue;
    if (/合计|总计/.test(line.account + line.name)) continue;
    // a control row under the lines (合计,<笔数>,…,<总金额>): no account, 合计 in some cell
    if (line.account === "" && cells.some((c) => /^(合计|总计)$/.test(cellText(c).trim()))) continue;
    lines.push(line);
  }
  return lines;
}

/** --corrections: 身份证号,开户银行,银行账号 — the new account of a person whose payment failed. */
export async function readCorrections(path: string): Promise<Map<string, { bank: string; account: string }>> {
  const table = await readTable(path, {
    what: "更正名单",
    columns: [
      { key: "id", header: "身份证号", aliases: ["身份证号码", "公民身份号码", "证件号码"], required: true, kind: "id" },
      { key: "bank", header: "开户银行", required: true },
      { key: "account", header: "银行账号", required: true, kind: "account" },
    ],
  });
  const out = new Map<string, { bank: string; account: string }>();
  for (const { row, text } of table.records) {
    const id = parseIdNumber(normaliseIdText(text.id));
    const account = text.account.replace(/[\s-]/g, "");
    if (!id.ok) throw new PayoutError("input-format", `更正名单 ${path} 第 ${row} 行的身份证号无效`);
    if (!/^\d{8,30}$/.test(account) || text.bank === "") throw new PayoutError("input-format", `更正名单 ${path} 第 ${row} 行:开户银行为空或银行账号不是 8–30 位数字`);
    out.set(id.value.id, { bank: text.bank, account });
  }
  return out;
}

export interface ReconcileOutput {
  readonly result: Reconciled;
  readonly reissued: number;
}

/** Writes 退票名单.xlsx, 补发/<开户银行>.<ext> and 对账摘要.json into a directory. */
export async function writeReconcile(dir: string, lines: readonly ReturnLine[], ledger: readonly Award[], corrections: ReadonlyMap<string, { bank: string; account: string }>, policy: Policy, templates: BankTemplates): Promise<ReconcileOutput> {
  const result = reconcile(lines, ledger);
  const year = ledger[0]?.year ?? 0;
  const reissue: Award[] = [];
  // counted in return lines, like failed: a failed line whose payee has a corrected account
  let reissuedLines = 0;
  for (const { awards } of result.failed) {
    let any = false;
    for (const a of awards) {
      const fix = corrections.get(a.payeeId);
      if (fix) reissue.push({ ...a, bank: fix.bank, account: fix.account });
      any ||= fix !== undefined;
    }
    if (any) reissuedLines++;
  }
  if (reissue.length > 0) {
    const run: RunResult = {
      year, policy, awards: reissue, problems: [], rowsRead: 0, rowsRejected: 0, rowsSetAside: 0, persons: 0, households: 0, budgetWarnings: [],
      noticeStart: 0, rosterSha256: "", policySha256: "", version: "",
    };
    const files = await writeBankFiles(run, dir, templates);
    // the 补发 files are checked like the run's: each control line against its lines, Σ against the awards
    let written = ZERO;
    for (const f of files) {
      const t = await readBankFileTotals(join(dir, f.path), f.template);
      if (t.declaredCount !== t.lines || t.declaredTotal !== t.total) throw auditError([`${f.path}:控制行与明细不符`]);
      written = add(written, t.total);
    }
    const due = reissue.reduce((s, a) => add(s, a.amount), ZERO);
    if (written !== due) throw auditError([`补发文件合计 ${formatYuan(written)} ≠ 应补发 ${formatYuan(due)}`]);
    await rename(join(dir, BANK_DIR), join(dir, REISSUE_DIR));
  }
  const book = await XlsxBook.create(join(dir, REFUNDS_FILE), { year, sensitive: true });
  const refunds = await book.addSheet("退票", {
    title: `${policy.county}${year}年度银行代发退票名单`,
    note: "单位:元",
    columns: [{ header: "序号", width: 7 }, { header: "乡镇", width: 12 }, { header: "村", width: 12 }, { header: "姓名", width: 10 }, { header: "身份证号", width: 21, text: true }, { header: "项目", width: 34 }, { header: "金额", width: 14 }, { header: "失败原因", width: 24 }, { header: "补发", width: 8 }],
  });
  let n = 0;
  for (const { line, awards } of result.failed) {
    for (const a of awards) {
      await refunds.add([cell.integer(++n), cell.text(a.township), cell.text(a.village), cell.text(a.name), cell.text(maskId(a.id)), cell.text(a.programName), cell.yuan(a.amount), cell.text(line.reason, STYLES.wrap), cell.text(corrections.has(a.payeeId) ? "是" : "否")]);
    }
  }
  const unmatched = await book.addSheet("未匹配", {
    title: `${policy.county}${year}年度银行回盘未匹配行`,
    note: "单位:元",
    columns: [{ header: "回盘行号", width: 10 }, { header: "账号", width: 24, text: true }, { header: "户名", width: 10 }, { header: "金额", width: 14 }, { header: "状态", width: 8 }, { header: "说明", width: 40 }],
  });
  for (const { line, why } of result.unmatched) {
    await unmatched.add([cell.integer(line.row), cell.text(maskAccount(line.account)), cell.text(line.name), line.amount === undefined ? cell.blank() : cell.yuan(line.amount), cell.text(line.status), cell.text(why, STYLES.wrap)]);
  }
  await book.close();
  await writeFile(join(dir, RECONCILE_SUMMARY), reconcileSummary(lines.length, result, reissuedLines));
  return { result, reissued: reissuedLines };
}
