import { formatYuan, type Fen } from "../domain/money.js";
import type { Person } from "../domain/person.js";
import { emptyOnceRegistry, evaluateHousehold, type OnceRegistry } from "./evaluate.js";
import type { PreparedRun } from "./prepare.js";
import type { ProgramTrace } from "./trace.js";
import { factTerm } from "./vocabulary.js";

export { showValue, type ConditionTrace, type Outcome, type ProgramTrace } from "./trace.js";

/**
 * Every programme for the people of one household (or one person of it): what decided, and why —
 * through the run's own evaluation, so excludes and one-time awards come out as the ledger has them.
 */
export function explainHousehold(members: readonly Person[], run: PreparedRun, only: Person | undefined, once: OnceRegistry = emptyOnceRegistry()): ProgramTrace[] {
  const traces: ProgramTrace[] = [];
  evaluateHousehold(members, run, once, { traces, only });
  return traces;
}

export function splitText(levels: readonly string[], values: readonly Fen[]): string {
  return levels.map((l, i) => `${l} ${formatYuan(values[i] ?? (0 as Fen))}`).join(" / ");
}

/** "[现存子女数=2, 周岁年龄=60]": the values a condition saw, each fact by its Chinese term. */
export function seenText(values: ReadonlyArray<readonly [string, string]>): string {
  return values.length > 0 ? `[${values.map(([k, v]) => `${factTerm(k)}=${v}`).join(", ")}]` : "";
}

/**
 * A month condition's name turned into what was true when it failed: the policy names month
 * conditions by what must hold ("当月已领光荣证"), so its first 已/未 is swapped ("当月未领光荣证");
 * a name with neither, or with more than one (which to swap is then unclear), is shown as "不符合:<name>".
 */
export function failedMonthText(condition: string): string {
  const i = condition.search(/[已未]/);
  if (i < 0 || (condition.match(/[已未]/g) ?? []).length > 1) return `不符合:${condition}`;
  return condition.slice(0, i) + (condition[i] === "已" ? "未" : "已") + condition.slice(i + 1);
}

/** Months in plain words, consecutive months of the same state together: "1–2 月:当月未领光荣证,不计", "3–12 月:计入". */
export function monthLines(months: ReadonlyArray<{ readonly month: number; readonly ok: boolean; readonly failed: string | undefined }>): string[] {
  const lines: string[] = [];
  let i = 0;
  while (i < months.length) {
    const first = months[i] as (typeof months)[number];
    let j = i;
    while (j + 1 < months.length && months[j + 1]?.month === (months[j]?.month ?? 0) + 1 && months[j + 1]?.failed === first.failed && months[j + 1]?.ok === first.ok) j++;
    const last = months[j] as (typeof months)[number];
    const span = last.month === first.month ? `${first.month} 月` : `${first.month}–${last.month} 月`;
    lines.push(first.ok ? `${span}:计入` : `${span}:${failedMonthText(first.failed ?? "")},不计`);
    i = j + 1;
  }
  return lines;
}
