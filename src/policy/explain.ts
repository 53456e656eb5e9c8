import { formatDate } from "../domain/dates.js";
import { householdFacts } from "../domain/facts.js";
import { formatYuan, type Fen } from "../domain/money.js";
import type { Person } from "../domain/person.js";
import { computeAmount, type AmountResult } from "./amount.js";
import { conditionHolds, resolvePayment, targetsOf, type Payment } from "./evaluate.js";
import type { PreparedRun } from "./prepare.js";
import { buildContext, FACTS, type FactContext } from "./vocabulary.js";

export interface ConditionTrace {
  readonly name: string;
  readonly source: string;
  readonly ok: boolean;
  /** The facts the condition read, with the values it saw, ready to print. */
  readonly values: ReadonlyArray<readonly [string, string]>;
}

export interface ProgramTrace {
  readonly code: string;
  readonly name: string;
  readonly basis: string;
  readonly target: Person;
  readonly conditions: readonly ConditionTrace[];
  readonly eligible: boolean;
  readonly amount: AmountResult | undefined;
  readonly payment: Payment | undefined;
}

const DATE_FACTS = new Set(FACTS.filter((f) => f.name.endsWith("_date") || f.name.endsWith("_birth") || f.name.endsWith("_death") || ["birth", "YS", "YE", "month_start", "month_end"].includes(f.name)).map((f) => f.name));

export function showValue(name: string, v: unknown): string {
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v === "number" && DATE_FACTS.has(name)) return v === 0 ? "无" : formatDate(v);
  if (typeof v === "string") return v === "" ? "(空)" : `"${v}"`;
  if (Array.isArray(v)) return `[${v.join(", ")}]`;
  return String(v);
}

function traceConditions(conditions: readonly { name: string; compiled: { source: string; factsUsed: readonly string[] } }[], ctx: FactContext, code: string): ConditionTrace[] {
  return conditions.map((c) => ({
    name: c.name,
    source: c.compiled.source,
    ok: conditionHolds(c as never, ctx, code),
    values: c.compiled.factsUsed.map((f) => [f, showValue(f, ctx[f])] as const),
  }));
}

/** Every programme for the people of one household (or one person of it): what decided, and why. */
export function explainHousehold(members: readonly Person[], run: PreparedRun, only: Person | undefined): ProgramTrace[] {
  const hh = householdFacts(members, run.dates);
  const traces: ProgramTrace[] = [];
  for (const prepared of run.programs) {
    const program = prepared.program;
    for (const target of targetsOf(program, members, hh)) {
      if (only && program.target !== "household" && target !== only) continue;
      const ctx = buildContext(target, hh, run.dates);
      const conditions = traceConditions(program.conditions, ctx, program.code);
      const eligible = conditions.every((c) => c.ok);
      const amount = eligible ? computeAmount(prepared, run, ctx) : undefined;
      const payment = eligible ? resolvePayment(program, target, hh, run) : undefined;
      traces.push({ code: program.code, name: program.name, basis: program.basis, target, conditions, eligible, amount, payment });
    }
  }
  return traces;
}

export function splitText(levels: readonly string[], values: readonly Fen[]): string {
  return levels.map((l, i) => `${l} ${formatYuan(values[i] ?? (0 as Fen))}`).join(" / ");
}
