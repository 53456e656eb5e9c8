import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { readCsvRecords } from "../input/read-csv.js";
import { parseYuan, formatYuan, type Fen } from "../domain/money.js";
import { LEDGER_FILE } from "./ledger.js";
import type { RunResult } from "./run-result.js";
import { ledgerTotals, SUMMARY_FILE } from "./summary.js";
import type { WrittenFile } from "./written.js";

export class AuditError extends Error {
  constructor(readonly failures: readonly string[]) {
    super(`自检未通过,未写出任何结果:\n  ${failures.join("\n  ")}`);
  }
}

/** What each kind of output file carries, as re-read from disk by its own reader. */
export interface AuditFigures {
  /** Σ of the township payout workbooks. */
  readonly townshipSheets?: Fen | undefined;
  /** Σ of the bank files' lines, and whether every control line matched its lines. */
  readonly bankFiles?: Fen | undefined;
  /** Disagreements a stage found inside its own files (control lines, 汇总 vs sheets). */
  readonly crossErrors?: readonly string[] | undefined;
  readonly institutions?: Fen | undefined;
  readonly pending?: Fen | undefined;
  /** Σ per level of 资金分担.xlsx, in policy level order. */
  readonly fundingLevels?: readonly Fen[] | undefined;
  readonly fundingTotal?: Fen | undefined;
}

/**
 * The run's self-audit (DESIGN.md §8): re-read what was written and check every cross-total
 * against the ledger as re-read from disk. Throws AuditError listing every disagreement.
 */
export async function auditRun(dir: string, result: RunResult, written: readonly WrittenFile[], figures: AuditFigures): Promise<void> {
  const failures: string[] = [];
  const expect = (what: string, got: Fen | undefined, want: Fen): void => {
    if (got !== undefined && got !== want) failures.push(`${what}:${formatYuan(got)} ≠ 台账 ${formatYuan(want)}`);
  };
  let head: string[] | undefined;
  let iAmount = -1, iKind = -1;
  let levelCols: number[] = [];
  let ledger = 0, bank = 0, institution = 0, pending = 0, lines = 0;
  const levels = result.policy.levels.map(() => 0);
  for await (const row of readCsvRecords(join(dir, LEDGER_FILE))) {
    if (!head) {
      head = row;
      iAmount = head.indexOf("金额");
      iKind = head.indexOf("领款类型");
      levelCols = result.policy.levels.map((l) => (head ?? []).indexOf(l));
      continue;
    }
    lines++;
    const amount = parseYuan(row[iAmount] ?? "");
    let partSum = 0;
    let unreadable = amount === undefined;
    for (let i = 0; i < levelCols.length; i++) {
      const x = parseYuan(row[levelCols[i] ?? -1] ?? "");
      if (x === undefined) unreadable = true;
      else {
        partSum += x;
        levels[i] = (levels[i] ?? 0) + x;
      }
    }
    if (unreadable || amount === undefined) {
      failures.push(`台账第 ${lines + 1} 行的金额无法读回`);
      continue;
    }
    if (partSum !== amount) failures.push(`台账第 ${lines + 1} 行:各级分担之和 ${formatYuan(partSum as Fen)} ≠ 金额 ${formatYuan(amount)}`);
    ledger += amount;
    const kind = row[iKind];
    if (kind === "个人") bank += amount;
    else if (kind === "机构") institution += amount;
    else if (kind === "待补录") pending += amount;
  }
  if (lines !== result.awards.length) failures.push(`台账读回 ${lines} 行,应为 ${result.awards.length} 行`);
  const t = ledgerTotals(result);
  expect("台账读回的合计", ledger as Fen, t.ledger);
  const summary = JSON.parse(await readFile(join(dir, SUMMARY_FILE), "utf8")) as { totals: Record<string, string>; rows_read: number; persons: number; rows_rejected: number };
  expect("运行摘要 totals.ledger", parseYuan(summary.totals.ledger ?? ""), ledger as Fen);
  if (summary.rows_read !== summary.persons + summary.rows_rejected) failures.push(`读入行数 ${summary.rows_read} ≠ 核定 ${summary.persons} + 剔除 ${summary.rows_rejected}`);
  expect("乡镇发放表合计", figures.townshipSheets, ledger as Fen);
  expect("银行代发文件合计", figures.bankFiles, bank as Fen);
  expect("机构拨付合计", figures.institutions, institution as Fen);
  expect("待补录合计", figures.pending, pending as Fen);
  if (figures.bankFiles !== undefined && figures.institutions !== undefined && figures.pending !== undefined) {
    expect("银行代发 + 机构拨付 + 待补录", (figures.bankFiles + figures.institutions + figures.pending) as Fen, ledger as Fen);
  }
  for (const e of figures.crossErrors ?? []) failures.push(e);
  expect("资金分担合计", figures.fundingTotal, ledger as Fen);
  figures.fundingLevels?.forEach((v, i) => expect(`资金分担 ${result.policy.levels[i] ?? i} 级`, v, (levels[i] ?? 0) as Fen));
  for (const f of written) if (f.path.includes("..")) failures.push(`输出文件路径异常:${f.path}`);
  if (failures.length > 0) throw new AuditError(failures);
}
