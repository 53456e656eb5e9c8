import { monthStart, type DateNum } from "../domain/dates.js";
import { runDates, type RunDates } from "../domain/facts.js";
import { toYuanNumber, type Fen } from "../domain/money.js";
import { missingParam, missingShares, paramValue, sharesOn } from "./params.js";
import type { AmountPart, NamedCondition, Policy, Program } from "./types.js";
import { FACTS, type FactContext } from "./vocabulary.js";
import { SharedValues } from "./shared-values.js";
import { computeAmount, type AmountResult } from "./amount.js";

/** What one run needs of the policy, computed once: programmes in force, months, parameter values. */
export interface PreparedProgram {
  readonly program: Program;
  /** Months (1–12) of the run year in which the programme is in force. */
  readonly months: readonly number[];
  /**
   * How many of the first conditions read only what is the same for every person of a household
   * (year and household facts, parameters): their result for one target is their result for all.
   */
  readonly householdConditions: number;
  /**
   * Each condition's place among the run's distinct conditions (by source): programmes repeat
   * conditions (alive, age >= 60 …), and a condition's result for a person is the same in each.
   */
  readonly conditionSlots: readonly number[];
  /**
   * The programme's amount, computed once, when its expressions and month rule read no fact (the
   * parameters are the run's): most awards are such a programme's, all with the same amount, split
   * and explanation. Undefined otherwise: computeAmount then, for each award.
   */
  readonly amountOf?: ((ctx: FactContext) => AmountResult) | undefined;
}

export interface PreparedRun {
  readonly policy: Policy;
  readonly dates: RunDates;
  readonly programs: readonly PreparedProgram[];
  /** Parameter values (元) in force on the reference date, as expressions see them (p.NAME). */
  readonly pAtReference: Readonly<Record<string, number>>;
  /** The same on the first day of each month; index 1–12. */
  readonly pAtMonth: ReadonlyArray<Readonly<Record<string, number>>>;
  /** Equal explanations and level splits of the run's awards, kept once. */
  readonly shared: SharedValues;
  /** How many distinct conditions the programmes state (see PreparedProgram.conditionSlots). */
  readonly conditionCount: number;
}

function valuesOn(policy: Policy, on: DateNum): Record<string, number> {
  const out: Record<string, number> = {};
  for (const param of policy.params.values()) {
    const v = paramValue(param, on);
    if (v !== undefined) out[param.name] = toYuanNumber(v);
  }
  return out;
}

/**
 * Months of the year a programme is in force: those whose first day falls within [from, until]
 * (a month is paid at the values in force on its first day, so it must be in force then too).
 */
export function monthsInForce(program: Program, year: number): number[] {
  const months: number[] = [];
  for (let m = 1; m <= 12; m++) {
    const first = monthStart(year, m);
    const fromOk = program.from === undefined || program.from <= first;
    const untilOk = program.until === undefined || program.until >= first;
    if (fromOk && untilOk) months.push(m);
  }
  return months;
}

const HOUSEHOLD_FACTS = new Set(FACTS.filter((f) => f.scope === "年度" || f.scope === "本户").map((f) => f.name));

/** The leading conditions that read no person's own facts or row cells (see PreparedProgram.householdConditions). */
export function householdConditionCount(conditions: readonly NamedCondition[]): number {
  let n = 0;
  while (n < conditions.length && conditions[n]?.compiled.reads?.facts.every((f) => HOUSEHOLD_FACTS.has(f)) === true) n++;
  return n;
}

function partParams(part: AmountPart): readonly string[] {
  return part.param !== undefined ? [part.param] : (part.expression?.paramsUsed ?? []);
}

/** Prepares a run; throws policy-missing-param when an in-force programme needs a value (or a share set) that no date covers. */
export function prepareRun(policy: Policy, year: number): PreparedRun {
  const dates = runDates(year, policy.referenceMonthDay, policy.paymentMonthDay);
  const programs: PreparedProgram[] = [];
  const slots = new Map<string, number>();
  const slotOf = (c: NamedCondition): number => {
    let slot = slots.get(c.compiled.source);
    if (slot === undefined) slots.set(c.compiled.source, (slot = slots.size));
    return slot;
  };
  for (const program of policy.programs) {
    const months = monthsInForce(program, year);
    if (months.length === 0) continue;
    if (program.amount.kind === "money") {
      for (const part of program.amount.parts) {
        const needed = part.basis === "per_year" ? [dates.reference] : months.map((m) => monthStart(year, m));
        for (const name of partParams(part)) {
          const param = policy.params.get(name);
          for (const on of needed) {
            if (!param || paramValue(param, on) === undefined) throw missingParam(name, on, program.code);
          }
        }
        for (const on of needed) if (!sharesOn(part.shares, on)) throw missingShares(on, program.code);
      }
    }
    programs.push({ program, months, householdConditions: householdConditionCount(program.conditions), conditionSlots: program.conditions.map(slotOf) });
  }
  const pAtMonth: Array<Record<string, number>> = [{}];
  for (let m = 1; m <= 12; m++) pAtMonth.push(valuesOn(policy, monthStart(year, m)));
  const run: PreparedRun = { policy, dates, programs, pAtReference: valuesOn(policy, dates.reference), pAtMonth, shared: new SharedValues(), conditionCount: slots.size };
  programs.forEach((prepared, i) => {
    // Only an amount that reads no fact (a fixed yearly sum, a qualification: most awards) is
    // remembered, once. Remembering those that read facts (a birth date, a death date) by their
    // values kept up to 4,096 results per programme, dropped and refilled all through the
    // evaluation: scattered over the old generation among the persons about to be freed, they raised
    // the compaction's peak before writing by ~50–100 MB at a million rows (833–911 MB against
    // 924–944 MB, alternating).
    if (!readsNoFact(prepared.program)) return;
    // kept with its split already shared, so each award's copy of the split is a lookup of nothing;
    // a throw is not kept: the next award computes again and throws again
    let kept: AmountResult | undefined;
    const amountOf = (ctx: FactContext): AmountResult => {
      if (kept) return kept;
      const r = computeAmount(prepared, run, ctx);
      return (kept = { ...r, levels: run.shared.levels(r.levels) });
    };
    programs[i] = { ...prepared, amountOf };
  });
  return run;
}

/**
 * Whether a programme's amount is the same for everyone: its amount expressions and month rule read
 * no fact (the month's own dates, which computeAmount sets itself, are facts too) and nothing that
 * cannot be told from their trees (memo.ts readsOf). A qualification reads none.
 */
function readsNoFact(program: Program): boolean {
  if (program.amount.kind !== "money") return true;
  const reads = [...program.amount.parts.map((part) => (part.expression ? part.expression.reads : { facts: [] })), ...program.amount.monthRule.map((c) => c.compiled.reads)];
  return reads.every((r) => r !== undefined && r.facts.length === 0);
}

export function paramFen(policy: Policy, name: string, on: DateNum): Fen {
  const param = policy.params.get(name);
  const v = param ? paramValue(param, on) : undefined;
  if (v === undefined) throw missingParam(name, on, "");
  return v;
}
