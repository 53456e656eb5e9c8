import {
  BANK_COLUMN_WORDS, DEFAULT_BANK_TEMPLATE, DEFAULT_BANK_TEMPLATES,
  type BankColumn, type BankEncoding, type BankTemplate, type BankTemplateIssue, type BankTemplates, type BankTemplatesResult,
} from "./templates.js";
import type { Policy } from "../../policy/types.js";

type Keys = ReadonlyArray<string | number>;
type Obj = Record<string, unknown>;
interface Reporter {
  readonly add: (keys: Keys, message: string) => void;
  readonly count: () => number;
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
const pathText = (keys: Keys): string =>
  keys.map((k, i) => (typeof k === "number" ? `[${k}]` : i === 0 ? k : `.${k}`)).join("");

const TEMPLATE_KEYS = [
  "format", "encoding", "delimiter", "columns", "title_row", "amount_unit", "control", "lines",
  "unit_code", "id_type", "summary", "line_ending", "sheet", "title_rows", "total_row",
];
/** Keys that mean something only in a text file, and only in a workbook. */
const TEXT_ONLY = ["encoding", "delimiter", "title_row", "control", "line_ending"];
const XLSX_ONLY = ["sheet", "title_rows", "total_row"];
const PLACEHOLDERS = ["年度", "县", "项目名称", "补贴项目代码"];

/** A programme that names its template (pay_via), for messages and the byProgram map. */
export interface PayViaUse {
  readonly code: string;
  readonly template: string;
  /** Index in the policy's programs list, for the line lookup. */
  readonly index: number;
}
const DELIMITERS = [",", "|", "\t", ";", "~", "^"];
const ENCODINGS: ReadonlyMap<string, BankEncoding> = new Map([
  ["GBK", "GBK"], ["GB18030", "GB18030"], ["UTF-8", "UTF-8"], ["UTF8", "UTF-8"],
]);

/** The bank templates of a parsed policy: its `bank:` section, the templates its `banks` and programmes' pay_via name. */
export function policyBankTemplates(policy: Pick<Policy, "bank" | "banks" | "programs">): BankTemplatesResult {
  const payVia = policy.programs.flatMap((p, index) => (p.payVia ? [{ code: p.code, template: p.payVia.template, index }] : []));
  return parseBankTemplates(policy.bank, policy.banks, payVia);
}

/**
 * Validates the policy's `bank:` section (see templates.ts for its shape). Pure.
 * Absent (undefined or null) means the default template of DESIGN §7.5 for every bank.
 */
export function parseBankTemplates(
  raw: unknown,
  assigned: ReadonlyArray<{ readonly name: string; readonly template: string | undefined }> = [],
  payVia: readonly PayViaUse[] = [],
): BankTemplatesResult {
  const issues: BankTemplateIssue[] = [];
  const wanted = assigned.filter((b) => b.template !== undefined);
  if ((raw === undefined || raw === null) && wanted.length === 0 && payVia.length === 0) return { ok: true, value: DEFAULT_BANK_TEMPLATES };
  if (raw === undefined || raw === null) {
    assigned.forEach((b, i) => {
      if (b.template !== undefined) issues.push({ path: `banks[${i}].template`, keys: ["banks", i, "template"], message: `模板 ${b.template} 不存在:政策中没有 bank.templates` });
    });
    for (const p of payVia) issues.push({ path: `programs[${p.index}].pay_via`, keys: ["programs", p.index, "pay_via"], message: `模板 ${p.template} 不存在:政策中没有 bank.templates` });
    return { ok: false, issues };
  }
  const reporter: Reporter = {
    add: (keys, message) => {
      const full = ["bank", ...keys];
      issues.push({ path: pathText(full), keys: full, message });
    },
    count: () => issues.length,
  };
  const issue = reporter.add;
  if (!isObj(raw)) {
    issue([], "bank 应是映射:default(默认模板)和 templates(按开户银行指定的模板)");
    return { ok: false, issues };
  }
  for (const k of Object.keys(raw)) if (k !== "default" && k !== "templates") issue([k], `未知的键 ${k}(可用:default, templates)`);

  let fallback = DEFAULT_BANK_TEMPLATE;
  if (raw.default !== undefined) {
    fallback = parseTemplate("default", raw.default, ["default"], reporter) ?? fallback;
  }

  const byBank = new Map<string, BankTemplate>();
  const byName = new Map<string, BankTemplate>();
  const owner = new Map<string, string>();
  if (raw.templates !== undefined) {
    if (!isObj(raw.templates)) issue(["templates"], "templates 应是 模板名: {banks: [开户银行…], format: …} 的映射");
    else {
      for (const [name, body] of Object.entries(raw.templates)) {
        const keys = ["templates", name];
        const template = parseTemplate(name, body, keys, reporter);
        const banks = isObj(body) ? body.banks : undefined;
        if (template) byName.set(name, template);
        if (banks === undefined && (wanted.some((b) => b.template === name) || payVia.some((p) => p.template === name))) continue;
        // `banks: []` written out: no bank's file uses it, it waits for a programme's pay_via (the sample's 一卡通)
        if (Array.isArray(banks) && banks.length === 0) continue;
        if (!Array.isArray(banks)) {
          issue([...keys, "banks"], `模板 ${name} 需要 banks:使用该模板的开户银行名称列表,如 [农村商业银行];只供项目 pay_via 使用的模板可写 banks: []`);
          continue;
        }
        banks.forEach((bank: unknown, i: number) => {
          const bankName = typeof bank === "string" ? bank.trim() : "";
          if (!bankName) issue([...keys, "banks", i], "开户银行名称应是非空文字");
          else if (owner.has(bankName)) issue([...keys, "banks", i], `开户银行 ${bankName} 已指定给模板 ${owner.get(bankName) ?? ""},一个银行只能用一个模板`);
          else {
            owner.set(bankName, name);
            if (template) byBank.set(bankName, template);
          }
        });
      }
    }
  }
  // policy `banks`: a bank names its template (DESIGN §11.3)
  assigned.forEach((b, i) => {
    if (b.template === undefined) return;
    const keys = ["banks", i, "template"];
    const t = byName.get(b.template);
    const isTemplate = isObj(raw.templates) && Object.hasOwn(raw.templates, b.template);
    if (!isTemplate) issues.push({ path: `banks[${i}].template`, keys, message: `模板 ${b.template} 不在 bank.templates 中(有:${isObj(raw.templates) ? Object.keys(raw.templates).join("、") : "无"})` });
    else if (owner.has(b.name) && owner.get(b.name) !== b.template) issues.push({ path: `banks[${i}].template`, keys, message: `银行 ${b.name} 已在模板 ${owner.get(b.name) ?? ""} 的 banks 中,这里又指定了 ${b.template}` });
    else if (t) byBank.set(b.name, t);
  });
  const byProgram = new Map<string, BankTemplate>();
  for (const p of payVia) {
    const t = byName.get(p.template);
    const isTemplate = isObj(raw.templates) && Object.hasOwn(raw.templates, p.template);
    if (!isTemplate) issues.push({ path: `programs[${p.index}].pay_via`, keys: ["programs", p.index, "pay_via"], message: `模板 ${p.template} 不在 bank.templates 中(有:${isObj(raw.templates) ? Object.keys(raw.templates).join("、") : "无"})` });
    else if (t) byProgram.set(p.code, t);
  }
  if (issues.length > 0) return { ok: false, issues };
  const value: BankTemplates = { default: fallback, byBank, byProgram };
  return { ok: true, value };
}

function parseTemplate(name: string, raw: unknown, keys: Keys, reporter: Reporter): BankTemplate | undefined {
  const issue = reporter.add;
  if (!isObj(raw)) {
    issue(keys, `模板 ${name} 应是映射,如 {format: csv, columns: [序号, 户名, 证件号码, 账号, 金额, 摘要]}`);
    return undefined;
  }
  const before = reporter.count();
  const isDefault = keys.length === 1;
  for (const k of Object.keys(raw)) {
    if (k === "banks" && isDefault) issue([...keys, k], "默认模板不需要 banks:未在其他模板中列出的银行都用默认模板");
    else if (!TEMPLATE_KEYS.includes(k) && k !== "banks") issue([...keys, k], `未知的键 ${k}(可用:${TEMPLATE_KEYS.join(", ")}${isDefault ? "" : ", banks"})`);
  }
  const at = (k: string): Keys => [...keys, k];
  const choice = <T extends string>(k: string, allowed: readonly T[], fallback: T, hint: string): T => {
    const v = raw[k];
    if (v === undefined) return fallback;
    if (typeof v === "string" && (allowed as readonly string[]).includes(v.trim())) return v.trim() as T;
    issue(at(k), `${k} 的值“${String(v)}”无效,可用:${allowed.join(" / ")}${hint}`);
    return fallback;
  };
  const text = (k: string, fallback: string, hint: string): string => {
    const v = raw[k];
    if (v === undefined) return fallback;
    if (typeof v === "string" && v.trim() !== "" && !/[\r\n]/.test(v)) return v.trim();
    issue(at(k), `${k} 应是加引号的一行文字${hint}`);
    return fallback;
  };

  let format: BankTemplate["format"] = DEFAULT_BANK_TEMPLATE.format;
  if (raw.format !== undefined) {
    const f = typeof raw.format === "string" ? raw.format.trim().toLowerCase() : "";
    if (f === "csv" || f === "txt" || f === "xlsx") format = f;
    else issue(at("format"), `format 的值“${String(raw.format)}”无效,可用:csv / txt / xlsx`);
  }
  for (const k of format === "xlsx" ? TEXT_ONLY : XLSX_ONLY) {
    if (raw[k] !== undefined) issue(at(k), format === "xlsx" ? `${k} 只用于 csv/txt 文件,Excel 模板(format: xlsx)不用` : `${k} 只用于 Excel 模板(format: xlsx)`);
  }

  let encoding: BankEncoding = DEFAULT_BANK_TEMPLATE.encoding;
  if (raw.encoding !== undefined) {
    const e = typeof raw.encoding === "string" ? ENCODINGS.get(raw.encoding.trim().toUpperCase()) : undefined;
    if (e) encoding = e;
    else issue(at("encoding"), `encoding 的值“${String(raw.encoding)}”无效,可用:GBK(默认) / GB18030 / UTF-8`);
  }

  let delimiter = format === "txt" ? "|" : ",";
  if (raw.delimiter !== undefined) {
    if (typeof raw.delimiter === "string" && DELIMITERS.includes(raw.delimiter)) delimiter = raw.delimiter;
    else issue(at("delimiter"), `delimiter 应是一个分隔字符,可用:${DELIMITERS.map((d) => (d === "\t" ? "\"\\t\"" : `"${d}"`)).join(" ")}`);
  }

  let columns: readonly BankColumn[] = DEFAULT_BANK_TEMPLATE.columns;
  if (raw.columns !== undefined) {
    const words = [...BANK_COLUMN_WORDS.keys()].join("、");
    if (!Array.isArray(raw.columns) || raw.columns.length === 0) issue(at("columns"), `columns 应是列名列表,可用的列名:${words}`);
    else {
      const parsed: BankColumn[] = [];
      const seen = new Set<string>();
      const titles = new Set<string>();
      raw.columns.forEach((w: unknown, i: number) => {
        const column = parseColumn(w, [...keys, "columns", i], words, reporter);
        if (!column) return;
        if (titles.has(column.title)) issue([...keys, "columns", i], `列标题“${column.title}”重复`);
        else if (column.field !== "常量" && seen.has(column.field)) issue([...keys, "columns", i], `列“${column.title}”重复(与前面的列同为${column.field})`);
        else {
          titles.add(column.title);
          if (column.field !== "常量") seen.add(column.field);
          parsed.push(column);
        }
      });
      columns = parsed;
      if (reporter.count() === before) {
        for (const need of ["金额", "账号", "户名"] as const) {
          if (!seen.has(need)) issue(at("columns"), `columns 必须包含“${need}”列`);
        }
      }
    }
  }

  const titleRow = raw.title_row === undefined ? format === "csv" : raw.title_row;
  if (typeof titleRow !== "boolean") issue(at("title_row"), "title_row 应是 true 或 false");
  const amountUnit = choice("amount_unit", ["元", "分"], "元", "(元:两位小数;分:整数)");
  const control = choice("control", ["footer", "header"], "footer", "(footer:末行合计;header:首行 单位编号|日期|总笔数|总金额)");
  const lines = choice("lines", ["per_payee_program", "per_payee"], "per_payee_program", "");
  const lineEnding = choice("line_ending", ["CRLF", "LF"], "CRLF", "");
  const unitCode = text("unit_code", "", ",如 unit_code: \"3499001\"(加引号,以免开头的 0 丢失)");
  const idType = text("id_type", "01", ",如 id_type: \"01\"(加引号,以免开头的 0 丢失)");
  const summary = raw.summary === undefined ? undefined : text("summary", "", ",如 summary: 计生奖励扶助金");

  if ((control === "header" || columns.some((c) => c.field === "单位编号")) && unitCode === "" && raw.unit_code === undefined) {
    issue(at("unit_code"), "首行控制行(control: header)或“单位编号”列需要 unit_code(银行给的单位编号)");
  }
  const sheet = text("sheet", "Sheet1", ",如 sheet: 发放清单");
  if (/[[\]:*?/\\]/.test(sheet) || [...sheet].length > 31) issue(at("sheet"), "sheet 工作表名最多31个字,不能含 [ ] : * ? / \\");
  let titleRows: string[] = [];
  if (raw.title_rows !== undefined) {
    if (Array.isArray(raw.title_rows) && raw.title_rows.every((t) => typeof t === "string" && !/[\r\n]/.test(t))) titleRows = raw.title_rows as string[];
    else issue(at("title_rows"), "title_rows 应是表头上方各行文字的列表,如 [\"{县}{年度}年度{项目名称}发放清单\"]");
    titleRows.forEach((t, i) => checkPlaceholders(t, [...keys, "title_rows", i], reporter));
  }
  const totalRow = raw.total_row === undefined ? format === "xlsx" : raw.total_row;
  if (typeof totalRow !== "boolean") issue(at("total_row"), "total_row 应是 true 或 false");
  if (control === "footer" && (format !== "xlsx" || totalRow === true)) {
    const amountAt = columns.findIndex((c) => c.field === "金额");
    if (amountAt >= 0 && amountAt < 2) issue(at("columns"), "末行合计(control: footer)把“合计”和笔数放在前两列,“金额”列不能在前两列;请调整列序或用 control: header");
  }
  for (const [k, v] of [["unit_code", unitCode], ["id_type", idType]] as const) {
    if (v !== "" && !/^[\x21-\x7e]+$/.test(v)) issue(at(k), `${k} 只能由字母、数字和半角符号组成(银行给的编号)`);
  }
  if (format === "txt") {
    for (const [k, v] of [["unit_code", unitCode], ["id_type", idType], ["summary", summary ?? ""]] as const) {
      if (v.includes(delimiter)) issue(at(k), `${k} 中含有分隔符“${delimiter}”,txt 文件无法表示`);
    }
  }
  if (reporter.count() > before) return undefined;
  return {
    name, format, encoding, delimiter, columns, titleRow: titleRow as boolean, amountUnit, control, lines,
    unitCode, idType, summary, lineEnding: lineEnding === "LF" ? "\n" : "\r\n",
    sheet, titleRows, totalRow: totalRow as boolean,
  };
}

/** A column: a word (序号, 姓名 …), {title: 标题, field: 列名}, or {title: 标题, value: "常量"}. */
function parseColumn(raw: unknown, keys: Keys, words: string, reporter: Reporter): BankColumn | undefined {
  const issue = reporter.add;
  if (isObj(raw)) {
    for (const k of Object.keys(raw)) if (!["title", "field", "value"].includes(k)) issue([...keys, k], `列中未知的键 ${k}(可用:title, field, value)`);
    const title = typeof raw.title === "string" ? raw.title.trim() : "";
    if (title === "" || /[\r\n]/.test(title)) {
      issue([...keys, "title"], "列需要 title(列标题文字)");
      return undefined;
    }
    if ((raw.field === undefined) === (raw.value === undefined)) {
      issue(keys, `列“${title}”需要 field(取哪一项,如 field: 姓名)或 value(固定文字,如 value: "{年度}01")之一`);
      return undefined;
    }
    if (raw.value !== undefined) {
      const value = typeof raw.value === "number" ? String(raw.value) : raw.value;
      if (typeof value !== "string" || /[\r\n]/.test(value)) {
        issue([...keys, "value"], "value 应是一行文字(加引号)");
        return undefined;
      }
      checkPlaceholders(value, [...keys, "value"], reporter);
      return { title, field: "常量", value };
    }
    const word = typeof raw.field === "string" ? raw.field.trim() : String(raw.field);
    const field = BANK_COLUMN_WORDS.get(word);
    if (!field) {
      issue([...keys, "field"], `未知的列名“${word}”,可用的列名:${words}`);
      return undefined;
    }
    return { title, field };
  }
  const word = typeof raw === "string" ? raw.trim() : String(raw);
  const field = BANK_COLUMN_WORDS.get(word);
  if (!field) {
    issue(keys, `未知的列名“${word}”,可用的列名:${words};或写作 {title: 标题, field: 列名} / {title: 标题, value: "常量"}`);
    return undefined;
  }
  return { title: word, field };
}

function checkPlaceholders(text: string, keys: Keys, reporter: Reporter): void {
  for (const m of text.matchAll(/\{([^{}]*)\}/g)) {
    if (!PLACEHOLDERS.includes(m[1] ?? "")) reporter.add(keys, `“{${m[1] ?? ""}}”无法填入,可用:${PLACEHOLDERS.map((p) => `{${p}}`).join(" ")}`);
  }
}
