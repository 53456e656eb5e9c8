import { bankDirectory, resolveBank, type Bank } from "../../policy/banks.js";
import type { Person } from "../../domain/person.js";
import { compareText, type Award } from "../../domain/award.js";
import { inLedgerOrder } from "../counts.js";
import type { DateNum } from "../../domain/dates.js";
import { maskId } from "../../domain/id-number.js";
import { add, ZERO, type Fen } from "../../domain/money.js";
import type { RunResult } from "../run-result.js";
import { safeText } from "../../xlsx/safe-text.js";
import { describeChar, unencodableChars } from "./encoding.js";
import { countyCode, townshipCode, villageKey } from "../../roster/region-codes.js";
import { formatAmount, templateForBank, type BankField, type BankTemplate, type BankTemplates } from "./templates.js";

export const BANK_DIR = "银行代发";

export interface BankFileOptions {
  /** The header control line's 日期 (yyyymmdd). Default: --notice-start, else the policy's reference date of the run year. */
  readonly date?: DateNum;
}

/** One bank file, as field values (already neutralised by safeText), before quoting and encoding. */
export interface BankFilePlan {
  readonly bank: string;
  /** "银行代发/农村信用社.csv" */
  readonly path: string;
  readonly template: BankTemplate;
  readonly rows: readonly (readonly string[])[];
  readonly total: Fen;
  /** How many ledger awards the lines carry (≥ rows.length when lines are summed). */
  readonly awards: number;
  readonly date: DateNum;
  /** xlsx: the template's title rows with {年度}, {县}, {项目名称}, {补贴项目代码} filled in. */
  readonly titles: readonly string[];
}

/** A value a bank file cannot carry. `message` is safe to print (masked ID); `payeeId` is not. */
export interface BankProblem {
  readonly bank: string;
  readonly file: string;
  readonly payeeId: string;
  readonly payeeName: string;
  readonly column: string;
  readonly characters: readonly string[];
  readonly message: string;
}

interface Line {
  first: Award;
  readonly codes: string[];
  amount: Fen;
  awards: number;
}

const NUMERIC_FIELDS: ReadonlySet<BankField> = new Set(["序号", "金额", "次数", "年度"]);

/** Windows forbids \ / : * ? " < > | and control characters in names, and trailing dots or spaces. */
export function bankFileName(bank: string): string {
  return bank.replace(/[\\/:*?"<>|\x00-\x1f]/g, "").trim().replace(/[. ]+$/, "");
}

export function bankFileDate(result: RunResult, options: BankFileOptions): DateNum {
  return options.date ?? (result.noticeStart || result.year * 10000 + result.policy.referenceMonthDay);
}

/**
 * Pure: the bank files a run's 个人 awards make, one per 开户银行, and every value they cannot carry
 * (a character outside the encoding; in txt, the delimiter or a line break inside a field).
 */
export function planBankFiles(result: RunResult, templates: BankTemplates, options: BankFileOptions = {}): { files: BankFilePlan[]; problems: BankProblem[] } {
  const date = bankFileDate(result, options);
  const order = new Map(result.policy.programs.map((p, i) => [p.code, i]));
  const names = new Map(result.policy.programs.map((p) => [p.code, p.name]));
  const itemCodes = new Map(result.policy.programs.map((p) => [p.code, p.payVia?.itemCode ?? p.code]));
  // one file per bank; a programme paid through its own template (pay_via) gets a file of its own
  const byBank = new Map<string, Line[]>();
  const fileOf = new Map<string, { bank: string; template: BankTemplate; program: string | undefined }>();
  // In ledger order a payee's awards all lie in one household's run (the payee is a member), so the
  // lines are looked up among the household's only: a map of every payee of a million-row county
  // cost a cache miss per award. Out of that order, one map holds every line.
  const local = inLedgerOrder(result.awards);
  const index = new Map<string, Line>();
  let household: Award | undefined;
  for (const a of result.awards) {
    if (a.payeeKind !== "个人") continue;
    if (local && (household === undefined || a.householdId !== household.householdId || a.village !== household.village || a.township !== household.township)) {
      index.clear();
      household = a;
    }
    const via = templates.byProgram?.get(a.code);
    const fileKey = via ? `\u0001${order.get(a.code) ?? 0}` : a.bank;
    const template = via ?? templateForBank(templates, a.bank);
    let lines = byBank.get(fileKey);
    if (!lines) {
      byBank.set(fileKey, (lines = []));
      fileOf.set(fileKey, { bank: via ? via.name : a.bank, template, program: via ? a.code : undefined });
    }
    const key = `${fileKey}\u0000${a.payeeId}\u0000${a.account}${template.lines === "per_payee_program" ? `\u0000${a.code}` : ""}`;
    const line = index.get(key);
    if (!line) {
      const added = { first: a, codes: [a.code], amount: a.amount, awards: 1 };
      index.set(key, added);
      lines.push(added);
    } else {
      if (!line.codes.includes(a.code)) line.codes.push(a.code);
      line.amount = add(line.amount, a.amount);
      line.awards++;
      if (compareLineAward(a, line.first) < 0) line.first = a;
    }
  }

  const files: BankFilePlan[] = [];
  const problems: BankProblem[] = [];
  const fileOwners = new Map<string, string>();
  const fileKeys = [...byBank.keys()].sort((x, y) => (x.startsWith("\u0001") ? 1 : 0) - (y.startsWith("\u0001") ? 1 : 0) || (x.startsWith("\u0001") ? Number(x.slice(1)) - Number(y.slice(1)) : compareText(x, y)));
  for (const key of fileKeys) {
    const { bank, template, program } = fileOf.get(key) as { bank: string; template: BankTemplate; program: string | undefined };
    const base = program === undefined ? bankFileName(bank) || "未填开户银行" : bankFileName(`${bank}-${names.get(program) ?? program}`);
    const path = `${BANK_DIR}/${base}.${template.format}`;
    const clash = fileOwners.get(path.toLowerCase());
    if (clash !== undefined) {
      problems.push({
        bank, file: path, payeeId: "", payeeName: "", column: "开户银行", characters: [],
        message: `开户银行“${bank}”与“${clash}”去掉文件名不允许的字符后同名(${path}),请在花名册中统一银行名称`,
      });
    }
    fileOwners.set(path.toLowerCase(), bank);
    const lines = [...(byBank.get(key) ?? [])].sort((x, y) => compareLineAward(x.first, y.first));
    const fileCodes = [...new Set(lines.flatMap((l) => l.codes))].sort((x, y) => (order.get(x) ?? 1e9) - (order.get(y) ?? 1e9) || compareText(x, y));
    const fill = (text: string): string =>
      text.replace(/\{(年度|县|项目名称|补贴项目代码)\}/g, (_, k: string) =>
        k === "年度" ? String(result.year) : k === "县" ? result.policy.county
          : k === "项目名称" ? fileCodes.map((c) => names.get(c) ?? c).join("、") : fileCodes.map((c) => itemCodes.get(c) ?? c).join("、"));
    const rows: string[][] = [];
    let total = ZERO;
    let awards = 0;
    for (const line of lines) {
      line.codes.sort((x, y) => (order.get(x) ?? 1e9) - (order.get(y) ?? 1e9) || compareText(x, y));
      const a = line.first;
      const value = (field: BankField): string => {
        switch (field) {
          case "序号": return String(rows.length + 1);
          case "户名": return a.payeeName;
          case "证件号码": return a.payeeId;
          case "证件类型": return template.idType;
          case "账号": return a.account;
          case "金额": return formatAmount(line.amount, template.amountUnit);
          case "摘要": return template.summary ?? line.codes.map((c) => names.get(c) ?? c).join("、");
          case "项目代码": return line.codes.join("、");
          case "单位编号": return template.unitCode;
          case "次数": return "1";
          case "开户银行": return a.bank;
          case "乡镇": return a.township;
          case "村": return a.village;
          case "户编号": return a.householdId;
          case "年度": return String(result.year);
          case "补贴项目代码": return line.codes.map((c) => itemCodes.get(c) ?? c).join("、");
          case "区划代码": return region();
          case "乡镇区划代码": return townshipCode(region());
          case "县区划代码": return countyCode(region());
          case "常量": return "";
          default: return unreachable(field);
        }
      };
      const region = (): string => result.regionCodes?.get(villageKey(a.township, a.village)) ?? "";
      const row = template.columns.map((c) => (NUMERIC_FIELDS.has(c.field) ? value(c.field) : safeText(c.field === "常量" ? fill(c.value ?? "") : value(c.field))));
      for (let i = 0; i < row.length; i++) {
        const c = template.columns[i] as BankTemplate["columns"][number];
        const problem = fieldProblem(row[i] ?? "", c.title, template);
        if (problem) {
          problems.push({
            bank, file: path, payeeId: a.payeeId, payeeName: a.payeeName, column: c.title, characters: problem.characters,
            message: `领款人 ${a.payeeName}(${maskId(a.payeeId)},${a.township}${a.village} 户编号 ${a.householdId})的“${c.title}”${problem.reason},无法写入 ${path}`,
          });
        }
      }
      rows.push(row);
      total = add(total, line.amount);
      awards += line.awards;
    }
    files.push({ bank, path, template, rows, total, awards, date, titles: template.titleRows.map(fill) });
  }
  return { files, problems };
}

/** The roster's columns a txt bank file carries as text, each checked for its separators by bankRowRule. */
const TXT_ROW_FIELDS: ReadonlyArray<readonly [string, (p: Person) => string]> = [
  ["姓名", (p) => p.name],
  ["开户银行", (p) => p.bank],
  ["乡镇", (p) => p.township],
  ["村", (p) => p.village],
  ["户编号", (p) => p.householdId],
];

/** The txt file's delimiter and line breaks found in `text`, in that order; undefined when none is (the case of every line, checked first). */
function separatorsIn(text: string, delimiter: string): string[] | undefined {
  if (!text.includes(delimiter) && !text.includes("\r") && !text.includes("\n")) return undefined;
  return [delimiter, "\r", "\n"].filter((d) => text.includes(d));
}

/**
 * A roster row whose text a txt bank file of its bank could not carry (the delimiter or a line break in
 * 姓名, 开户银行 …): found while reading, so `check` reports it and `run` holds back only that household.
 */
export function bankRowRule(templates: BankTemplates, banks: readonly Bank[]): (p: Person) => { column: string; message: string } | undefined {
  const dir = bankDirectory(banks);
  return (p) => {
    if (p.bank === "" || p.account === "") return undefined;
    const t = templateForBank(templates, banks.length > 0 ? (resolveBank(dir, p.bank)?.name ?? p.bank) : p.bank);
    if (t.format !== "txt") return undefined;
    for (const [column, text] of TXT_ROW_FIELDS) {
      const inner = separatorsIn(text(p), t.delimiter);
      if (inner) {
        return { column, message: `${column}中有 ${inner.map((d) => JSON.stringify(d)).join("、")},是 ${p.bank} 代发文件(txt)的分隔符或换行,无法写入银行文件:请从${column}中去掉它` };
      }
    }
    return undefined;
  };
}

function fieldProblem(text: string, title: string, t: BankTemplate): { characters: string[]; reason: string } | undefined {
  // A GBK file carries a rare character (outside GBK) in its GB18030 form — GB18030 is GBK's
  // superset — and the run warns the clerk to check it with the bank; only what no encoding
  // of the template can carry (a lone surrogate) stops the file.
  const bad = unencodableChars(text, t.format === "xlsx" ? "UTF-8" : t.encoding === "GBK" ? "GB18030" : t.encoding);
  if (bad.length > 0) {
    return { characters: bad, reason: `含有 ${t.encoding} 编码无法表示的字 ${bad.map(describeChar).join("、")}` };
  }
  if (t.format === "txt") {
    const inner = separatorsIn(text, t.delimiter);
    if (inner) return { characters: inner, reason: `含有分隔符或换行(${inner.map((d) => JSON.stringify(d)).join("、")}),txt 文件无法表示;请修改${title}` };
  }
  return undefined;
}

function unreachable(x: never): never {
  throw new Error(`unknown bank field ${String(x)}`);
}

function compareLineAward(a: Award, b: Award): number {
  return (
    compareText(a.township, b.township) ||
    compareText(a.village, b.village) ||
    compareText(a.householdId, b.householdId) ||
    compareText(a.payeeId, b.payeeId) ||
    compareText(a.account, b.account) ||
    compareText(a.code, b.code)
  );
}
