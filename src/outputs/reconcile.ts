import type { Award } from "../domain/award.js";
import { add, formatYuan, parseYuan, ZERO, type Fen } from "../domain/money.js";
import { toHalfWidth } from "../roster/columns.js";
import { cellText, type RawCell } from "../roster/validate-row.js";

// payout reconcile (DESIGN §7.10): the bank's return file against the run's ledger.

export interface ReturnLine {
  /** The row number the spreadsheet shows. */
  readonly row: number;
  readonly account: string;
  readonly name: string;
  readonly amount: Fen | undefined;
  readonly status: "成功" | "失败" | "不明";
  readonly reason: string;
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

const HEADERS: Record<keyof ReturnColumns, readonly string[]> = {
  account: ["账号", "银行账号", "收款账号"],
  name: ["户名", "姓名", "收款人"],
  amount: ["金额", "交易金额"],
  status: ["状态", "处理结果", "结果"],
  reason: ["失败原因", "备注", "原因"],
};

/** Finds the header row of a return file and the index of each column; undefined when absent. */
export function returnColumns(cells: readonly RawCell[]): ReturnColumns | undefined {
  const texts = cells.map((c) => toHalfWidth(cellText(c)).replace(/\s+/g, ""));
  const find = (k: keyof ReturnColumns): number => texts.findIndex((t) => HEADERS[k].includes(t));
  const col: ReturnColumns = { account: find("account"), name: find("name"), amount: find("amount"), status: find("status"), reason: find("reason") };
  return col.account >= 0 && col.amount >= 0 && col.status >= 0 ? col : undefined;
}

export function returnLine(cells: readonly RawCell[], row: number, col: ReturnColumns): ReturnLine {
  const get = (i: number): string => (i >= 0 ? toHalfWidth(cellText(cells[i])).trim() : "");
  const status = get(col.status);
  const amountCell = cells[col.amount];
  const amount = typeof amountCell === "number" ? parseYuan(amountCell.toFixed(2)) : parseYuan(get(col.amount).replace(/,/g, ""));
  return {
    row, account: get(col.account).replace(/[\s-]/g, ""), name: get(col.name).replace(/\s+/g, ""), amount,
    status: /成功/.test(status) ? "成功" : /失败|退|拒/.test(status) ? "失败" : "不明",
    reason: get(col.reason),
  };
}

/**
 * Matches each return line to the ledger's 个人 awards on the same account: one award of the same
 * amount; else the awards of one programme that add up to it (a line per payee and programme); else
 * all of the account's remaining awards (a line per payee). Each award is matched at most once.
 */
export function reconcile(lines: readonly ReturnLine[], ledger: readonly Award[]): Reconciled {
  const open = new Map<string, Award[]>();
  for (const a of ledger) if (a.payeeKind === "个人") open.set(a.account, [...(open.get(a.account) ?? []), a]);
  const succeeded: Array<{ line: ReturnLine; awards: Award[] }> = [];
  const failed: Array<{ line: ReturnLine; awards: Award[] }> = [];
  const unmatched: Array<{ line: ReturnLine; why: string }> = [];
  for (const line of lines) {
    if (line.amount === undefined) {
      unmatched.push({ line, why: "金额无法识别" });
      continue;
    }
    const left = open.get(line.account) ?? [];
    let awards: Award[] = [];
    const one = left.findIndex((a) => a.amount === line.amount && (line.name === "" || a.payeeName === line.name));
    if (one >= 0) awards = left.splice(one, 1);
    else {
      // a line per payee and programme sums the programme's awards paid to that payee (e.g. 低保 for
      // three members); a line per payee sums all of them
      const codes = [...new Set(left.map((a) => a.code))];
      const code = codes.find((c) => left.filter((a) => a.code === c).reduce((s, a) => add(s, a.amount), ZERO) === line.amount);
      if (code !== undefined) awards = takeAll(left, (a) => a.code === code);
      else if (left.length > 0 && left.reduce((s, a) => add(s, a.amount), ZERO) === line.amount) awards = left.splice(0, left.length);
    }
    if (awards.length === 0) {
      unmatched.push({ line, why: left.length === 0 ? "台账中没有该账号的代发款项(或已对过)" : `金额 ${formatYuan(line.amount)} 与台账不符` });
      continue;
    }
    if (line.status === "成功") succeeded.push({ line, awards });
    else if (line.status === "失败") failed.push({ line, awards });
    else {
      unmatched.push({ line, why: "状态无法识别(应为 成功 或 失败)" });
      open.set(line.account, [...awards, ...(open.get(line.account) ?? [])]);
    }
  }
  return { succeeded, failed, unmatched };
}

function takeAll(list: Award[], pick: (a: Award) => boolean): Award[] {
  const taken = list.filter(pick);
  const kept = list.filter((a) => !pick(a));
  list.length = 0;
  list.push(...kept);
  return taken;
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
