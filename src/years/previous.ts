// src/years — year over year: earlier ledgers read and checked (ledger-table.ts), one-time awards
// across years, the change list, objections after the notice. Tables come in through src/input.

import type { Award } from "../domain/award.js";
import { onceKey, type OnceRegistry } from "../policy/evaluate.js";
import { programKey } from "../policy/parse-util.js";
import type { Policy } from "../policy/types.js";
import { Interner } from "../input/cell.js";
import { openLedger, unknownCodesWarning } from "./ledger-table.js";

/** An award of an earlier year's ledger (--previous): the ledger columns the change list needs. */
export type PreviousAward = Pick<Award, "year" | "township" | "village" | "householdId" | "name" | "id" | "code" | "programName" | "amount" | "payeeId">;

export interface PreviousLedgers {
  /** Every award of every ledger given: what the one-time check looks at. */
  readonly all: readonly PreviousAward[];
  /** The awards of the latest year among them: what the change list compares with. */
  readonly latest: readonly PreviousAward[];
  readonly latestYear: number;
  /** Hidden rows, unknown programme codes: for 数据问题.csv. */
  readonly warnings: readonly string[];
}

/**
 * Reads the earlier years' ledgers (发放台账.csv or .xlsx, as written or re-saved by Excel), each row
 * checked (DESIGN §11.1). A ledger of the run's own year or later is refused: it would stop every
 * one-time award of this year as "already paid". Unknown programme codes are one warning.
 */
export async function readPreviousLedgers(paths: readonly string[], year: number, policy: Pick<Policy, "levels" | "programs">): Promise<PreviousLedgers> {
  const all: PreviousAward[] = [];
  const strings = new Interner();
  const warnings: string[] = [];
  const knownCodes = new Set(policy.programs.map((p) => programKey(p.code)));
  for (const path of paths) {
    const ledger = await openLedger(path, { what: "上年台账", levels: policy.levels, beforeYear: year, knownCodes, strings });
    for await (const a of ledger.awards) {
      all.push({ year: a.year, township: a.township, village: a.village, householdId: a.householdId, name: a.name, id: a.id, code: a.code, programName: a.programName, amount: a.amount, payeeId: a.payeeId });
    }
    warnings.push(...ledger.warnings);
    const unknown = unknownCodesWarning(`上年台账 ${path} `, ledger.unknownCodes);
    if (unknown) warnings.push(unknown);
  }
  const latestYear = all.reduce((y, a) => Math.max(y, a.year), 0);
  return { all, latest: all.filter((a) => a.year === latestYear), latestYear, warnings };
}

/**
 * Registers earlier one-time awards so they are not paid again: a person by ID; a household by
 * 户编号 and by the IDs on the award (booked row and payee).
 */
export function registerPreviousOnce(previous: readonly PreviousAward[], policy: Policy, once: OnceRegistry): void {
  const onceCodes = new Map(policy.programs.filter((p) => p.once).map((p) => [programKey(p.code), p.target]));
  for (const a of previous) {
    const target = onceCodes.get(programKey(a.code));
    if (target === undefined) continue;
    if (target === "household") {
      for (const k of [a.householdId, a.id, a.payeeId]) if (k) once.households.add(onceKey(a.code, k));
    } else if (a.id) once.persons.add(onceKey(a.code, a.id));
  }
}

/** An earlier year's P1 is this year's p1 (codes compare case-insensitively): earlier awards take this policy's spelling. */
export function withPolicyCodes(previous: readonly PreviousAward[], policy: Policy): PreviousAward[] {
  const spelling = new Map(policy.programs.map((p) => [programKey(p.code), p.code]));
  return previous.map((p) => {
    const code = spelling.get(programKey(p.code)) ?? p.code;
    return code === p.code ? p : { ...p, code };
  });
}
