import { describeCoverage, policyCoverage } from "./coverage.js";
import type { Policy } from "./types.js";

// A run year a clerk most likely mistyped (2072 for 2027) or one the policy has no values for is
// refused before any work, unless confirmed: the clock is the caller's, the core reads none.

/** How far ahead of this year a run may go without confirmation (next year's budget run). */
const YEARS_AHEAD = 1;

/** Why `year` needs --year-confirm, or undefined when it does not. `thisYear` is the caller's clock. */
export function yearNeedsConfirmation(year: number, thisYear: number, policy: Policy): string | undefined {
  if (year > thisYear + YEARS_AHEAD) {
    return `--year ${year} 比今年(${thisYear})晚 ${year - thisYear} 年,可能是输错了。确需核定该年度,请加 --year-confirm`;
  }
  const coverage = policyCoverage(policy, { from: Math.min(year, 1949), to: Math.max(year, thisYear + YEARS_AHEAD) });
  const first = coverage.spans[0];
  if (!first || year < first.from) {
    return `--year ${year} 早于政策文件参数齐全的年度(${describeCoverage(coverage)})。确需核定该年度,请加 --year-confirm`;
  }
  return undefined;
}
