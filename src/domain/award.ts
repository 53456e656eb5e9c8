import type { DateNum } from "./dates.js";
import type { Fen } from "./money.js";
import type { PendingReason } from "./pending-reason.js";
import type { Role, Sex } from "./person.js";

/** 领款类型: paid to a person's account, to an institution, waiting for an account, or a qualification only. */
export type PayeeKind = "个人" | "机构" | "待补录" | "资格";

/** One award: one row of the ledger (发放台账.csv), the source every other output derives from. */
export interface Award {
  readonly year: number;
  readonly township: string;
  readonly village: string;
  readonly householdId: string;
  /** The row the award is booked on (the household payee for a household programme). */
  readonly name: string;
  readonly id: string;
  readonly role: Role;
  readonly sex: Sex;
  readonly birth: DateNum;
  readonly code: string;
  readonly programName: string;
  readonly category: string;
  readonly amount: Fen;
  readonly payeeKind: PayeeKind;
  readonly payeeName: string;
  readonly payeeId: string;
  readonly bank: string;
  readonly account: string;
  /** Per fiscal level, in the policy's level order; sums to amount. */
  readonly levels: readonly Fen[];
  readonly explanation: string;
  /** Why a 待补录 award waits, as the evaluation knew it; not a ledger column. */
  readonly pendingReason?: PendingReason | undefined;
  /** For a 待补录 award: a phone to reach the household (the payee's, else the person's, else a member's); not a ledger column. */
  readonly phone?: string | undefined;
}

/** Code-point order, as the ledger is sorted (Python's and sort(1)'s order, not UTF-16's). */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** The ledger's order, for anything that carries the ledger's key columns (an earlier year's award too). */
export type LedgerKey = Pick<Award, "township" | "village" | "householdId" | "id" | "code">;

export function compareAwards(a: LedgerKey, b: LedgerKey): number {
  return (
    compareText(a.township, b.township) ||
    compareText(a.village, b.village) ||
    compareText(a.householdId, b.householdId) ||
    compareText(a.id, b.id) ||
    compareText(a.code, b.code)
  );
}
