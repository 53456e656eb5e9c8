import { monthEnd, monthStart, type DateNum } from "../domain/dates.js";
import { add, formatYuan, splitByShares, yuanNumberToFen, ZERO, type Fen } from "../domain/money.js";
import { toNumber, type Compiled } from "./expression.js";
import { missingShares, sharesOn } from "./params.js";
import { PayoutError } from "../errors.js";
import type { PreparedProgram, PreparedRun } from "./prepare.js";
import type { AmountPart, NamedCondition } from "./types.js";
import type { FactContext } from "./vocabulary.js";

/** Stops the run: a policy that cannot be applied to a household (a zero divisor, a negative or non-finite amount, an award over max_award). */
export function policyRuntimeError(program: string, message: string): PayoutError {
  return new PayoutError("policy-runtime", `项目 ${program}:${message}`, { program });
}

/** Runs an expression; its failures name the programme and the expression. */
export function evaluateIn(compiled: Compiled, ctx: FactContext, code: string, label = ""): unknown {
  try {
    return compiled.evaluate(ctx);
  } catch (err) {
    const why = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw policyRuntimeError(code, `${label ? `${label} ` : ""}表达式“${compiled.source}”计算出错:${why}`);
  }
}

/** An amount in 元 as computed: a finite, non-negative number, else the policy is wrong. */
function checkedYuan(v: number, code: string, what: string): Fen {
  if (!Number.isFinite(v)) throw policyRuntimeError(code, `金额${what}的结果不是有限数值(${String(v)}):请检查是否除以了 0`);
  if (v < 0) throw policyRuntimeError(code, `金额${what}的结果为负数(${v}):金额不能为负`);
  return yuanNumberToFen(v);
}

export interface PartResult {
  readonly name: string;
  readonly amount: Fen;
  readonly levels: readonly Fen[];
  /** "960.00" for a yearly part, "590.00×6+450.00×6" for a monthly one. */
  readonly derivation: string;
}

export interface AmountResult {
  readonly amount: Fen;
  readonly levels: readonly Fen[];
  readonly parts: readonly PartResult[];
  /** The month-rule results per month in force, for explain. */
  readonly months: ReadonlyArray<{ readonly month: number; readonly ok: boolean; readonly failed: string | undefined }>;
  readonly explanation: string;
}

function valueOf(part: AmountPart, ctx: FactContext, p: Readonly<Record<string, number>>, code: string): Fen {
  if (part.param !== undefined) return checkedYuan(p[part.param] ?? NaN, code, `(参数 ${part.param})`);
  const expression = part.expression as Compiled;
  ctx.p = p;
  return checkedYuan(toNumber(evaluateIn(expression, ctx, code, "金额")), code, `表达式“${expression.source}”`);
}

function firstFailed(rule: readonly NamedCondition[], ctx: FactContext, code: string): string | undefined {
  for (const c of rule) {
    if (evaluateIn(c.compiled, ctx, code, `按月条件 ${c.name}`) !== true) return c.name;
  }
  return undefined;
}

/** "590.00×6+450.00×6": monthly values grouped by value, in order of first appearance. */
function monthlyDerivation(values: readonly Fen[]): string {
  const groups: Array<[Fen, number]> = [];
  for (const v of values) {
    const g = groups.find((x) => x[0] === v);
    if (g) g[1]++;
    else groups.push([v, 1]);
  }
  return groups.map(([v, n]) => `${formatYuan(v)}×${n}`).join("+");
}

function sharesAt(spec: AmountPart, on: DateNum, code: string): readonly number[] {
  const set = sharesOn(spec.shares, on);
  if (!set) throw missingShares(on, code);
  return set.bp;
}

/**
 * A per-month amount split month by month at each month's shares (DESIGN §11.3): months under the
 * same share set are summed first, so a year under one set splits exactly as its total would.
 */
function splitMonths(spec: AmountPart, months: readonly number[], values: readonly Fen[], year: number, code: string, nLevels: number): Fen[] {
  const bySet = new Map<readonly number[], Fen>();
  months.forEach((m, i) => {
    const bp = sharesAt(spec, monthStart(year, m), code);
    bySet.set(bp, add(bySet.get(bp) ?? ZERO, values[i] ?? ZERO));
  });
  const levels = new Array<Fen>(nLevels).fill(ZERO);
  for (const [bp, amount] of bySet) splitByShares(amount, bp).forEach((v, i) => (levels[i] = add(levels[i] ?? ZERO, v)));
  return levels;
}

/** The amount of a programme for one person or household, each part split by its own shares. */
export function computeAmount(prepared: PreparedProgram, run: PreparedRun, ctx: FactContext): AmountResult {
  const program = prepared.program;
  const nLevels = run.policy.levels.length;
  if (program.amount.kind === "qualification") {
    return { amount: ZERO, levels: new Array<Fen>(nLevels).fill(ZERO), parts: [], months: [], explanation: "资格确认,不发放资金" };
  }
  const { parts: specs, monthRule } = program.amount;
  // the context is left as it came (its p is the reference date's): a result remembered by
  // PreparedProgram.amountOf, which does not come here, leaves it so too
  const entered = ctx.p;
  const months: Array<{ month: number; ok: boolean; failed: string | undefined }> = [];
  let eligibleMonths: number[] | undefined;
  const year = run.dates.year;
  if (specs.some((s) => s.basis === "per_month")) {
    eligibleMonths = [];
    for (const m of prepared.months) {
      ctx.month_start = monthStart(year, m);
      ctx.month_end = monthEnd(year, m);
      const failed = monthRule.length > 0 ? firstFailed(monthRule, ctx, program.code) : undefined;
      months.push({ month: m, ok: failed === undefined, failed });
      if (failed === undefined) eligibleMonths.push(m);
    }
    ctx.month_start = 0;
    ctx.month_end = 0;
  }
  const parts: PartResult[] = [];
  let total = ZERO;
  const levels = new Array<Fen>(nLevels).fill(ZERO);
  for (const spec of specs) {
    let amount: Fen;
    let derivation: string;
    let split: Fen[];
    if (spec.basis === "per_year") {
      amount = valueOf(spec, ctx, run.pAtReference, program.code);
      derivation = formatYuan(amount);
      split = splitByShares(amount, sharesAt(spec, run.dates.reference, program.code));
    } else {
      const months = eligibleMonths ?? [];
      const values = months.map((m) => valueOf(spec, ctx, run.pAtMonth[m] ?? {}, program.code));
      amount = values.reduce(add, ZERO);
      derivation = values.length > 0 ? monthlyDerivation(values) : "0.00(无符合条件的月份)";
      split = splitMonths(spec, months, values, year, program.code, nLevels);
    }
    split.forEach((v, i) => (levels[i] = add(levels[i] ?? ZERO, v)));
    total = add(total, amount);
    parts.push({ name: spec.name, amount, levels: split, derivation });
  }
  ctx.p = entered;
  const explanation = parts.map((p) => `${p.name}${p.derivation}`).join("+");
  return { amount: total, levels, parts, months, explanation };
}
