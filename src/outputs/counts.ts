import type { Award } from "../domain/award.js";
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

/** Counts of a set of money awards; `householdCodes` names the programmes paid per household. */
export function countAwards(awards: readonly Award[], householdCodes: ReadonlySet<string>): Counts {
  const persons = new Set<string>();
  const households = new Set<string>();
  for (const a of awards) {
    if (householdCodes.has(a.code)) households.add(a.householdId);
    else persons.add(a.id);
  }
  return { persons: persons.size, households: households.size, awards: awards.length };
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
