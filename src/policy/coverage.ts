import { isPayoutError } from "../errors.js";
import { prepareRun } from "./prepare.js";
import type { Policy } from "./types.js";

// Which run years a policy can serve: every in-force programme has its values and shares (DESIGN §11.3).

export interface YearSpan {
  readonly from: number;
  readonly to: number;
}

export interface PolicyCoverage {
  /** Runs of consecutive complete years, ascending, within the years scanned. */
  readonly spans: readonly YearSpan[];
  /** For the year just before each span (and just after it, when the span ends early): what is missing. */
  readonly limits: ReadonlyArray<{ readonly year: number; readonly message: string }>;
  readonly scanned: YearSpan;
}

function missingIn(policy: Policy, year: number): string | undefined {
  try {
    prepareRun(policy, year);
    return undefined;
  } catch (err) {
    if (isPayoutError(err, "policy-missing-param")) return err.message;
    throw err;
  }
}

/** Scans the run years `scanned` (default 1949–2100) and reports the complete spans and what limits them. */
export function policyCoverage(policy: Policy, scanned: YearSpan = { from: 1949, to: 2100 }): PolicyCoverage {
  const spans: YearSpan[] = [];
  const limits: Array<{ year: number; message: string }> = [];
  let start: number | undefined;
  let lastMissing: { year: number; message: string } | undefined;
  for (let y = scanned.from; y <= scanned.to; y++) {
    const missing = missingIn(policy, y);
    if (missing === undefined) {
      if (start === undefined) {
        start = y;
        if (lastMissing) limits.push(lastMissing);
      }
    } else {
      if (start !== undefined) {
        spans.push({ from: start, to: y - 1 });
        limits.push({ year: y, message: missing });
        start = undefined;
      }
      lastMissing = { year: y, message: missing };
    }
  }
  if (start !== undefined) spans.push({ from: start, to: scanned.to });
  return { spans, limits, scanned };
}

/** "2006 年起(2005 年:参数 … 没有生效的值 …)" — one line for `payout check`. */
export function describeCoverage(c: PolicyCoverage): string {
  if (c.spans.length === 0) return `政策在 ${c.scanned.from}–${c.scanned.to} 年间没有一个年度参数齐全${c.limits[0] ? `:${c.limits[0].message}` : ""}`;
  const spans = c.spans.map((s) => (s.to === c.scanned.to ? `${s.from} 年起` : s.from === s.to ? `${s.from} 年` : `${s.from}–${s.to} 年`)).join("、");
  const limits = c.limits.map((l) => `${l.year} 年不齐全:${l.message}`);
  return `政策参数齐全的年度:${spans}${limits.length > 0 ? `\n  ${limits.join("\n  ")}` : ""}`;
}
