import type { Award, PayeeKind } from "../domain/award.js";
import { householdFacts, isAliveForYear, type HouseholdFacts } from "../domain/facts.js";
import { hasUsableAccount, type Person } from "../domain/person.js";
import { computeAmount, PolicyRuntimeError } from "./amount.js";
import type { PreparedProgram, PreparedRun } from "./prepare.js";
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
  /** Rows whose awards went to 待补录, with the reason (no usable account, payee not alive …). */
  readonly pending: Array<{ readonly person: Person; readonly reason: string }>;
  /** One-time awards not paid again because an earlier year (or this run) already paid them. */
  readonly withheldOnce: WithheldOnce[];
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
  try {
    return c.compiled.evaluate(ctx) === true;
  } catch (err) {
    throw new PolicyRuntimeError(code, `${c.name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function onceKeys(program: Program, target: Person, hh: HouseholdFacts): { set: "households" | "persons"; keys: string[] } {
  if (program.target === "household") {
    return { set: "households", keys: [target.householdId, ...hh.parents.map((p) => p.id)].map((k) => `${program.code}\u0000${k}`) };
  }
  return { set: "persons", keys: [`${program.code}\u0000${target.id}`] };
}

export interface Payment {
  readonly kind: PayeeKind;
  readonly payee: Person | undefined;
  readonly institution: string;
  /** For 待补录: why. */
  readonly reason: string;
}

/** Who receives an award, and how (DESIGN.md §4). */
export function resolvePayment(program: Program, target: Person, hh: HouseholdFacts, run: PreparedRun): Payment {
  if (program.amount.kind === "qualification") return { kind: "资格", payee: undefined, institution: "", reason: "" };
  const payee = program.payee;
  switch (payee.kind) {
    case "institution":
      return { kind: "机构", payee: undefined, institution: payee.name, reason: "" };
    case "self":
    case "household": {
      const who = payee.kind === "self" ? target : hh.payee;
      const reason = !who ? "无领款人" : !isAliveForYear(who, run.dates) ? "领款人已去世" : who.bank === "" || who.account === "" ? "无开户银行或账号" : !hasUsableAccount(who) ? "账号无效" : "";
      return { kind: reason ? "待补录" : "个人", payee: who, institution: "", reason };
    }
    default: {
      const never: never = payee;
      throw new Error(`unknown payee ${String(never)}`);
    }
  }
}

export function evaluateHousehold(members: readonly Person[], run: PreparedRun, once: OnceRegistry): HouseholdResult {
  const hh = householdFacts(members, run.dates);
  const contexts = new Map<Person, FactContext>();
  const ctxOf = (p: Person): FactContext => {
    let ctx = contexts.get(p);
    if (!ctx) {
      ctx = buildContext(p, hh, run.dates);
      contexts.set(p, ctx);
    }
    return ctx;
  };
  const awards: Award[] = [];
  const byProgram: Array<{ prepared: PreparedProgram; award: Award; key: string }> = [];
  const withheldOnce: WithheldOnce[] = [];
  for (const prepared of run.programs) {
    const program = prepared.program;
    for (const target of targetsOf(program, members, hh)) {
      const ctx = ctxOf(target);
      if (!program.conditions.every((c) => conditionHolds(c, ctx, program.code))) continue;
      const amount = computeAmount(prepared, run, ctx);
      if (program.amount.kind === "money" && amount.amount === 0) continue;
      if (program.once) {
        const { set, keys } = onceKeys(program, target, hh);
        if (keys.some((k) => once[set].has(k))) {
          withheldOnce.push({ code: program.code, person: target });
          continue;
        }
      }
      const pay = resolvePayment(program, target, hh, run);
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
        levels: amount.levels,
        explanation: amount.explanation,
        pendingReason: pay.reason,
      };
      byProgram.push({ prepared, award, key: program.target === "household" ? `户:${target.householdId}` : target.id });
    }
  }
  const dropped = resolveExcludes(byProgram);
  const pending = new Map<Person, string>();
  for (const entry of byProgram) {
    if (dropped.has(entry)) continue;
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
      if (who && !pending.has(who)) pending.set(who, entry.award.pendingReason ?? "");
    }
  }
  return { awards, pending: [...pending].map(([person, reason]) => ({ person, reason })), withheldOnce };
}

/** Programmes that cannot combine (`excludes`): the same person (or household) keeps the higher award. */
function resolveExcludes<T extends { prepared: PreparedProgram; award: Award; key: string }>(entries: readonly T[]): Set<T> {
  const dropped = new Set<T>();
  for (const a of entries) {
    for (const code of a.prepared.program.excludes) {
      for (const b of entries) {
        if (b.award.code !== code || dropped.has(a) || dropped.has(b)) continue;
        const sameTarget = a.key === b.key || a.key.startsWith("户:") || b.key.startsWith("户:");
        if (!sameTarget) continue;
        dropped.add(b.award.amount > a.award.amount ? a : b);
      }
    }
  }
  return dropped;
}

export { householdFacts };
