import { formatDate } from "../domain/dates.js";
import { householdFacts, isAliveForYear } from "../domain/facts.js";
import type { Person } from "../domain/person.js";
import { computeAmount } from "./amount.js";
import { conditionHolds } from "./evaluate.js";
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
