import { formatDate, type DateNum } from "../domain/dates.js";
import type { Fen } from "../domain/money.js";
import type { DatedShares, Param } from "./types.js";
import { PayoutError } from "../errors.js";

/** Stops the run: an in-force programme needs a parameter value that no date covers (never 0, never a stale value). */
export function missingParam(param: string, date: DateNum, program: string): PayoutError {
  return new PayoutError(
    "policy-missing-param",
    `参数 ${param} 在 ${formatDate(date)} 没有生效的值(项目 ${program} 需要它):请在政策文件 params 中补上该日期前开始生效的值`,
    { param, date, program },
  );
}

/** The value in force on a date: the latest start date on or before it; undefined when none covers it. */
export function paramValue(param: Param, on: DateNum): Fen | undefined {
  let found: Fen | undefined;
  for (let i = 0; i < param.starts.length; i++) {
    if ((param.starts[i] ?? Infinity) <= on) found = param.values[i];
    else break;
  }
  return found;
}

/** A programme's fiscal shares have no set in force on a date it pays for. */
/** Stops the run: an in-force programme has no set of shares on a date it pays for. */
export function missingShares(date: DateNum, program: string): PayoutError {
  return new PayoutError("policy-missing-param", `项目 ${program} 的分担比例(shares)在 ${formatDate(date)} 没有生效的一组:请在该日期前补上一组比例`, { date, program });
}

/** The share set in force on a date: the latest start on or before it. */
export function sharesOn(shares: readonly DatedShares[], on: DateNum): DatedShares | undefined {
  let found: DatedShares | undefined;
  for (const s of shares) {
    if (s.start <= on) found = s;
    else break;
  }
  return found;
}
