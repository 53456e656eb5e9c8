import { compareAwards, type Award } from "./domain/award.js";
import { maskId } from "./domain/id-number.js";
import { add, ZERO, type Fen } from "./domain/money.js";
import { emptyOnceRegistry, evaluateHousehold, type OnceRegistry, type TraceRequest } from "./policy/evaluate.js";
import type { ProgramTrace } from "./policy/trace.js";
import { prepareRun } from "./policy/prepare.js";
import type { Policy } from "./policy/types.js";
import { applyBanks } from "./roster/apply-banks.js";
import { loadRoster } from "./roster/load-roster.js";
import type { Problem } from "./roster/problem.js";
import type { Explained, RunResult } from "./outputs/run-result.js";
import { readPreviousLedgers, registerPreviousOnce, withPolicyCodes, type PreviousAward } from "./years/previous.js";
import { findRenumbered, underNewNumbers } from "./years/renumbered.js";
import { groupBy } from "./outputs/groups.js";
import { changeKey, changeList } from "./years/changes.js";
import { householdExitReasons, keepNearest, movedTo, NOT_FOUND, NOT_IN_ROSTER, type ExitReason } from "./policy/change-reason.js";
import { readObjections, withholdObjections, type WithheldAward } from "./years/objections.js";
import { bankRowRule, templateForBank, type BankTemplates } from "./outputs/bank/index.js";
import { describeChar, unencodableChars } from "./outputs/bank/encoding.js";
import type { Person } from "./domain/person.js";
import { pendingReasonColumn, pendingReasonText } from "./domain/pending-reason.js";
import { COLLECT_FROM_ROWS, collectGarbage } from "./gc.js";
import { inlineLess } from "./jit.js";
import { regionCodesByVillage } from "./roster/region-codes.js";
import { letSignalsIn } from "./run-dir/index.js";

/** Households evaluated between two turns of the event loop, so Ctrl-C takes effect during evaluation (costs nothing measurable). */
const YIELD_EVERY = 2000;

export interface RunInput {
  readonly rosterPath: string;
  readonly year: number;
  readonly policy: Policy;
  readonly policySha256: string;
  readonly previous: readonly string[];
  readonly noticeStart: number;
  readonly sheet?: string | undefined;
  readonly version: string;
  readonly onProgress?: ((stage: string, n: number) => void) | undefined;
  readonly timings?: Record<string, number> | undefined;
  readonly bankTemplates: BankTemplates;
  /** --exclude: objections raised during the notice period. */
  readonly exclude?: string | undefined;
  /** payout explain: trace the household holding this ID (or with this 户编号) through the run's own evaluation. */
  readonly explain?: { readonly id: string; readonly householdId: string } | undefined;
}

/**
 * A payee whose name has a character outside GBK (a rare 生僻字) is still paid: the bank file carries
 * it in its GB18030 form, never as "?", and the clerk is told which character to check with the bank.
 */
function warnRareCharacters(a: Award, templates: BankTemplates, problems: Problem[], members: readonly Person[], checked: Set<string>): void {
  // a payee's name and bank are the same on each of the household's awards: looked at once
  if (a.payeeKind !== "个人" || checked.has(a.payeeId)) return;
  checked.add(a.payeeId);
  if (templateForBank(templates, a.bank).encoding !== "GBK") return;
  const rare = unencodableChars(a.payeeName, "GBK");
  if (rare.length === 0) return;
  problems.push({
    row: members.find((m) => m.id === a.payeeId)?.row ?? 0, township: a.township, village: a.village, householdId: a.householdId, name: a.payeeName, id: a.payeeId,
    column: "姓名", level: "警告",
    message: `领款人姓名中的 ${rare.map(describeChar).join("、")} 不在 GBK 字符集中,已按 GB18030 写入 ${a.bank} 的代发文件:请向银行核实该户名能否入账`,
  });
}

/** A programme's name for messages (DESIGN: names, never codes, where a person reads). */
function programName(policy: Policy, code: string): string {
  return policy.programs.find((p) => p.code === code)?.name ?? code;
}

const now = (): number => performance.now() / 1000;

/** An award withheld after the notice is not in the ledger: explain says so, with the objection. */
function withObjections(traces: readonly ProgramTrace[], withheld: readonly WithheldAward[]): ProgramTrace[] {
  const reasons = new Map(withheld.map((w) => [w.award, w.reason]));
  return traces.map((t) => {
    const reason = t.outcome.kind === "paid" ? reasons.get(t.outcome.award) : undefined;
    return reason === undefined ? t : { ...t, outcome: { kind: "objection", reason } };
  });
}

/**
 * A person who left last year's household is "不在本年花名册" only if no household lists them now;
 * otherwise the reason names the household they are in (a handful of people: one scan of the roster).
 */
function movedOut(reasons: Map<string, ExitReason>, latest: readonly PreviousAward[], households: readonly (readonly Person[])[], keyOf: (code: string, householdId: string, id: string) => string): void {
  const absent = new Map<string, string[]>();
  for (const p of latest) {
    const key = keyOf(p.code, p.householdId, p.id);
    if (reasons.get(key)?.text === NOT_IN_ROSTER) absent.set(p.id, [...(absent.get(p.id) ?? []), key]);
  }
  if (absent.size === 0) return;
  for (const members of households) {
    for (const m of members) {
      const keys = absent.get(m.id);
      if (keys) for (const k of keys) reasons.set(k, { text: movedTo(m), rank: NOT_FOUND });
    }
  }
}

/** read → validate → group → evaluate: everything before the first file is written. */
export async function computeRun(input: RunInput): Promise<RunResult> {
  const t0 = now();
  const prepared = prepareRun(input.policy, input.year);
  const roster = await loadRoster(input.rosterPath, {
    year: input.year,
    sheet: input.sheet,
    keepCells: input.policy.readsRowCells,
    onProgress: (n) => input.onProgress?.("读取", n),
    rowRule: bankRowRule(input.bankTemplates, input.policy.banks),
  });
  for (const p of applyBanks(roster.households, input.policy.banks).problems) roster.problems.push(p);
  // what runs from here on (evaluation, writing, the writing worker) is compiled with a smaller inlining budget
  inlineLess();
  if (roster.rowsRead >= COLLECT_FROM_ROWS) collectGarbage();
  // earlier ledgers are read after the roster, so their memory does not add to the parsing peak
  const read = await readPreviousLedgers(input.previous, input.year, input.policy);
  const previous = { ...read, all: withPolicyCodes(read.all, input.policy), latest: withPolicyCodes(read.latest, input.policy) };
  const previousOnce = emptyOnceRegistry();
  registerPreviousOnce(previous.all, input.policy, previousOnce);
  const once: OnceRegistry = { households: new Set(previousOnce.households), persons: new Set(previousOnce.persons) };
  // the change list compares with the latest earlier year only, a renumbered household under its new 户编号
  const latestById = groupBy(previous.latest, (p) => p.id);
  const renumbered = previous.latest.length === 0 ? [] : findRenumbered(
    roster.households, latestById, groupBy(previous.latest.filter((p) => p.payeeId !== "" && p.payeeId !== p.id), (p) => p.payeeId),
    new Set([...roster.households.map((h) => h[0]?.householdId ?? ""), ...roster.problems.map((p) => p.householdId)]),
  );
  const latest = underNewNumbers(previous.latest, renumbered);
  const prevById = latest === previous.latest ? latestById : groupBy(latest, (p) => p.id);
  const prevByHousehold = groupBy(latest, (p) => p.householdId);
  const keyOf = (code: string, householdId: string, id: string): string => changeKey(input.policy, code, householdId, id);
  const exitReasons = new Map<string, ExitReason>();
  const t1 = now();
  if (input.timings) input.timings.rss_after_read_mb = process.memoryUsage().rss / 2 ** 20;
  const awards: Award[] = [];
  let explained: Explained | undefined;
  const problems: Problem[] = roster.problems;
  for (const message of read.warnings) problems.push({ row: 0, township: "", village: "", householdId: "", name: "", id: "", column: "", level: "警告", message });
  let persons = 0;
  let evaluated = 0;
  const regionCodes = regionCodesByVillage(roster.households);
  const households = roster.households.length;
  // Without an earlier ledger nothing reads a household's rows once it is evaluated: each is let go
  // at once, so a million-row roster's persons are collected while the awards are made instead of
  // all being held to the end (1M rows: the peak before writing ~90 MB lower).
  const letGo = latest.length === 0;
  for (let h = 0; h < roster.households.length; h++) {
    const members = roster.households[h] as Person[];
    if (letGo) roster.households[h] = [];
    persons += members.length;
    const wanted = input.explain !== undefined && (members[0]?.householdId === input.explain.householdId || members.some((m) => m.id === input.explain?.id));
    const trace: TraceRequest | undefined = wanted ? { traces: [], only: members.find((m) => m.id === input.explain?.id) } : undefined;
    const result = evaluateHousehold(members, prepared, once, trace);
    if (trace) explained = { members, only: trace.only, traces: trace.traces };
    const checked = new Set<string>();
    for (const a of result.awards) {
      warnRareCharacters(a, input.bankTemplates, problems, members, checked);
      awards.push(a);
    }
    for (const { person: p, reason } of result.pending) {
      problems.push({ row: p.row, township: p.township, village: p.village, householdId: p.householdId, name: p.name, id: p.id, column: pendingReasonColumn(reason), level: "警告", message: `款项列入待补录:${pendingReasonText(reason)}` });
    }
    if (latest.length > 0) {
      const earlier = [...members.flatMap((m) => prevById.get(m.id) ?? []), ...(prevByHousehold.get(members[0]?.householdId ?? "") ?? [])];
      if (earlier.length > 0) {
        keepNearest(exitReasons, householdExitReasons(members, result, earlier, prepared, keyOf));
      }
    }
    for (const w of result.withheldOnce) {
      const p = w.person;
      problems.push({ row: p.row, township: p.township, village: p.village, householdId: p.householdId, name: p.name, id: p.id, column: "", level: "警告", message: `一次性项目“${programName(input.policy, w.code)}”往年已发放,本年不再发放` });
    }
    if (++evaluated % 10000 === 0) input.onProgress?.("核定", evaluated);
    if (evaluated % YIELD_EVERY === 0) await letSignalsIn();
  }
  movedOut(exitReasons, previous.latest, roster.households, keyOf);
  awards.sort(compareAwards);
  let withheld: WithheldAward[] | undefined;
  if (input.exclude !== undefined) {
    const objections = await readObjections(input.exclude, input.policy.programs, (message) => {
      problems.push({ row: 0, township: "", village: "", householdId: "", name: "", id: "", column: "", level: "警告", message });
    });
    const split = withholdObjections(awards, objections);
    awards.length = 0;
    for (const a of split.kept) awards.push(a);
    withheld = split.withheld;
    if (explained) explained = { ...explained, traces: withObjections(explained.traces, split.withheld) };
    for (const o of split.unmatched) {
      problems.push({ row: 0, township: "", village: "", householdId: "", name: "", id: o.id, column: "身份证号", level: "警告", message: `异议名单中的 ${maskId(o.id)}${o.code ? `(${programName(input.policy, o.code)})` : ""} 本年没有对应的款项` });
    }
  }
  if (roster.rowsRead >= COLLECT_FROM_ROWS) collectGarbage();
  const t2 = now();
  if (input.timings) {
    input.timings.read_validate = t1 - t0;
    input.timings.evaluate = t2 - t1;
    input.timings.rss_after_evaluate_mb = process.memoryUsage().rss / 2 ** 20;
    input.timings.heap_after_evaluate_mb = process.memoryUsage().heapUsed / 2 ** 20;
  }
  const totals = new Map<string, Fen>();
  for (const a of awards) totals.set(a.code, add(totals.get(a.code) ?? ZERO, a.amount));
  const budgetWarnings = input.policy.programs
    .filter((p) => p.budget !== undefined && (totals.get(p.code) ?? 0) > (p.budget ?? 0))
    .map((p) => ({ code: p.code, name: p.name, budget: p.budget ?? ZERO, amount: totals.get(p.code) ?? ZERO }));
  let changes;
  if (input.previous.length > 0) {
    const rejected = new Set(problems.filter((p) => p.level === "错误" || p.code === "household-excluded").map((p) => p.id));
    // a person now listed as a relative outside the couple and their children: "与户主关系为“孙子”,不是夫、妻或其子女"
    const setAside = new Map(problems.filter((p) => p.code === "set-aside").map((p) => [p.id, p.message.slice(0, p.message.indexOf(":"))]));
    const objected = new Map((withheld ?? []).map((w) => [changeKey(input.policy, w.award.code, w.award.householdId, w.award.id), w.reason]));
    changes = changeList(input.policy, latest, awards, renumbered, (p) => {
      const key = changeKey(input.policy, p.code, p.householdId, p.id);
      const objection = objected.get(key);
      if (objection !== undefined) return `公示异议,暂停发放:${objection}`;
      const aside = setAside.get(p.id);
      // not found in any household, but listed as a relative in one
      if (aside !== undefined && (exitReasons.get(key)?.text ?? NOT_IN_ROSTER) === NOT_IN_ROSTER) return `本年花名册中${aside},不参与核定`;
      return exitReasons.get(key)?.text ?? (rejected.has(p.id) ? "本户数据有误,本年暂不发放(见数据问题.csv)" : "不在本年花名册");
    });
  }
  return {
    regionCodes,
    changes,
    withheld,
    previousOnce,
    explained,
    year: input.year,
    policy: input.policy,
    awards,
    problems,
    rowsRead: roster.rowsRead,
    rowsRejected: roster.rowsRejected,
    rowsSetAside: roster.rowsSetAside,
    persons,
    households,
    budgetWarnings,
    noticeStart: input.noticeStart,
    rosterSha256: roster.sha256,
    policySha256: input.policySha256,
    version: input.version,
  };
}
