import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { detached } from "../input/cell.js";
import { readCsvRecords } from "../input/read-csv.js";
import { parseYuan, formatYuan, type Fen } from "../domain/money.js";
import { LEDGER_FILE } from "./ledger.js";
import { ledgerWorkbookErrors, type LedgerWorkbookTotals } from "./ledger-workbook.js";
import type { RunResult } from "./run-result.js";
import { maskId } from "../domain/id-number.js";
import { emptyOnceRegistry, onceKey, type OnceRegistry } from "../policy/evaluate.js";
import type { Policy } from "../policy/types.js";
import type { Award } from "../domain/award.js";
import { programKey } from "../policy/parse-util.js";
import { ledgerTotals, SUMMARY_FILE } from "./summary.js";
import type { WrittenFile } from "./written.js";
import { PayoutError } from "../errors.js";
import { sha256Of } from "../run-dir/checksums.js";

/** Stops the run: the written files disagree with the ledger (DESIGN §8); nothing is put in place. */
export function auditError(failures: readonly string[]): PayoutError {
  return new PayoutError("audit-failed", `自检未通过,未写出任何结果:\n  ${failures.join("\n  ")}`, { failures });
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
  /** 发放台账.xlsx as read back: its rows, Σ of their 金额, its 合计 row. */
  readonly ledgerWorkbook?: LedgerWorkbookTotals | undefined;
  /** 发放台账.csv as read back by the worker thread that wrote 发放台账.xlsx from it. */
  readonly ledgerReread?: LedgerReread | undefined;
}


/**
 * "No one-time award paid again" (DESIGN §8), row by row of the ledger as re-read: a one-time award
 * whose person (or household: 户编号, or the parent it is booked on) an earlier ledger already paid, or that
 * this ledger pays twice. Returns the failure, or "" when the row is fine.
 */
function oncePaidAgain(policy: Policy, previousOnce: OnceRegistry | undefined): (code: string, householdId: string, id: string, role: string) => string {
  const targets = new Map(policy.programs.filter((p) => p.once).map((p) => [programKey(p.code), p.target]));
  const earlier = previousOnce ?? emptyOnceRegistry();
  const seen = new Set<string>();
  return (code, householdId, id, role) => {
    const target = targets.get(programKey(code));
    if (target === undefined) return "";
    // a household is the one paid before by its 户编号 or a parent's ID (DESIGN §5); its award is booked on the payee's row
    const keys = target === "household" ? [householdId, ...(role === "夫" || role === "妻" ? [id] : [])].filter((k) => k !== "").map((k) => onceKey(code, k)) : [onceKey(code, id)];
    const set = target === "household" ? earlier.households : earlier.persons;
    const who = target === "household" ? `户编号 ${householdId}` : maskId(id);
    if (keys.some((k) => set.has(k))) return `一次性项目 ${code} 往年已发放,本年又发(${who})`;
    const mine = keys[0] ?? "";
    if (seen.has(mine)) return `一次性项目 ${code} 在本台账中重复发放(${who})`;
    // a copy: kept for the run, keys joined from slices held nearly all of a million-row ledger's
    // text (the worker's heap grew by ~300 bytes an award, to 220 MB; with copies ~15 MB)
    seen.add(detached(mine));
    return "";
  };
}


/** The ledger as re-read from disk: its totals by kind and level, and what is wrong row by row. */
export interface LedgerReread {
  readonly failures: string[];
  readonly lines: number;
  readonly ledger: number;
  readonly bank: number;
  readonly institution: number;
  readonly pending: number;
  readonly levels: number[];
}

/**
 * The ledger's totals by kind and level, and what is wrong row by row, added up line by line as the
 * ledger is read back from disk — here by rereadLedger, or in the worker thread that reads it anyway
 * to write 发放台账.xlsx. A line's amounts are undefined where they could not be read.
 */
export class LedgerTally {
  private readonly failures: string[] = [];
  private readonly onceCheck: ReturnType<typeof oncePaidAgain>;
  private readonly levels: number[];
  private lines = 0;
  private ledger = 0;
  private bank = 0;
  private institution = 0;
  private pending = 0;

  constructor(policy: Policy, previousOnce: OnceRegistry | undefined) {
    this.onceCheck = oncePaidAgain(policy, previousOnce);
    this.levels = policy.levels.map(() => 0);
  }

  add(amount: number | undefined, parts: ReadonlyArray<number | undefined>, kind: string | undefined, code: string, householdId: string, id: string, role: string): void {
    const lines = ++this.lines;
    let partSum = 0;
    let unreadable = amount === undefined;
    for (let i = 0; i < parts.length; i++) {
      const x = parts[i];
      if (x === undefined) unreadable = true;
      else {
        partSum += x;
        this.levels[i] = (this.levels[i] ?? 0) + x;
      }
    }
    if (unreadable || amount === undefined) {
      this.failures.push(`台账第 ${lines + 1} 行的金额无法读回`);
      return;
    }
    if (partSum !== amount) this.failures.push(`台账第 ${lines + 1} 行:各级分担之和 ${formatYuan(partSum as Fen)} ≠ 金额 ${formatYuan(amount as Fen)}`);
    this.ledger += amount;
    const again = this.onceCheck(code, householdId, id, role);
    if (again) this.failures.push(`台账第 ${lines + 1} 行:${again}`);
    if (kind === "个人") this.bank += amount;
    else if (kind === "机构") this.institution += amount;
    else if (kind === "待补录") this.pending += amount;
  }

  /** An award as read back from the ledger on disk (ledgerAwards). */
  addAward(a: Award): void {
    this.add(a.amount, a.levels, a.payeeKind, a.code, a.householdId, a.id, a.role);
  }

  result(): LedgerReread {
    return { failures: this.failures, lines: this.lines, ledger: this.ledger, bank: this.bank, institution: this.institution, pending: this.pending, levels: this.levels };
  }
}

/**
 * Re-reads 发放台账.csv as written: started as soon as the ledger is on disk, so it runs while the
 * other outputs are being written instead of after them.
 */
export async function rereadLedger(dir: string, result: RunResult): Promise<LedgerReread> {
  const tally = new LedgerTally(result.policy, result.previousOnce);
  let head: string[] | undefined;
  let iAmount = -1, iKind = -1, iCode = -1, iHousehold = -1, iId = -1, iRole = -1;
  let levelCols: number[] = [];
  for await (const row of readCsvRecords(join(dir, LEDGER_FILE))) {
    if (!head) {
      head = row;
      iAmount = head.indexOf("金额");
      iKind = head.indexOf("领款类型");
      [iCode, iHousehold, iId, iRole] = ["项目代码", "户编号", "身份证号", "家庭角色"].map((h) => (head ?? []).indexOf(h)) as [number, number, number, number];
      levelCols = result.policy.levels.map((l) => (head ?? []).indexOf(l));
      continue;
    }
    tally.add(parseYuan(row[iAmount] ?? ""), levelCols.map((i) => parseYuan(row[i] ?? "")), row[iKind], row[iCode] ?? "", row[iHousehold] ?? "", row[iId] ?? "", row[iRole] ?? "");
  }
  return tally.result();
}

/**
 * The run's self-audit (DESIGN.md §8): re-read what was written and check every cross-total
 * against the ledger as re-read from disk. Throws audit-failed listing every disagreement.
 */
export async function auditRun(dir: string, result: RunResult, written: readonly WrittenFile[], figures: AuditFigures, reread?: Promise<LedgerReread>): Promise<void> {
  const { failures, lines, ledger, bank, institution, pending, levels } = await (reread ?? rereadLedger(dir, result));
  // the ledger was re-read while the other files were written: it must still be the bytes written
  const written0 = written.find((f) => f.path === LEDGER_FILE)?.sha256;
  if (written0 !== undefined && (await sha256Of(join(dir, LEDGER_FILE))) !== written0) failures.push(`${LEDGER_FILE} 在写出后被改动(与写出时的校验值不同)`);
  const expect = (what: string, got: Fen | undefined, want: Fen): void => {
    if (got !== undefined && got !== want) failures.push(`${what}:${formatYuan(got)} ≠ 台账 ${formatYuan(want)}`);
  };
  if (lines !== result.awards.length) failures.push(`台账读回 ${lines} 行,应为 ${result.awards.length} 行`);
  const t = ledgerTotals(result);
  expect("台账读回的合计", ledger as Fen, t.ledger);
  const summary = JSON.parse(await readFile(join(dir, SUMMARY_FILE), "utf8")) as { totals: Record<string, string>; rows_read: number; persons: number; rows_rejected: number; rows_set_aside?: number };
  expect("运行摘要 totals.ledger", parseYuan(summary.totals.ledger ?? ""), ledger as Fen);
  if (summary.rows_read !== summary.persons + summary.rows_rejected) failures.push(`读入行数 ${summary.rows_read} ≠ 核定 ${summary.persons} + 剔除 ${summary.rows_rejected}`);
  if (summary.rows_set_aside !== result.rowsSetAside || result.rowsSetAside > summary.rows_rejected) failures.push(`其他亲属行 ${summary.rows_set_aside} 应为 ${result.rowsSetAside},且不多于未核定行 ${summary.rows_rejected}`);
  expect("乡镇发放表合计", figures.townshipSheets, ledger as Fen);
  expect("银行代发文件合计", figures.bankFiles, bank as Fen);
  expect("机构拨付合计", figures.institutions, institution as Fen);
  expect("待补录合计", figures.pending, pending as Fen);
  if (figures.bankFiles !== undefined && figures.institutions !== undefined && figures.pending !== undefined) {
    expect("银行代发 + 机构拨付 + 待补录", (figures.bankFiles + figures.institutions + figures.pending) as Fen, ledger as Fen);
  }
  for (const e of figures.crossErrors ?? []) failures.push(e);
  if (figures.ledgerWorkbook) failures.push(...ledgerWorkbookErrors(figures.ledgerWorkbook, lines, ledger as Fen));
  expect("资金分担合计", figures.fundingTotal, ledger as Fen);
  figures.fundingLevels?.forEach((v, i) => expect(`资金分担 ${result.policy.levels[i] ?? i} 级`, v, (levels[i] ?? 0) as Fen));
  for (const f of written) if (f.path.includes("..")) failures.push(`输出文件路径异常:${f.path}`);
  if (failures.length > 0) throw auditError(failures);
}
