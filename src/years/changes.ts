import type { Award } from "../domain/award.js";
import { add, ZERO, type Fen } from "../domain/money.js";
import { programKey } from "../policy/parse-util.js";
import type { Policy } from "../policy/types.js";
import type { PreviousAward } from "./previous.js";
import type { Renumbering } from "./renumbered.js";

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
  /** Households whose 户编号 changed since last year, matched by a parent's ID: one household, not an exit and an entry. */
  readonly renumbered: readonly Renumbering[];
  /** Per programme: 上年 − 退出 + 新增 = 本年. */
  readonly summary: ReadonlyArray<{ readonly code: string; readonly name: string; readonly previous: number; readonly exited: number; readonly added: number; readonly current: number; readonly previousAmount: Fen; readonly currentAmount: Fen }>;
}

export function changeKey(policy: Policy, code: string, householdId: string, id: string): string {
  const key = programKey(code);
  const household = policy.programs.find((p) => programKey(p.code) === key)?.target === "household";
  return household ? `户\u0000${householdId}\u0000${key}` : `人\u0000${id}\u0000${key}`;
}

/**
 * Awards keyed the change list's way without building a string per award (a million-row county
 * has as many awards): by programme, then by 户编号 or ID.
 */
class AwardKeys<T> {
  private readonly byCode = new Map<string, Map<string, T>>();
  constructor(private readonly householdCodes: ReadonlySet<string>) {}
  private inner(code: string, householdId: string, id: string): [Map<string, T>, string] {
    const key = programKey(code);
    let m = this.byCode.get(key);
    if (!m) this.byCode.set(key, (m = new Map()));
    return [m, this.householdCodes.has(key) ? householdId : id];
  }
  get(code: string, householdId: string, id: string): T | undefined {
    const [m, k] = this.inner(code, householdId, id);
    return m.get(k);
  }
  set(code: string, householdId: string, id: string, value: T): void {
    const [m, k] = this.inner(code, householdId, id);
    m.set(k, value);
  }
  *values(): Generator<T> {
    for (const m of this.byCode.values()) yield* m.values();
  }
}

/** The change list, given each exit's reason (computed where the roster is at hand). */
export function changeList(policy: Policy, previous: readonly PreviousAward[], awards: readonly Award[], renumbered: readonly Renumbering[], reasonOf: (p: PreviousAward) => string): ChangeList {
  const householdCodes = new Set(policy.programs.filter((p) => p.target === "household").map((p) => programKey(p.code)));
  const prev = new AwardKeys<PreviousAward>(householdCodes);
  for (const p of previous) prev.set(p.code, p.householdId, p.id, p);
  const current = new AwardKeys<Award>(householdCodes);
  for (const a of awards) current.set(a.code, a.householdId, a.id, a);
  const added = awards.filter((a) => prev.get(a.code, a.householdId, a.id) === undefined);
  const exited: Exit[] = [];
  const changed: Array<{ previous: PreviousAward; award: Award }> = [];
  const prevList: PreviousAward[] = [];
  for (const p of prev.values()) {
    prevList.push(p);
    const now = current.get(p.code, p.householdId, p.id);
    if (!now) exited.push({ previous: p, reason: reasonOf(p) });
    else if (now.amount !== p.amount) changed.push({ previous: p, award: now });
  }
  const byCode = <T>(list: readonly T[], code: (x: T) => string, amount: (x: T) => Fen): Map<string, { n: number; amount: Fen }> => {
    const out = new Map<string, { n: number; amount: Fen }>();
    for (const x of list) {
      const c = out.get(code(x)) ?? { n: 0, amount: ZERO };
      out.set(code(x), { n: c.n + 1, amount: add(c.amount, amount(x)) });
    }
    return out;
  };
  const before = byCode(prevList, (p) => p.code, (p) => p.amount);
  const now = byCode(awards, (a) => a.code, (a) => a.amount);
  const out = byCode(exited, (e) => e.previous.code, () => ZERO);
  const inn = byCode(added, (a) => a.code, () => ZERO);
  const codes = [...policy.programs.map((p) => p.code), ...before.keys()].filter((c, i, all) => all.indexOf(c) === i);
  const names = new Map([...previous.map((p) => [p.code, p.programName] as const), ...policy.programs.map((p) => [p.code, p.name] as const)]);
  const summary = codes
    .map((code) => ({
      code, name: names.get(code) ?? code,
      previous: before.get(code)?.n ?? 0, exited: out.get(code)?.n ?? 0, added: inn.get(code)?.n ?? 0, current: now.get(code)?.n ?? 0,
      previousAmount: before.get(code)?.amount ?? ZERO, currentAmount: now.get(code)?.amount ?? ZERO,
    }))
    .filter((s) => s.previous > 0 || s.current > 0);
  return { added, exited, changed, renumbered, summary };
}
