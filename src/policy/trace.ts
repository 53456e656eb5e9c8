import type { Award } from "../domain/award.js";
import { formatDate } from "../domain/dates.js";
import type { Person } from "../domain/person.js";
import type { AmountResult } from "./amount.js";
import { evaluateIn } from "./amount.js";
import type { NamedCondition } from "./types.js";
import { FACTS, type FactContext } from "./vocabulary.js";

// What explain shows is recorded by the run's own evaluation (evaluateHousehold), so it cannot
// differ from the ledger: each programme and person, every condition with the values it saw, the
// amount, the payment, and what became of it.

export interface ConditionTrace {
  readonly name: string;
  readonly source: string;
  readonly ok: boolean;
  /** The facts the condition read, with the values it saw, ready to print. */
  readonly values: ReadonlyArray<readonly [string, string]>;
}

/** What became of a programme for one person: in the ledger, or withheld and why. */
export type Outcome =
  | { readonly kind: "paid"; readonly award: Award }
  | { readonly kind: "not-eligible" }
  | { readonly kind: "zero" }
  /** A one-time award already paid (an earlier ledger, or earlier in this run). */
  | { readonly kind: "once" }
  /** Lost to a programme it cannot combine with (`excludes`): the name of the one kept. */
  | { readonly kind: "excluded"; readonly by: string }
  /** Withheld after the notice (--exclude). */
  | { readonly kind: "objection"; readonly reason: string };

export interface ProgramTrace {
  readonly code: string;
  readonly name: string;
  readonly basis: string;
  readonly target: Person;
  readonly conditions: readonly ConditionTrace[];
  readonly eligible: boolean;
  readonly amount: AmountResult | undefined;
  readonly payment: { readonly kind: string; readonly payee: Person | undefined; readonly institution: string } | undefined;
  readonly outcome: Outcome;
}

/** A trace while the evaluation fills it in. */
export type OpenTrace = { -readonly [K in keyof ProgramTrace]: ProgramTrace[K] };

const DATE_FACTS = new Set(FACTS.filter((f) => f.name.endsWith("_date") || f.name.endsWith("_birth") || f.name.endsWith("_death") || ["birth", "YS", "YE", "month_start", "month_end"].includes(f.name)).map((f) => f.name));

export function showValue(name: string, v: unknown): string {
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v === "number" && DATE_FACTS.has(name)) return v === 0 ? "无" : formatDate(v);
  if (typeof v === "string") return v === "" ? "(空)" : `"${v}"`;
  if (Array.isArray(v)) return `[${v.join(", ")}]`;
  return String(v);
}

/** Every condition evaluated (not stopping at the first that fails), with the values it read. */
export function traceConditions(conditions: readonly NamedCondition[], ctx: FactContext, code: string): ConditionTrace[] {
  return conditions.map((c) => ({
    name: c.name,
    source: c.compiled.source,
    ok: evaluateIn(c.compiled, ctx, code, `条件 ${c.name}`) === true,
    values: c.compiled.factsUsed.map((f) => [f, showValue(f, ctx[f])] as const),
  }));
}
