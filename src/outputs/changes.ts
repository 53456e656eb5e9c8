import type { Award } from "../domain/award.js";
import { add, ZERO, type Fen } from "../domain/money.js";
import type { Policy } from "../policy/types.js";
import type { PreviousAward } from "./previous.js";

// 变动名单 (DESIGN §7.7): this year's ledger against the earlier ones. A household programme is
// matched by 户编号 (its payee may change), every other one by the person's ID.

export interface Exit {
  readonly previous: PreviousAward;
  readonly reason: string;
}

export interface ChangeList {
  readonly added: readonly Award[];
  readonly exited: readonly Exit[];
  readonly changed: ReadonlyArray<{ readonly previous: PreviousAward; readonly award: Award }>;
  /** Per programme: 上年 − 退出 + 新增 = 本年. */
  readonly summary: ReadonlyArray<{ readonly code: string; readonly name: string; readonly previous: number; readonly exited: number; readonly added: number; readonly current: number; readonly previousAmount: Fen; readonly currentAmount: Fen }>;
}

export function changeKey(policy: Policy, code: string, householdId: string, id: string): string {
  const household = policy.programs.find((p) => p.code === code)?.target === "household";
  return household ? `户\u0000${householdId}\u0000${code}` : `人\u0000${id}\u0000${code}`;
}

/** The change list, given each exit's reason (computed where the roster is at hand). */
export function changeList(policy: Policy, previous: readonly PreviousAward[], awards: readonly Award[], reasonOf: (p: PreviousAward) => string): ChangeList {
  const prevByKey = new Map(previous.map((p) => [changeKey(policy, p.code, p.householdId, p.id), p]));
  const currentKeys = new Map(awards.map((a) => [changeKey(policy, a.code, a.householdId, a.id), a]));
  const added = awards.filter((a) => !prevByKey.has(changeKey(policy, a.code, a.householdId, a.id)));
  const exited: Exit[] = [];
  const changed: Array<{ previous: PreviousAward; award: Award }> = [];
  for (const [key, p] of prevByKey) {
    const now = currentKeys.get(key);
    if (!now) exited.push({ previous: p, reason: reasonOf(p) });
    else if (now.amount !== p.amount) changed.push({ previous: p, award: now });
  }
  const codes = [...policy.programs.map((p) => p.code), ...new Set(previous.map((p) => p.code))].filter((c, i, all) => all.indexOf(c) === i);
  const names = new Map([...previous.map((p) => [p.code, p.programName] as const), ...policy.programs.map((p) => [p.code, p.name] as const)]);
  const count = <T>(list: readonly T[], code: (x: T) => string, c: string): number => list.filter((x) => code(x) === c).length;
  const total = <T>(list: readonly T[], code: (x: T) => string, amount: (x: T) => Fen, c: string): Fen =>
    list.filter((x) => code(x) === c).map(amount).reduce(add, ZERO);
  const prevList = [...prevByKey.values()];
  const summary = codes
    .map((code) => ({
      code, name: names.get(code) ?? code,
      previous: count(prevList, (p) => p.code, code), exited: count(exited, (e) => e.previous.code, code),
      added: count(added, (a) => a.code, code), current: count(awards, (a) => a.code, code),
      previousAmount: total(prevList, (p) => p.code, (p) => p.amount, code), currentAmount: total(awards, (a) => a.code, (a) => a.amount, code),
    }))
    .filter((s) => s.previous > 0 || s.current > 0);
  return { added, exited, changed, summary };
}
