import { isMap, isSeq, LineCounter, parseDocument, type Document } from "yaml";
import { parseDateText, type DateNum } from "../domain/dates.js";
import { parseYuan, type Fen } from "../domain/money.js";
import { isObj, programKey, type IssueFn, type Path } from "./parse-util.js";
import { parseBanks } from "./banks.js";
import { parseProgram } from "./parse-program.js";
import { parseInstitutions } from "./parse-institutions.js";
import type { NoticeSettings, Param, Policy, PolicyIssue, Program } from "./types.js";

export type PolicyResult = { ok: true; value: Policy } | { ok: false; issues: PolicyIssue[] };
/** Where a key path stands in the YAML text (for sections validated elsewhere, such as bank). */
export type LineOf = (path: ReadonlyArray<string | number>) => number | undefined;

const DEFAULT_LEVELS = ["中央", "省", "市", "县"];
const DEFAULT_MAX_AWARD = 10_000_000 as Fen; // 100000 元
const pathText = (path: Path): string =>
  path.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");

/**
 * Parses and validates a policy file's text. Pure: the caller reads the file. `data` is the YAML as
 * plain values (what parsePolicy validates), for a worker thread to validate again without the text.
 */
export function parsePolicyText(text: string): PolicyResult & { lineOf: LineOf; data?: unknown } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      issues: doc.errors.map((e) => ({ path: "", line: e.linePos?.[0]?.line, message: `YAML 语法错误:${e.message.split("\n")[0]}` })),
      lineOf: () => undefined,
    };
  }
  const lineOf = (path: Path): number | undefined => lineOfPath(doc, lineCounter, path);
  let data: unknown;
  try {
    // an alias bomb (a &x expanded into itself a billion times) is refused, not expanded
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    const message = /alias/i.test(why) ? "YAML 中的别名(*名字)展开过多,像是被构造成耗尽内存的文件:政策文件不需要别名,请直接写出各项" : `YAML 无法读取:${why}`;
    return { ok: false, issues: [{ path: "", line: undefined, message }], lineOf: () => undefined };
  }
  return { ...parsePolicy(data, lineOf), lineOf, data };
}

function lineOfPath(doc: Document, lc: LineCounter, path: Path): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === "object" && node.range) return lc.linePos(node.range[0]).line;
    if (n > 0) {
      // a key's own line: the pair in its parent map
      const parent = doc.getIn(path.slice(0, n - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((it) => String((it.key as { value?: unknown })?.value ?? it.key) === String(path[n - 1]));
        const key = pair?.key as { range?: [number, number, number] } | undefined;
        if (key?.range) return lc.linePos(key.range[0]).line;
      }
      if (isSeq(parent)) continue;
    }
  }
  return undefined;
}

/** Validates what the user wrote into the program's normalised Policy. */
export function parsePolicy(data: unknown, lineOf: (path: Path) => number | undefined = () => undefined): PolicyResult {
  const issues: PolicyIssue[] = [];
  const issue = (path: Path, message: string): void => {
    issues.push({ path: pathText(path), line: lineOf(path), message });
  };
  if (!isObj(data)) {
    issue([], "政策文件应是一个映射(键: 值),顶层需要 county、params、programs 等");
    return { ok: false, issues };
  }
  const known = new Set(["county", "levels", "reference_date", "payment_date", "max_award", "params", "notice", "bank", "banks", "programs", "institutions"]);
  for (const k of Object.keys(data)) if (!known.has(k)) issue([k], `未知的键 ${k}`);

  const county = typeof data.county === "string" && data.county.trim() ? data.county.trim() : "";
  if (!county) issue(["county"], "county(县名)必填");

  let levels = DEFAULT_LEVELS;
  if (data.levels !== undefined) {
    if (Array.isArray(data.levels) && data.levels.length > 0 && data.levels.every((x) => typeof x === "string" && x.trim())) {
      levels = data.levels.map((x: string) => x.trim());
      if (new Set(levels).size !== levels.length) issue(["levels"], "levels 中有重复的级次");
    } else issue(["levels"], "levels 应是财政级次名称的列表,如 [中央, 省, 市, 县]");
  }

  const referenceMonthDay = monthDay(data.reference_date, "reference_date", issue) ?? 1231;
  const paymentMonthDay = monthDay(data.payment_date, "payment_date", issue) ?? referenceMonthDay;
  let maxAward = DEFAULT_MAX_AWARD;
  if (data.max_award !== undefined) {
    const v = typeof data.max_award === "number" || typeof data.max_award === "string" ? parseYuan(String(data.max_award)) : undefined;
    if (v === undefined || v <= 0) issue(["max_award"], "max_award(单笔金额上限,元)应是正的金额,如 100000");
    else maxAward = v;
  }

  const params = new Map<string, Param>();
  if (!isObj(data.params)) issue(["params"], "params 应是 参数名: {开始日期: 金额, …} 的映射");
  else {
    for (const [name, dated] of Object.entries(data.params)) {
      if (!/^[A-Za-z_]\w*$/.test(name)) issue(["params", name], `参数名 ${name} 只能用英文字母、数字和下划线`);
      if (!isObj(dated) || Object.keys(dated).length === 0) {
        issue(["params", name], `参数 ${name} 应是 {开始日期: 金额} 的映射,如 {2012-01-01: 960}`);
        continue;
      }
      const entries: Array<[DateNum, Fen]> = [];
      for (const [start, value] of Object.entries(dated)) {
        const d = parseDateText(start);
        const v = typeof value === "number" || typeof value === "string" ? parseYuan(String(value)) : undefined;
        if (d === undefined) issue(["params", name, start], `参数 ${name} 的开始日期“${start}”无效(写作 2012-01-01)`);
        else if (v === undefined) issue(["params", name, start], `参数 ${name} 在 ${start} 的值“${String(value)}”不是金额(元,最多两位小数)`);
        else entries.push([d, v]);
      }
      entries.sort((a, b) => a[0] - b[0]);
      params.set(name, { name, starts: entries.map((e) => e[0]), values: entries.map((e) => e[1]) });
    }
  }

  const notice = parseNotice(data.notice, issue);
  const banks = parseBanks(data.banks, issue);
  const institutions = parseInstitutions(data.institutions, issue);

  const programs: Program[] = [];
  if (!Array.isArray(data.programs) || data.programs.length === 0) issue(["programs"], "programs 应是项目列表,至少一个项目");
  else {
    data.programs.forEach((raw: unknown, i: number) => {
      const p = parseProgram(raw, ["programs", i], { levels, params, maxAward }, issue);
      if (p) programs.push(p);
    });
    // codes compare case-insensitively: an earlier year's P1 is this year's p1 (once, change list)
    const codes = new Map<string, string>();
    programs.forEach((p, i) => {
      const same = codes.get(programKey(p.code));
      if (same === p.code) issue(["programs", i, "code"], `项目代码 ${p.code} 重复`);
      else if (same !== undefined) issue(["programs", i, "code"], `项目代码 ${p.code} 与 ${same} 只有大小写不同:项目代码不区分大小写,请改用不同的代码`);
      else codes.set(programKey(p.code), p.code);
    });
    programs.forEach((p, i) => {
      for (const x of p.excludes) if (!codes.has(programKey(x))) issue(["programs", i, "excludes"], `excludes 中的项目代码 ${x} 不存在`);
      programs[i] = { ...p, excludes: p.excludes.map((x) => codes.get(programKey(x)) ?? x) };
    });
  }
  if (issues.length > 0) return { ok: false, issues };
  const readsRowCells = programs.some((p) =>
    [...p.conditions, ...(p.amount.kind === "money" ? p.amount.monthRule : [])].some((c) => /\brow\s*\[/.test(c.compiled.source)) ||
    (p.amount.kind === "money" && p.amount.parts.some((x) => x.expression && /\brow\s*\[/.test(x.expression.source))),
  );
  return { ok: true, value: { county, levels, referenceMonthDay, paymentMonthDay, maxAward, params, notice, bank: data.bank, banks, programs, institutions, readsRowCells } };
}

/** A month-day key (reference_date, payment_date) written 12-31, as the number 1231. */
function monthDay(raw: unknown, key: string, issue: IssueFn): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^(\d{1,2})-(\d{1,2})$/.exec(String(raw).trim());
  if (!m || !parseDateText(`2001-${m[1]}-${m[2]}`)) {
    issue([key], `${key} 应写作 月-日,如 12-31`);
    return undefined;
  }
  return Number(m[1]) * 100 + Number(m[2]);
}

function parseNotice(raw: unknown, issue: IssueFn): NoticeSettings {
  const n: NoticeSettings = { days: 7, phone: "", where: "村(居)委会、乡镇(街道)计生办", maskHead: 6, maskTail: 4, maskNames: false, issuer: "", paper: "A4" };
  if (raw === undefined) return n;
  if (!isObj(raw)) {
    issue(["notice"], "notice 应是映射:days, phone, where, issuer, paper, mask, mask_names");
    return n;
  }
  const out = { ...n };
  for (const k of Object.keys(raw)) if (!["days", "phone", "where", "issuer", "paper", "mask", "mask_names"].includes(k)) issue(["notice", k], `notice 中未知的键 ${k}`);
  if (raw.days !== undefined) {
    if (Number.isInteger(raw.days) && (raw.days as number) > 0) out.days = raw.days as number;
    else issue(["notice", "days"], "notice.days 应是正整数(公示天数)");
  }
  if (raw.phone !== undefined) out.phone = String(raw.phone);
  if (raw.where !== undefined) out.where = String(raw.where);
  if (raw.issuer !== undefined) out.issuer = String(raw.issuer).trim();
  if (raw.paper !== undefined) {
    const paper = String(raw.paper).trim().toUpperCase();
    if (paper === "A4" || paper === "A3") out.paper = paper;
    else issue(["notice", "paper"], "notice.paper 应为 A4 或 A3(公示名单的纸张)");
  }
  if (raw.mask !== undefined) {
    const m = raw.mask;
    if (isObj(m) && Number.isInteger(m.head) && Number.isInteger(m.tail) && (m.head as number) >= 0 && (m.tail as number) >= 0 && (m.head as number) + (m.tail as number) < 18) {
      out.maskHead = m.head as number;
      out.maskTail = m.tail as number;
    } else issue(["notice", "mask"], "notice.mask 应写作 {head: 6, tail: 4}(保留前几位和后几位,合计少于18)");
  }
  if (raw.mask_names !== undefined) {
    if (typeof raw.mask_names === "boolean") out.maskNames = raw.mask_names;
    else issue(["notice", "mask_names"], "notice.mask_names 应为 true 或 false");
  }
  return out;
}
