import { compareText, type Award } from "../domain/award.js";
import type { Program } from "../policy/types.js";
import { isQualification } from "./groups.js";

// What the count columns of every summary sheet mean: 人数 = distinct persons, 户数 = distinct
// households, 笔数 = awards. A household programme counts households, every other one persons;
// a qualification (资格, no money) is counted apart and never in a 合计 of money.

export interface Counts {
  /** Distinct persons the awards are booked on (of programmes paid per person). */
  readonly persons: number;
  /** Distinct households (of programmes paid per household). */
  readonly households: number;
  /** Awards (ledger rows). */
  readonly awards: number;
}

export const COUNTS_NOTE = "人数为不重复的人数(按人发放的项目),户数为不重复的户数(按户发放的项目),笔数为发放笔数;资格类项目不发放资金,另列人数或户数,不计入合计。";

/**
 * Whether awards are in ledger order (乡镇, 村, 户编号, 身份证号): then all the awards of one
 * person, and of one household, are neighbours, in the whole list and in any part of it taken in
 * order. (A run's IDs and 户编号 belong to one person and one household: a roster that repeats
 * them is rejected before evaluation.)
 */
export function inLedgerOrder(awards: readonly Award[]): boolean {
  let known = ordered.get(awards);
  if (known === undefined) {
    known = true;
    for (let i = 1; i < awards.length && known; i++) {
      const a = awards[i - 1] as Award;
      const b = awards[i] as Award;
      known = (compareText(a.township, b.township) || compareText(a.village, b.village) || compareText(a.householdId, b.householdId) || compareText(a.id, b.id)) <= 0;
    }
    ordered.set(awards, known);
  }
  return known;
}

/**
 * The answer per list of awards, which is never changed once made (a run's awards are asked about
 * by the bank files, 机构拨付 and 资金分担 in turn: at a million awards each pass took ~0.1 s).
 */
const ordered = new WeakMap<readonly Award[], boolean>();

/**
 * Distinct values of a stream in ledger order: a value's occurrences are neighbours, so each
 * change counts one (a big set of every ID was the slowest part of the summaries at a million
 * awards). An empty value counts once wherever it occurs, as a set would count it.
 */
export class OrderedDistinct {
  private last: string | undefined;
  private empty = false;
  count = 0;

  add(value: string): void {
    if (value === this.last) return;
    this.last = value;
    if (value === "") {
      if (this.empty) return;
      this.empty = true;
    }
    this.count++;
  }
}

/** A set's distinct count, for awards not in ledger order. */
class SetDistinct {
  private readonly seen = new Set<string>();
  add(value: string): void {
    this.seen.add(value);
  }
  get count(): number {
    return this.seen.size;
  }
}

/** Counts distinct persons or households: by neighbours when the awards come in ledger order, else with a set. */
export function distinctCounter(ordered: boolean): { add(value: string): void; readonly count: number } {
  return ordered ? new OrderedDistinct() : new SetDistinct();
}

/**
 * Counts of a set of money awards; `householdCodes` names the programmes paid per household.
 * `ordered`: whether the awards are in ledger order, when the caller knows (a part taken in order of
 * a list in ledger order is in ledger order too).
 */
export function countAwards(awards: readonly Award[], householdCodes: ReadonlySet<string>, ordered = inLedgerOrder(awards)): Counts {
  const persons = distinctCounter(ordered);
  const households = distinctCounter(ordered);
  for (const a of awards) {
    if (householdCodes.has(a.code)) households.add(a.householdId);
    else persons.add(a.id);
  }
  return { persons: persons.count, households: households.count, awards: awards.length };
}

export function householdCodes(programs: readonly Program[]): Set<string> {
  return new Set(programs.filter((p) => p.target === "household").map((p) => p.code));
}

/** 人 or 户: the unit a programme counts in. */
export function unitOf(program: Program): "人" | "户" {
  return program.target === "household" ? "户" : "人";
}

/** Splits awards into those that carry money and the qualifications (资格) among them. */
export function splitQualifications<T extends { readonly program: Program }>(groups: readonly T[]): { money: T[]; qualifications: T[] } {
  return { money: groups.filter((g) => !isQualification(g.program)), qualifications: groups.filter((g) => isQualification(g.program)) };
}
