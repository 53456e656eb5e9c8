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
  // every condition holds, yet nothing is paid: when no month passed the month rule, that is the reason
  return monthRuleReason(computeAmount(prepared, run, ctx).months);
}

/**
 * No month of the year met the month rule: the named month conditions that failed, by their names in
 * the policy ("不再符合:子女当月未满14周岁"), each with its months when they differ
 * ("不再符合:当月已领光荣证(1–2 月)、子女当月未满14周岁(3–12 月)"). "" when some month passed (the
 * award is then lost for another reason, said by whyNotPaid).
 */
export function monthRuleReason(months: ReadonlyArray<{ readonly month: number; readonly ok: boolean; readonly failed: string | undefined }>): string {
  if (months.length === 0 || months.some((m) => m.ok || !m.failed)) return "";
  const spans = new Map<string, number[]>();
  for (const m of months) {
    const name = m.failed as string;
    spans.set(name, [...(spans.get(name) ?? []), m.month]);
  }
  if (spans.size === 1) return `不再符合:${[...spans.keys()].join("")}`;
  return `不再符合:${[...spans].map(([name, ms]) => `${name}(${monthSpans(ms)})`).join("、")}`;
}

/** [1, 2, 5, 6, 7] → "1–2、5–7 月". */
function monthSpans(months: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < months.length) {
    let j = i;
    while (j + 1 < months.length && months[j + 1] === (months[j] as number) + 1) j++;
    parts.push(j === i ? `${months[i]}` : `${months[i]}–${months[j]}`);
    i = j + 1;
  }
  return `${parts.join("、")} 月`;
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
 * Why an earlier award is not paid, and how near to it the household that said so is: the award's
 * own household or person (HOME), a household its person has moved to, for a household programme
 * (ELSEWHERE), or no household that lists the person (NOT_FOUND). The nearest one is kept, so the
 * reason does not depend on which household the roster lists first (see `keepNearest`).
 */
export interface ExitReason {
  readonly text: string;
  readonly rank: number;
}
export const HOME = 2;
export const ELSEWHERE = 1;
export const NOT_FOUND = 0;

/**
 * Adds one household's reasons to the run's: a nearer reason replaces a farther one; of two as near
 * (the same person listed in two households, itself an error of the roster) the first stays.
 */
export function keepNearest(into: Map<string, ExitReason>, from: ReadonlyMap<string, ExitReason>): void {
  for (const [key, reason] of from) {
    const had = into.get(key);
    if (had === undefined || reason.rank > had.rank) into.set(key, reason);
  }
}

/** Where a person now is, for an award booked in another household: "已迁出本户,本年在户编号 H02(金星村)". */
export const movedTo = (person: Pick<Person, "householdId" | "village">): string => `已迁出本户,本年在户编号 ${person.householdId}(${person.village})`;

/**
 * For one household: why each of its earlier awards that this year's evaluation did not pay again
 * is not paid — keyed as the change list keys awards. A person who then gets a new award of the
 * same category has "moved" to it (turned 60: 节育奖励 → 奖扶). A person whose award was booked in
 * another household has moved here: the reason says so first, then why nothing is paid here.
 */
export function householdExitReasons(
  members: readonly Person[],
  result: Pick<HouseholdResult, "awards" | "withheldOnce" | "excluded">,
  earlier: readonly EarlierAward[],
  run: PreparedRun,
  keyOf: (code: string, householdId: string, id: string) => string,
): Map<string, ExitReason> {
  const paid = result.awards;
  const reasons = new Map<string, ExitReason>();
  const here = members[0]?.householdId;
  const paidKeys = new Set(paid.map((a) => keyOf(a.code, a.householdId, a.id)));
  const category = new Map(run.policy.programs.map((p) => [p.code, p.category]));
  for (const e of earlier) {
    const key = keyOf(e.code, e.householdId, e.id);
    if (paidKeys.has(key) || reasons.has(key)) continue;
    const household = run.programs.find((p) => p.program.code === e.code)?.program.target === "household";
    const member = members.find((m) => m.id === e.id);
    const person = member ?? (household ? members[0] : undefined);
    if (!person) {
      // the caller looks for the person elsewhere in the roster (moved to another household)
      reasons.set(key, { text: NOT_IN_ROSTER, rank: NOT_FOUND });
      continue;
    }
    let reason = exitReason(e.code, person, members, run);
    if (reason === "") reason = whyNotPaid(e.code, person, household, members, result, run);
    const before = new Set(earlier.filter((x) => x.id === person.id).map((x) => x.code));
    const moved = paid.filter((a) => a.id === person.id && !before.has(a.code) && category.get(a.code) === category.get(e.code));
    if (moved.length > 0) reason += `;本年转入 ${moved.map((a) => a.programName).join("、")}`;
    const elsewhere = e.householdId !== here;
    if (member && elsewhere) reason = `${movedTo(member)};${reason}`;
    reasons.set(key, { text: reason, rank: household && elsewhere ? ELSEWHERE : HOME });
  }
  return reasons;
}
