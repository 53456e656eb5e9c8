import type { Award } from "../domain/award.js";
import { add, formatYuan, parseYuan, ZERO, type Fen } from "../domain/money.js";
import { cellText, toHalfWidth, type RawCell } from "../input/cell.js";

// payout reconcile (DESIGN §7.10): the bank's return file against the run's ledger.

export interface ReturnLine {
  /** The row number the spreadsheet shows. */
  readonly row: number;
  readonly account: string;
  readonly name: string;
  readonly amount: Fen | undefined;
  readonly status: "成功" | "失败" | "不明";
  readonly reason: string;
  /** The 账号 cell was a number: its last digits may be lost. */
  readonly accountWasNumber: boolean;
}

export interface Reconciled {
  readonly succeeded: ReadonlyArray<{ readonly line: ReturnLine; readonly awards: readonly Award[] }>;
  readonly failed: ReadonlyArray<{ readonly line: ReturnLine; readonly awards: readonly Award[] }>;
  /** Lines that match no ledger award (or whose status is unclear): listed, never dropped. */
  readonly unmatched: ReadonlyArray<{ readonly line: ReturnLine; readonly why: string }>;
}

export interface ReturnColumns {
  readonly account: number;
  readonly name: number;
  readonly amount: number;
  readonly status: number;
  readonly reason: number;
}

export const RETURN_HEADERS: Record<keyof ReturnColumns, readonly string[]> = {
  // 一卡通 platforms return their import list with a status column: 社会保障卡号/一卡通账号, 发放金额, 发放状态
  account: ["账号", "银行账号", "收款账号", "社会保障卡号/一卡通账号", "一卡通账号", "社会保障卡号"],
  name: ["户名", "姓名", "收款人"],
  amount: ["金额", "交易金额", "发放金额"],
  status: ["状态", "处理结果", "结果", "发放状态", "发放结果"],
  reason: ["失败原因", "原因"],
};

/** 备注 carries the reason when there is no 失败原因 column (a 一卡通 list has both). */
export const REMARK_HEADER = "备注";

/** Finds the header row of a return file and the index of each column; undefined when absent. */
export function returnColumns(cells: readonly RawCell[]): ReturnColumns | undefined {
  const texts = cells.map((c) => toHalfWidth(cellText(c)).replace(/\s+/g, ""));
  const find = (k: keyof ReturnColumns): number => texts.findIndex((t) => RETURN_HEADERS[k].includes(t));
  const reason = find("reason");
  const col: ReturnColumns = { account: find("account"), name: find("name"), amount: find("amount"), status: find("status"), reason: reason >= 0 ? reason : texts.indexOf(REMARK_HEADER) };
  return col.account >= 0 && col.amount >= 0 && col.status >= 0 ? col : undefined;
}

export function returnLine(cells: readonly RawCell[], row: number, col: ReturnColumns): ReturnLine {
  const get = (i: number): string => (i >= 0 ? toHalfWidth(cellText(cells[i])).trim() : "");
  const status = get(col.status);
  const amountCell = cells[col.amount];
  const accountCell = cells[col.account];
  const amount = typeof amountCell === "number" ? parseYuan(amountCell.toFixed(2)) : parseYuan(get(col.amount).replace(/,/g, ""));
  return {
    row, account: get(col.account).replace(/[\s-]/g, ""), name: get(col.name).replace(/\s+/g, ""), amount,
    // failure words first: 不成功 and 交易未成功 are failures
    status: /失败|不成功|未成功|退|拒|撤/.test(status) ? "失败" : /成功/.test(status) ? "成功" : "不明",
    reason: get(col.reason),
    accountWasNumber: typeof accountCell === "number",
  };
}

/**
 * Matches each return line to the ledger's 个人 awards on the same account (and 户名, when the bank
 * gives one). A bank line is one award, one payee's awards of one programme (a line per payee and
 * programme) or all of one payee's awards (a line per payee): the line matches when exactly one such
 * set is left open with its amount; two or more is "无法唯一匹配" — never a guess at the first.
 * Each award is matched at most once.
 */
export function reconcile(lines: readonly ReturnLine[], ledger: readonly Award[]): Reconciled {
  const open = new Map<string, Award[]>();
  for (const a of ledger) if (a.payeeKind === "个人") open.set(a.account, [...(open.get(a.account) ?? []), a]);
  const succeeded: Array<{ line: ReturnLine; awards: Award[] }> = [];
  const failed: Array<{ line: ReturnLine; awards: Award[] }> = [];
  const unmatched: Array<{ line: ReturnLine; why: string }> = [];
  const inLedger = new Set(open.keys());
  for (const line of lines) {
    if (line.accountWasNumber) {
      unmatched.push({ line, why: "账号被存成了数字,后几位可能已丢失:请让银行提供账号为文本的回盘文件" });
      continue;
    }
    if (line.amount === undefined) {
      unmatched.push({ line, why: "金额无法识别" });
      continue;
    }
    const all = open.get(line.account) ?? [];
    // the 户名 must agree when the bank gives one
    const left = line.name === "" ? all : all.filter((a) => a.payeeName === line.name);
    const fits = candidates(left, line.amount);
    if (fits.length !== 1) {
      const why = fits.length > 1
        ? `无法唯一匹配:该账号有 ${fits.length} 组款项的金额都是 ${formatYuan(line.amount)}`
        : !inLedger.has(line.account)
          ? "台账中没有该账号的代发款项"
          : all.length === 0
            ? "该账号的款项已全部对过,可能是重复行"
            : left.length === 0
              ? "户名与台账不符"
              : `金额 ${formatYuan(line.amount)} 与台账不符`;
      unmatched.push({ line, why });
      continue;
    }
    const awards = fits[0] as Award[];
    if (line.status === "成功") succeeded.push({ line, awards });
    else if (line.status === "失败") failed.push({ line, awards });
    else {
      unmatched.push({ line, why: "状态无法识别(应为 成功 或 失败)" });
      continue;
    }
    open.set(line.account, all.filter((a) => !awards.includes(a)));
  }
  return { succeeded, failed, unmatched };
}

/** The distinct sets a bank line can stand for — one award, a payee's programme, a payee — that add up to the amount. */
function candidates(left: readonly Award[], amount: Fen): Award[][] {
  const total = (list: readonly Award[]): Fen => list.reduce((s, a) => add(s, a.amount), ZERO);
  const sets: Award[][] = left.map((a) => [a]);
  const byPayee = new Map<string, Award[]>();
  const byPayeeProgram = new Map<string, Award[]>();
  for (const a of left) {
    byPayee.set(a.payeeId, [...(byPayee.get(a.payeeId) ?? []), a]);
    const k = `${a.payeeId}\u0000${a.code}`;
    byPayeeProgram.set(k, [...(byPayeeProgram.get(k) ?? []), a]);
  }
  sets.push(...byPayeeProgram.values(), ...byPayee.values());
  const fits: Award[][] = [];
  const seen = new Set<string>();
  for (const set of sets) {
    if (total(set) !== amount) continue;
    const key = set.map((a) => left.indexOf(a)).sort((x, y) => x - y).join(",");
    if (seen.has(key)) continue;
    seen.add(key);
    fits.push(set);
  }
  return fits;
}

/** 对账摘要.json: succeeded + failed + unmatched = lines. */
export function reconcileSummary(lines: number, r: Reconciled, reissued: number): string {
  const total = (list: ReadonlyArray<{ line: ReturnLine }>): Fen => list.reduce((s, x) => add(s, x.line.amount ?? ZERO), ZERO);
  return JSON.stringify({
    lines,
    succeeded: r.succeeded.length,
    failed: r.failed.length,
    amount_succeeded: formatYuan(total(r.succeeded)),
    amount_failed: formatYuan(total(r.failed)),
    reissued,
    unmatched: r.unmatched.length,
  }, null, 2) + "\n";
}
