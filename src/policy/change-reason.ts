import { formatDate } from "../domain/dates.js";
import { householdFacts, isAliveForYear } from "../domain/facts.js";
import type { Person } from "../domain/person.js";
import { computeAmount } from "./amount.js";
import { conditionHolds, type HouseholdResult } from "./evaluate.js";
import type { PreparedRun } from "./prepare.js";
import { buildContext } from "./vocabulary.js";

/**
 * Why a person (or household) paid last year by a programme is not paid this year: death, or the
 * first named condition that no longer holds. "" when every condition still holds.
 */
export function exitReason(code: string, person: Person, members: readonly Person[], run: PreparedRun): string {
  const prepared = run.programs.find((p) => p.program.code === code);
  if (!prepared) return "该项目本年不在政策有效期内";
  const hh = householdFacts(members, run.dates);
  const target = prepared.program.target === "household" ? (hh.payee ?? person) : person;
  if (prepared.program.target !== "household" && !isAliveForYear(target, run.dates)) return `已死亡(${formatDate(target.deathDate)})`;
  const ctx = buildContext(target, hh, run.dates);
  const failed = prepared.program.conditions.find((c) => !conditionHolds(c, ctx, code));
  if (failed) return `不再符合:${failed.name}`;
  // every condition holds, yet nothing is paid: no month passed the month rule
  const month = computeAmount(prepared, run, ctx).months.find((m) => !m.ok);
  return month?.failed ? `本年各月均不符合:${month.failed}` : "";
}

/**
 * Every condition holds, yet nothing was paid: the award was paid in an earlier year (once), lost
 * to a programme it cannot combine with, or came to 0 — each said as it is.
 */
function whyNotPaid(code: string, person: Person, household: boolean, members: readonly Person[], result: Pick<HouseholdResult, "withheldOnce" | "excluded">, run: PreparedRun): string {
  if (result.withheldOnce.some((w) => w.code === code && (household || w.person.id === person.id))) return "一次性项目,往年已发放";
  const lost = result.excluded.find((x) => x.code === code && (household || x.id === person.id));
  if (lost) return `与${lost.by}不可兼得,本年只发${lost.by}`;
  const prepared = run.programs.find((p) => p.program.code === code);
  const hh = householdFacts(members, run.dates);
  if (household && !hh.payee) return "本户没有可领款的人";
  if (prepared) {
    const target = household ? (hh.payee ?? person) : person;
    const amount = computeAmount(prepared, run, buildContext(target, hh, run.dates));
    if (amount.amount === 0) return `本年金额为0(${amount.explanation})`;
  }
  return "本年未发放:请用 payout explain 核查";
}

/** DESIGN §7.7's reason for a person the roster no longer lists. */
export const NOT_IN_ROSTER = "不在本年花名册";

/** What the change list needs of an earlier award. */
export interface EarlierAward {
  readonly code: string;
  readonly id: string;
  readonly householdId: string;
}

/**
 * For one household: why each of its earlier awards that this year's evaluation did not pay again
 * is not paid — keyed as the change list keys awards. A person who then gets a new award of the
 * same category has "moved" to it (turned 60: 节育奖励 → 奖扶).
 */
export function householdExitReasons(
  members: readonly Person[],
  result: Pick<HouseholdResult, "awards" | "withheldOnce" | "excluded">,
  earlier: readonly EarlierAward[],
  run: PreparedRun,
  keyOf: (code: string, householdId: string, id: string) => string,
): Map<string, string> {
  const paid = result.awards;
  const reasons = new Map<string, string>();
  const paidKeys = new Set(paid.map((a) => keyOf(a.code, a.householdId, a.id)));
  const category = new Map(run.policy.programs.map((p) => [p.code, p.category]));
  for (const e of earlier) {
    const key = keyOf(e.code, e.householdId, e.id);
    if (paidKeys.has(key) || reasons.has(key)) continue;
    const household = run.programs.find((p) => p.program.code === e.code)?.program.target === "household";
    const person = members.find((m) => m.id === e.id) ?? (household ? members[0] : undefined);
    if (!person) {
      // the caller looks for the person elsewhere in the roster (moved to another household)
      reasons.set(key, NOT_IN_ROSTER);
      continue;
    }
    let reason = exitReason(e.code, person, members, run);
    if (reason === "") reason = whyNotPaid(e.code, person, household, members, result, run);
    const before = new Set(earlier.filter((x) => x.id === person.id).map((x) => x.code));
    const moved = paid.filter((a) => a.id === person.id && !before.has(a.code) && category.get(a.code) === category.get(e.code));
    if (moved.length > 0) reason += `;本年转入 ${moved.map((a) => a.programName).join("、")}`;
    reasons.set(key, reason);
  }
  return reasons;
}
