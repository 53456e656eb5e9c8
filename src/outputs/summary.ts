import { add, formatYuan, ZERO, type Fen } from "../domain/money.js";
import type { RunResult } from "./run-result.js";

export const SUMMARY_FILE = "运行摘要.json";

export interface Totals {
  readonly ledger: Fen;
  readonly bank: Fen;
  readonly institution: Fen;
  readonly pending: Fen;
  readonly levels: readonly Fen[];
  readonly byProgram: ReadonlyMap<string, { count: number; amount: Fen }>;
}

/**
 * The run's totals, once per list of awards (it is never changed once made): 运行摘要, the
 * self-audit and the closing lines each ask (at a million awards each pass took ~0.1 s).
 */
export function ledgerTotals(result: RunResult): Totals {
  let totals = totalsOf.get(result.awards);
  if (totals === undefined) {
    totals = sumAwards(result);
    totalsOf.set(result.awards, totals);
  }
  return totals;
}

const totalsOf = new WeakMap<RunResult["awards"], Totals>();

function sumAwards(result: RunResult): Totals {
  let ledger = ZERO, bank = ZERO, institution = ZERO, pending = ZERO;
  const levels = result.policy.levels.map(() => ZERO);
  const byProgram = new Map<string, { count: number; amount: Fen }>();
  for (const a of result.awards) {
    ledger = add(ledger, a.amount);
    if (a.payeeKind === "个人") bank = add(bank, a.amount);
    else if (a.payeeKind === "机构") institution = add(institution, a.amount);
    else if (a.payeeKind === "待补录") pending = add(pending, a.amount);
    for (let i = 0; i < levels.length; i++) levels[i] = add(levels[i] ?? ZERO, a.levels[i] ?? ZERO);
    const p = byProgram.get(a.code);
    if (p) {
      p.count++;
      p.amount = add(p.amount, a.amount);
    } else byProgram.set(a.code, { count: 1, amount: a.amount });
  }
  return { ledger, bank, institution, pending, levels, byProgram };
}

/** 运行摘要.json (DESIGN.md §7.8): amounts as strings of 元 with two decimals. */
export function summaryJson(result: RunResult): string {
  const t = ledgerTotals(result);
  const summary = {
    version: result.version,
    year: result.year,
    roster_sha256: result.rosterSha256,
    policy_sha256: result.policySha256,
    rows_read: result.rowsRead,
    rows_rejected: result.rowsRejected,
    rows_set_aside: result.rowsSetAside,
    persons: result.persons,
    households: result.households,
    warnings: result.problems.filter((p) => p.level === "警告").length,
    programs: result.policy.programs.map((p) => {
      const x = t.byProgram.get(p.code);
      return { code: p.code, name: p.name, count: x?.count ?? 0, amount: formatYuan(x?.amount ?? ZERO) };
    }),
    levels: Object.fromEntries(result.policy.levels.map((l, i) => [l, formatYuan(t.levels[i] ?? ZERO)])),
    totals: { ledger: formatYuan(t.ledger), bank: formatYuan(t.bank), institution: formatYuan(t.institution), pending: formatYuan(t.pending) },
    withheld: { count: result.withheld?.length ?? 0, amount: formatYuan((result.withheld ?? []).reduce((sum, w) => add(sum, w.award.amount), ZERO)) },
    budget_warnings: result.budgetWarnings.map((w) => ({ code: w.code, name: w.name, budget: formatYuan(w.budget), amount: formatYuan(w.amount) })),
  };
  return JSON.stringify(summary, null, 2) + "\n";
}
