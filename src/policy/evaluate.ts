import type { Award, PayeeKind } from "../domain/award.js";
import { householdFacts, isDeadByPayment, type HouseholdFacts } from "../domain/facts.js";
import type { PendingReason } from "../domain/pending-reason.js";
import { maskId } from "../domain/id-number.js";
import { formatYuan, type Fen } from "../domain/money.js";
import { hasUsableAccount, type Person } from "../domain/person.js";
import { computeAmount, evaluateIn, policyRuntimeError } from "./amount.js";
import { programKey } from "./parse-util.js";
import type { PreparedProgram, PreparedRun } from "./prepare.js";
import { traceConditions, type OpenTrace, type ProgramTrace } from "./trace.js";
import type { NamedCondition, Program } from "./types.js";
import { buildContext, type FactContext } from "./vocabulary.js";

/** One-time awards already paid: in earlier years (--previous) or earlier in this run. */
export interface OnceRegistry {
  /** `${code}\u0000${householdId}` and `${code}\u0000${parent id}` of household awards. */
  readonly households: Set<string>;
  /** `${code}\u0000${person id}` of person awards. */
  readonly persons: Set<string>;
}

export const emptyOnceRegistry = (): OnceRegistry => ({ households: new Set(), persons: new Set() });

export interface WithheldOnce {
  readonly code: string;
  readonly person: Person;
}

export interface HouseholdResult {
  readonly awards: Award[];
  /** Rows whose awards went to 待补录, with the reason (no usable account, payee dead by the payment date …). */
  readonly pending: Array<{ readonly person: Person; readonly reason: PendingReason }>;
  /** One-time awards not paid again because an earlier year (or this run) already paid them. */
  readonly withheldOnce: WithheldOnce[];
  /** Awards dropped because they cannot combine (`excludes`) with the programme kept (`by`). */
  readonly excluded: ReadonlyArray<{ readonly code: string; readonly id: string; readonly by: string }>;
}

/** The people a programme is evaluated for in a household. */
export function targetsOf(program: Program, members: readonly Person[], hh: HouseholdFacts): readonly Person[] {
  switch (program.target) {
    case "household":
      return hh.payee ? [hh.payee] : [];
    case "parent":
      return hh.parents;
    case "child":
      return hh.children;
    case "member":
      return members;
    default: {
      const never: never = program.target;
      throw new Error(`unknown target ${String(never)}`);
    }
  }
}

export function conditionHolds(c: NamedCondition, ctx: FactContext, code: string): boolean {
  return evaluateIn(c.compiled, ctx, code, `条件 ${c.name}`) === true;
}

/** Results of conditions already decided, by condition slot: 0 not yet, 1 holds, 2 does not. */
type Known = Uint8Array;

/**
 * Conditions [from, to) hold, tried in order up to the first that does not (as `every` would). A
 * condition already decided for the same context (`known`, by its slot) is not evaluated again.
 */
function allHold(conditions: readonly NamedCondition[], slots: readonly number[], from: number, to: number, ctx: FactContext, code: string, known: Known | undefined): boolean {
  for (let i = from; i < to; i++) {
    const slot = slots[i];
    const was = known && slot !== undefined ? known[slot] : 0;
    const holds = was ? was === 1 : conditionHolds(conditions[i] as NamedCondition, ctx, code);
    if (!was && known && slot !== undefined) known[slot] = holds ? 1 : 2;
    if (!holds) return false;
  }
  return true;
}

/** The one key of a one-time award: programme (case-insensitive, as codes compare) and 户编号 or ID. */
export const onceKey = (code: string, who: string): string => `${programKey(code)}\u0000${who}`;

function onceKeys(program: Program, target: Person, hh: HouseholdFacts): { set: "households" | "persons"; keys: string[] } {
  if (program.target === "household") {
    return { set: "households", keys: [target.householdId, ...hh.parents.map((p) => p.id)].map((k) => onceKey(program.code, k)) };
  }
  return { set: "persons", keys: [onceKey(program.code, target.id)] };
}

/** One award over the policy's max_award is a policy (or roster) error, never a payment. */
export function checkCeiling(program: Program, target: Person, amount: Fen, run: PreparedRun): void {
  const max = run.policy.maxAward;
  if (amount <= max) return;
  const who = `${target.name}(${maskId(target.id, run.policy.notice.maskHead, run.policy.notice.maskTail)})`;
  throw policyRuntimeError(program.code, `${who} 的金额 ${formatYuan(amount)} 元超过单笔上限 max_award ${formatYuan(max)} 元:请检查政策文件的金额或该人的数据`);
}

export interface Payment {
  readonly kind: PayeeKind;
  readonly payee: Person | undefined;
  readonly institution: string;
  /** For 待补录: why. */
  readonly reason: PendingReason | undefined;
}

function whyPending(who: Person | undefined, run: PreparedRun): PendingReason | undefined {
  if (!who) return { kind: "no-payee" };
  if (isDeadByPayment(who, run.dates)) return { kind: "payee-deceased", deathDate: who.deathDate };
  if (who.bank === "" || who.account === "") return { kind: "no-account" };
  if (!hasUsableAccount(who)) return { kind: "invalid-account" };
  return undefined;
}

/** Who receives an award, and how (DESIGN.md §4). */
export function resolvePayment(program: Program, target: Person, hh: HouseholdFacts, run: PreparedRun): Payment {
  if (program.amount.kind === "qualification") return { kind: "资格", payee: undefined, institution: "", reason: undefined };
  const payee = program.payee;
  switch (payee.kind) {
    case "institution":
      return { kind: "机构", payee: undefined, institution: payee.name, reason: undefined };
    case "self":
    case "household": {
      const who = payee.kind === "self" ? target : hh.payee;
      const reason = whyPending(who, run);
      return { kind: reason ? "待补录" : "个人", payee: who, institution: "", reason };
    }
    default: {
      const never: never = payee;
      throw new Error(`unknown payee ${String(never)}`);
    }
  }
}

/** explain: record a trace of every programme (of one person, when `only` is given) as the run decides it. */
export interface TraceRequest {
  readonly traces: ProgramTrace[];
  readonly only?: Person | undefined;
}

/**
 * No evaluation state survives from one programme to the next: each starts with the parameters of
 * the reference date and no month (the month rule and per-month amounts set their own).
 */
function startProgram(ctx: FactContext, run: PreparedRun): FactContext {
  ctx.p = run.pAtReference;
  ctx.month_start = 0;
  ctx.month_end = 0;
  return ctx;
}

/** 待补录账户.xlsx's 联系电话: the payee's phone, else the booked person's, else any member's. */
function contactPhone(payeeId: string, id: string, members: readonly Person[]): string {
  const of = (who: string): string => members.find((m) => m.id === who)?.phone ?? "";
  return of(payeeId) || of(id) || (members.find((m) => m.phone !== "")?.phone ?? "");
}

export function evaluateHousehold(members: readonly Person[], run: PreparedRun, once: OnceRegistry, trace?: TraceRequest): HouseholdResult {
  const hh = householdFacts(members, run.dates);
  // one context per member, built when first needed (by the member's place in the household), with
  // the conditions decided for that member; the household-level ones are decided for all members
  const contexts: Array<FactContext | undefined> = [];
  const known: Array<Known | undefined> = [];
  const householdKnown: Known = new Uint8Array(run.conditionCount);
  const ctxOf = (p: Person, i: number): FactContext => {
    let ctx = i < 0 ? undefined : contexts[i];
    if (!ctx) {
      ctx = buildContext(p, hh, run.dates);
      if (i >= 0) {
        contexts[i] = ctx;
        known[i] = new Uint8Array(run.conditionCount);
      }
    }
    return startProgram(ctx, run);
  };
  const awards: Award[] = [];
  const byProgram: Array<{ prepared: PreparedProgram; award: Award; key: string; trace: OpenTrace | undefined }> = [];
  const withheldOnce: WithheldOnce[] = [];
  for (const prepared of run.programs) {
    const program = prepared.program;
    const conditions = program.conditions;
    const shared = prepared.householdConditions;
    const slots = prepared.conditionSlots;
    // the leading household-level conditions, decided once at the first target not traced
    let sharedHold: boolean | undefined;
    for (const target of targetsOf(program, members, hh)) {
      const traced = trace !== undefined && (trace.only === undefined || program.target === "household" || target === trace.only);
      if (!traced && sharedHold === false) continue;
      const i = members.indexOf(target);
      const ctx = ctxOf(target, i);
      let t: OpenTrace | undefined;
      if (traced) {
        const seen = traceConditions(conditions, ctx, program.code);
        t = { code: program.code, name: program.name, basis: program.basis, target, conditions: seen, eligible: seen.every((c) => c.ok), amount: undefined, payment: undefined, outcome: { kind: "not-eligible" } };
        trace.traces.push(t);
        if (!t.eligible) continue;
      } else {
        sharedHold ??= allHold(conditions, slots, 0, shared, ctx, program.code, householdKnown);
        if (!sharedHold || !allHold(conditions, slots, shared, conditions.length, ctx, program.code, known[i])) continue;
      }
      const amount = prepared.amountOf ? prepared.amountOf(ctx) : computeAmount(prepared, run, ctx);
      if (t) t.amount = amount;
      if (program.amount.kind === "money" && amount.amount === 0) {
        if (t) t.outcome = { kind: "zero" };
        continue;
      }
      checkCeiling(program, target, amount.amount, run);
      const pay = resolvePayment(program, target, hh, run);
      if (t) t.payment = pay;
      if (program.once) {
        const { set, keys } = onceKeys(program, target, hh);
        if (keys.some((k) => once[set].has(k))) {
          withheldOnce.push({ code: program.code, person: target });
          if (t) t.outcome = { kind: "once" };
          continue;
        }
      }
      const award: Award = {
        year: run.dates.year,
        township: target.township,
        village: target.village,
        householdId: target.householdId,
        name: target.name,
        id: target.id,
        role: target.role,
        sex: target.sex,
        birth: target.birth,
        code: program.code,
        programName: program.name,
        category: program.category,
        amount: amount.amount,
        payeeKind: pay.kind,
        payeeName: pay.kind === "机构" ? pay.institution : pay.kind === "资格" ? "" : (pay.payee?.name ?? ""),
        payeeId: pay.payee && pay.kind !== "资格" ? pay.payee.id : "",
        bank: pay.kind === "个人" || pay.kind === "待补录" ? (pay.payee?.bank ?? "") : "",
        account: pay.kind === "个人" || pay.kind === "待补录" ? (pay.payee?.account ?? "") : "",
        levels: run.shared.levels(amount.levels),
        explanation: run.shared.text(amount.explanation),
        pendingReason: pay.reason,
        // set here, in the one literal every award comes from: a copy made later with the phone added
        // (`{ ...a, phone }`) had a hidden class of its own, each one, and every loop over the awards
        // that met them went megamorphic
        phone: pay.kind === "待补录" ? contactPhone(pay.payee?.id ?? "", target.id, members) : undefined,
      };
      byProgram.push({ prepared, award, key: program.target === "household" ? `户:${target.householdId}` : target.id, trace: t });
    }
  }
  const dropped = resolveExcludes(byProgram);
  const excluded = [...dropped].map(([entry, by]) => ({ code: entry.award.code, id: entry.award.id, by: by.award.programName }));
  const pending = new Map<Person, PendingReason>();
  for (const entry of byProgram) {
    const kept = dropped.get(entry);
    if (kept) {
      if (entry.trace) entry.trace.outcome = { kind: "excluded", by: kept.award.programName };
      continue;
    }
    if (entry.trace) entry.trace.outcome = { kind: "paid", award: entry.award };
    // a one-time award counts as paid only once it survives `excludes`
    const program = entry.prepared.program;
    if (program.once) {
      const target = members.find((m) => m.id === entry.award.id) as Person;
      const { set, keys } = onceKeys(program, target, hh);
      for (const k of keys) once[set].add(k);
    }
    awards.push(entry.award);
    if (entry.award.payeeKind === "待补录") {
      const who = members.find((m) => m.id === entry.award.payeeId) ?? members.find((m) => m.id === entry.award.id);
      if (who && !pending.has(who) && entry.award.pendingReason) pending.set(who, entry.award.pendingReason);
    }
  }
  return { awards, pending: [...pending].map(([person, reason]) => ({ person, reason })), withheldOnce, excluded };
}

/** Programmes that cannot combine (`excludes`): the same person (or household) keeps the higher award; each dropped entry maps to the one kept. */
function resolveExcludes<T extends { prepared: PreparedProgram; award: Award; key: string }>(entries: readonly T[]): Map<T, T> {
  const dropped = new Map<T, T>();
  for (const a of entries) {
    for (const code of a.prepared.program.excludes) {
      for (const b of entries) {
        if (b.award.code !== code || dropped.has(a) || dropped.has(b)) continue;
        const sameTarget = a.key === b.key || a.key.startsWith("户:") || b.key.startsWith("户:");
        if (!sameTarget) continue;
        if (b.award.amount > a.award.amount) dropped.set(a, b);
        else dropped.set(b, a);
      }
    }
  }
  return dropped;
}

export { householdFacts };
