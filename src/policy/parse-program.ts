import { formatDate, parseDateText, type DateNum } from "../domain/dates.js";
import { formatYuan, parseYuan, type Fen } from "../domain/money.js";
import { compile, toNumber, type Compiled } from "./expression.js";
import { isObj, type IssueFn, type Obj, type Path } from "./parse-util.js";
import type { Amount, AmountPart, Category, DatedShares, NamedCondition, Param, Payee, PayVia, Program, Target } from "./types.js";

// One programme of the policy file: what the user wrote, validated into a Program (pure).

const CATEGORIES: readonly Category[] = ["奖励", "保障", "救助", "优惠", "地方"];
const TARGETS: readonly Target[] = ["parent", "child", "member", "household"];

/**
 * `shares: {中央: 60, …}`, or dated: `shares: {2004-01-01: {中央: 50, …}, 2019-01-01: {中央: 60, …}}`
 * (each set in force from its date until the next; DESIGN §11.3).
 */
function parseShares(raw: unknown, path: Path, levels: readonly string[], issue: IssueFn): DatedShares[] | undefined {
  if (isObj(raw) && Object.keys(raw).length > 0 && Object.keys(raw).every((k) => /^\d{4}-\d{1,2}-\d{1,2}$/.test(k))) {
    const out: DatedShares[] = [];
    let ok = true;
    for (const [start, set] of Object.entries(raw)) {
      const d = parseDateText(start);
      const bp = parseShareSet(set, [...path, start], levels, issue);
      if (d === undefined) {
        issue([...path, start], `分担比例的开始日期“${start}”无效(写作 2019-01-01)`);
        ok = false;
      } else if (bp) out.push({ start: d, bp });
      else ok = false;
    }
    out.sort((a, b) => a.start - b.start);
    return ok ? out : undefined;
  }
  if (isObj(raw) && Object.keys(raw).some((k) => /^\d{4}-/.test(k))) {
    issue(path, "shares 要么全部按级次写 {中央: 60, …},要么全部按开始日期写 {2019-01-01: {中央: 60, …}},不能混写");
    return undefined;
  }
  const bp = parseShareSet(raw, path, levels, issue);
  return bp ? [{ start: 0, bp }] : undefined;
}

function parseShareSet(raw: unknown, path: Path, levels: readonly string[], issue: IssueFn): number[] | undefined {
  if (!isObj(raw)) {
    issue(path, `shares 应写作 {${levels.map((l) => `${l}: 百分比`).join(", ")}},合计 100`);
    return undefined;
  }
  const bp = levels.map(() => 0);
  let ok = true;
  for (const [level, pct] of Object.entries(raw)) {
    const i = levels.indexOf(level);
    const v = typeof pct === "number" || typeof pct === "string" ? parseYuan(String(pct)) : undefined;
    if (i < 0) {
      issue([...path, level], `级次“${level}”不在 levels(${levels.join("、")})中`);
      ok = false;
    } else if (v === undefined || v < 0) {
      issue([...path, level], `${level} 的比例“${String(pct)}”应是 0–100 的百分数`);
      ok = false;
    } else bp[i] = v;
  }
  const total = bp.reduce((a, b) => a + b, 0);
  if (ok && total !== 10000) {
    issue(path, `各级分担比例合计应为 100,这里是 ${total / 100}`);
    ok = false;
  }
  return ok ? bp : undefined;
}

function compileAt(source: unknown, type: "bool" | "number", path: Path, issue: IssueFn): Compiled | undefined {
  const text = typeof source === "number" ? String(source) : typeof source === "boolean" ? String(source) : source;
  if (typeof text !== "string" || !text.trim()) {
    issue(path, type === "bool" ? "条件应是一个表达式,如 age >= 60" : "金额应是参数名或表达式");
    return undefined;
  }
  const r = compile(text, type);
  if (!r.ok) {
    issue(path, `表达式有误:${r.message}`);
    return undefined;
  }
  return r.value;
}

function parseConditions(raw: unknown, path: Path, issue: IssueFn): NamedCondition[] {
  if (raw === undefined) return [];
  if (!isObj(raw)) {
    issue(path, "conditions 应是 条件名: 表达式 的映射");
    return [];
  }
  const out: NamedCondition[] = [];
  for (const [name, src] of Object.entries(raw)) {
    const compiled = compileAt(src, "bool", [...path, name], issue);
    if (compiled) out.push({ name, compiled });
  }
  return out;
}

/** What a programme is parsed against: the policy's levels, parameters and award ceiling. */
export interface ProgramContext {
  readonly levels: readonly string[];
  readonly params: ReadonlyMap<string, Param>;
  readonly maxAward: Fen;
  /** The programme's code, to name it in a message. */
  readonly code?: string;
}

/** An amount known at load (a parameter's dated values, a constant expression) must be ≥ 0 and within max_award. */
function checkKnownAmount(value: number, known: string, path: Path, ctx: ProgramContext, issue: IssueFn): void {
  const what = `${ctx.code ? `项目 ${ctx.code} 的` : ""}${known}`;
  if (!Number.isFinite(value)) issue(path, `${what}不是有限数值`);
  else if (value < 0) issue(path, `${what}为负数(${value}):金额不能为负`);
  else if (value * 100 > ctx.maxAward) issue(path, `${what}(${value})超过单笔上限 max_award(${formatYuan(ctx.maxAward)} 元)`);
}

function parsePart(raw: Obj, path: Path, name: string, shares: DatedShares[] | undefined, ctx: ProgramContext, issue: IssueFn): AmountPart | undefined {
  const params = ctx.params;
  const basis = raw.per_year !== undefined ? "per_year" : raw.per_month !== undefined ? "per_month" : undefined;
  if (!basis || (raw.per_year !== undefined && raw.per_month !== undefined)) {
    issue(path, "金额应写 per_year: 参数名或表达式,或 per_month: 参数名或表达式(二选一)");
    return undefined;
  }
  const src = raw[basis];
  if (typeof src === "string" && /^[A-Za-z_]\w*$/.test(src.trim())) {
    const param = params.get(src.trim());
    if (!param) {
      issue([...path, basis], `参数 ${src} 未在 params 中定义`);
      return undefined;
    }
    param.values.forEach((v, i) => checkKnownAmount(v / 100, `金额参数 ${param.name} 自 ${formatDate(param.starts[i] ?? 0)} 的值`, [...path, basis], ctx, issue));
    return shares ? { name, basis, param: src.trim(), expression: undefined, shares } : undefined;
  }
  const expression = compileAt(src, "number", [...path, basis], issue);
  if (!expression) return undefined;
  for (const used of expression.paramsUsed) if (!params.has(used)) issue([...path, basis], `参数 ${used} 未在 params 中定义`);
  if (expression.constant) {
    let value: number;
    try {
      value = toNumber(expression.evaluate({}));
    } catch (err) {
      issue([...path, basis], `金额表达式“${expression.source}”无法计算:${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
      return undefined;
    }
    checkKnownAmount(value, `金额表达式“${expression.source}”的值`, [...path, basis], ctx, issue);
  }
  return shares ? { name, basis, param: undefined, expression, shares } : undefined;
}

export function parseProgram(raw: unknown, path: Path, ctx: ProgramContext, report: IssueFn): Program | undefined {
  let found = 0;
  const issue: IssueFn = (p, m) => {
    found++;
    report(p, m);
  };
  if (!isObj(raw)) {
    issue(path, "每个项目应是映射:code, name, category, basis, for, conditions, amount, shares, payee, notice …");
    return undefined;
  }
  const known = ["code", "name", "category", "basis", "for", "conditions", "amount", "shares", "payee", "notice", "once", "from", "until", "budget", "excludes", "pay_via"];
  for (const k of Object.keys(raw)) if (!known.includes(k)) issue([...path, k], `项目中未知的键 ${k}`);
  const code = typeof raw.code === "string" && /^[A-Za-z][A-Za-z0-9_]*$/.test(raw.code) ? raw.code : "";
  if (!code) issue([...path, "code"], "code 必填,只用英文字母、数字和下划线,如 jiangfu");
  const name = typeof raw.name === "string" ? raw.name.trim() : "";
  if (!name) issue([...path, "name"], "name(项目名称)必填");
  const category = CATEGORIES.find((c) => c === raw.category);
  if (!category) issue([...path, "category"], `category 应为 ${CATEGORIES.join("、")} 之一`);
  const basis = typeof raw.basis === "string" ? raw.basis.trim() : "";
  if (!basis) issue([...path, "basis"], "basis(政策依据:文件和条款)必填");
  const target = TARGETS.find((t) => t === raw.for);
  if (!target) issue([...path, "for"], "for 应为 parent、child、member 或 household");
  const conditions = parseConditions(raw.conditions, [...path, "conditions"], issue);

  let payee: Payee | undefined;
  if (raw.payee === "self" || raw.payee === "household") payee = { kind: raw.payee };
  else if (isObj(raw.payee) && typeof raw.payee.institution === "string" && raw.payee.institution.trim()) payee = { kind: "institution", name: raw.payee.institution.trim() };
  else issue([...path, "payee"], "payee 应为 self、household 或 {institution: 机构名称}");

  const flag = (key: string): boolean => {
    const v = raw[key];
    if (v === undefined) return false;
    if (typeof v !== "boolean") issue([...path, key], `${key} 应为 true 或 false`);
    return v === true;
  };
  const date = (key: string): DateNum | undefined => {
    const v = raw[key];
    if (v === undefined) return undefined;
    const d = parseDateText(String(v));
    if (d === undefined) issue([...path, key], `${key} 应是日期,如 2022-07-01`);
    return d;
  };
  const from = date("from");
  const until = date("until");
  if (from && until && until < from) issue([...path, "until"], "until 早于 from");
  let budget: Fen | undefined;
  if (raw.budget !== undefined) {
    budget = parseYuan(String(raw.budget));
    if (budget === undefined) issue([...path, "budget"], "budget 应是金额(元)");
  }
  let excludes: string[] = [];
  if (raw.excludes !== undefined) {
    if (Array.isArray(raw.excludes) && raw.excludes.every((x) => typeof x === "string")) excludes = raw.excludes as string[];
    else issue([...path, "excludes"], "excludes 应是项目代码的列表");
  }

  const amount = parseAmount(raw, path, { ...ctx, code }, issue);
  if (found > 0 || !code || !category || !target || !payee || !amount) return undefined;
  const payVia = parsePayVia(raw.pay_via, [...path, "pay_via"], issue);
  return { code, name, category, basis, target, conditions, amount, payee, notice: flag("notice"), once: flag("once"), from, until, budget, excludes, payVia };
}

function parseAmount(raw: Obj, path: Path, ctx: ProgramContext, issue: IssueFn): Amount | undefined {
  const levels = ctx.levels;
  const counting = issue;
  const a = raw.amount;
  const apath = [...path, "amount"];
  if (a === 0 || a === "0") {
    if (raw.shares !== undefined) counting([...path, "shares"], "资格类项目(amount: 0)不需要 shares");
    return { kind: "qualification" };
  }
  if (!isObj(a)) {
    counting(apath, "amount 应写 {per_year: …}、{per_month: …}、{parts: [...]} 或 0(仅资格)");
    return undefined;
  }
  for (const k of Object.keys(a)) if (!["per_year", "per_month", "parts", "month_rule"].includes(k)) counting([...apath, k], `amount 中未知的键 ${k}`);
  const monthRule = parseConditions(a.month_rule, [...apath, "month_rule"], counting);
  const parts: AmountPart[] = [];
  if (a.parts !== undefined) {
    if (raw.shares !== undefined) counting([...path, "shares"], "分部分的金额(parts)在每个部分里写 shares");
    if (!Array.isArray(a.parts) || a.parts.length === 0) {
      counting([...apath, "parts"], "parts 应是列表,每项 {name, per_year 或 per_month, shares}");
      return undefined;
    }
    a.parts.forEach((p: unknown, i: number) => {
      const ppath = [...apath, "parts", i];
      if (!isObj(p)) return counting(ppath, "每个部分应是映射 {name, per_year 或 per_month, shares}");
      const name = typeof p.name === "string" && p.name.trim() ? p.name.trim() : "";
      if (!name) counting([...ppath, "name"], "每个部分需要 name(如 国家标准)");
      const shares = parseShares(p.shares, [...ppath, "shares"], levels, counting);
      const part = parsePart(p, ppath, name, shares, ctx, counting);
      if (part) parts.push(part);
    });
  } else {
    const shares = parseShares(raw.shares, [...path, "shares"], levels, counting);
    const part = parsePart(a, apath, "", shares, ctx, counting);
    if (part) parts.push(part);
  }
  if (monthRule.length > 0 && parts.some((p) => p.basis !== "per_month")) counting([...apath, "month_rule"], "month_rule 只用于 per_month 金额");
  return parts.length > 0 ? { kind: "money", parts, monthRule } : undefined;
}

/**
 * `pay_via: 一卡通` or `pay_via: {template: 一卡通, item_code: "…"}`: the programme's 个人 awards are paid
 * through that bank template (a province's 一卡通 import list) instead of each payee's bank file.
 * Whether the template exists is checked with the bank templates.
 */
function parsePayVia(raw: unknown, path: Path, issue: IssueFn): PayVia | undefined {
  if (raw === undefined || raw === null) return undefined;
  const hint = "pay_via 应是 bank.templates 中的模板名,如 pay_via: 一卡通,或 {template: 一卡通, item_code: \"补贴项目代码\"}";
  const word = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" && !/[\r\n]/.test(v) ? v.trim() : typeof v === "number" ? String(v) : undefined);
  if (typeof raw === "string") {
    const template = word(raw);
    if (template) return { template, itemCode: undefined };
  } else if (isObj(raw)) {
    for (const k of Object.keys(raw)) if (k !== "template" && k !== "item_code") issue([...path, k], `pay_via 中未知的键 ${k}(可用:template, item_code)`);
    const template = word(raw.template);
    const itemCode = raw.item_code === undefined ? undefined : word(raw.item_code);
    if (raw.item_code !== undefined && itemCode === undefined) issue([...path, "item_code"], "item_code 应是一行文字(平台给的补贴项目代码,加引号)");
    if (template) return { template, itemCode };
  }
  issue(path, hint);
  return undefined;
}
