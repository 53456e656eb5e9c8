import type { Award } from "../domain/award.js";
import { parseYuan, type Fen } from "../domain/money.js";
import { onceKey, type OnceRegistry } from "../policy/evaluate.js";
import { programKey } from "../policy/parse-util.js";
import type { Policy } from "../policy/types.js";
import { PayoutError } from "../errors.js";
import { Interner } from "../roster/validate-row.js";
import { ledgerRecords } from "./read-ledger.js";

/** An award of an earlier year's ledger (--previous): the ledger columns the change list needs. */
export type PreviousAward = Pick<Award, "year" | "township" | "village" | "householdId" | "name" | "id" | "code" | "programName" | "amount" | "payeeId">;

export interface PreviousLedgers {
  /** Every award of every ledger given: what the one-time check looks at. */
  readonly all: readonly PreviousAward[];
  /** The awards of the latest year among them: what the change list compares with. */
  readonly latest: readonly PreviousAward[];
  readonly latestYear: number;
}

/**
 * Reads the earlier years' 发放台账.csv. A ledger of the run's own year or later is refused: it would
 * stop every one-time award of this year as "already paid".
 */
export async function readPreviousLedgers(paths: readonly string[], year: number): Promise<PreviousLedgers> {
  const all: PreviousAward[] = [];
  const strings = new Interner();
  for (const path of paths) {
    let col: Map<string, number> | undefined;
    for await (const r of ledgerRecords(path)) {
      if (!col) {
        col = new Map(r.map((h, i) => [h, i]));
        if (!["年度", "项目代码", "户编号", "身份证号", "金额"].every((h) => col?.has(h))) {
          throw new PayoutError("input-format", `上年台账 ${path} 缺少 年度、项目代码、户编号、身份证号 或 金额 列,不是 payout 的发放台账`);
        }
        continue;
      }
      if (r.length <= 1) continue;
      const get = (name: string): string => r[col?.get(name) ?? -1] ?? "";
      const shared = (name: string): string => strings.intern(get(name));
      const awardYear = Number(get("年度"));
      if (!(awardYear < year)) throw new PayoutError("input-format", `上年台账 ${path} 中有 ${get("年度")} 年度的款项,不早于本次的 ${year} 年度:--previous 只接受往年的台账`);
      all.push({
        year: awardYear, township: shared("乡镇"), village: shared("村"), householdId: shared("户编号"), name: get("姓名"), id: shared("身份证号"),
        code: shared("项目代码"), programName: shared("项目名称"), amount: parseYuan(get("金额")) ?? (0 as Fen), payeeId: shared("领款人身份证号"),
      });
    }
  }
  const latestYear = all.reduce((y, a) => Math.max(y, a.year), 0);
  return { all, latest: all.filter((a) => a.year === latestYear), latestYear };
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
