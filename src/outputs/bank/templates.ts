// The policy's `bank:` section: how each bank wants its disbursement (代发) file.
//
// bank:
//   default:                      # every bank not named under a template; omitted = DESIGN §7.5
//     format: csv                 # csv | txt
//     encoding: GBK               # GBK (default) | GB18030 | UTF-8 (no BOM)
//     delimiter: ","              # one character; csv default ",", txt default "|"
//     columns: [序号, 户名, 证件号码, 账号, 金额, 摘要]
//     title_row: true             # a first line of column titles; csv default true, txt default false
//     amount_unit: 元             # 元 (two decimals) | 分 (whole number)
//     control: footer             # footer: last line 合计,<笔数>,,,<总金额>, | header: first line 单位编号|日期|总笔数|总金额
//     lines: per_payee_program    # per_payee_program (one line per payee and programme) | per_payee (summed, 摘要 lists the programmes)
//     unit_code: ""               # 单位编号, required by control: header and by the 单位编号 column
//     id_type: "01"               # the 证件类型 column's value (01 = 居民身份证)
//     summary: 计生奖扶            # optional fixed 摘要 text instead of the programme names
//     line_ending: CRLF           # CRLF | LF
//   templates:
//     农商行代发:                  # any name; the fields as above, each defaulting as above (not to `default:`)
//       banks: [农村商业银行]      # the 开户银行 names (exactly as in the roster) that use this template
//       format: txt
//       ...
//
// Lines are sorted by 乡镇, 村, 户编号, 领款人身份证号, 项目代码; a header control line comes before the
// title row. The header's 日期 never comes from the clock (a run must be byte-identical): the
// writer's `date` option, else --notice-start, else the policy's reference date in the run year.
// Column words: 序号/编号, 户名/姓名, 证件号码/身份证号, 证件类型, 账号/银行账号/社会保障卡号/一卡通账号,
// 金额/发放金额, 摘要/项目名称/补贴项目名称, 项目代码, 补贴项目代码 (pay_via's item_code, else the
// programme's code), 单位编号, 次数 (always 1), 开户银行, 乡镇, 村, 户编号, 年度, 区划代码 (the village's),
// 乡镇区划代码, 县区划代码. A column may also be {title: 标题, field: 列名} or {title: 标题, value: "常量"}
// (a constant; {年度} in it is the run year).
//
// format: xlsx (an Excel list, e.g. a province's 一卡通 import) takes instead of encoding/delimiter/
// title_row/control/line_ending: sheet (the sheet name), title_rows (lines above the header; {年度},
// {县}, {项目名称}, {补贴项目代码} are filled in) and total_row (a last row 合计,<笔数>,…,<总金额>).
// ID, account and code columns are text cells; amounts are numbers (元 with two decimals, or 分).
// A programme with `pay_via: <template>` is paid through that template, one file per programme:
// 银行代发/<template>-<项目名称>.<ext>; a template only named by pay_via needs no banks (`banks: []` keeps
// one defined for later with no programme naming it yet).
import { fen, formatYuan, parseYuan, type Fen } from "../../domain/money.js";

export type BankField =
  | "序号" | "户名" | "证件号码" | "证件类型" | "账号" | "金额" | "摘要" | "项目代码" | "单位编号" | "次数"
  | "开户银行" | "乡镇" | "村" | "户编号" | "年度" | "补贴项目代码" | "区划代码" | "乡镇区划代码" | "县区划代码"
  /** A constant column: BankColumn.value. */
  | "常量";

/** Column words a template may use, and the field each stands for (编号 = 序号, 姓名 = 户名 …). */
export const BANK_COLUMN_WORDS: ReadonlyMap<string, BankField> = new Map<string, BankField>([
  ["序号", "序号"], ["编号", "序号"], ["户名", "户名"], ["姓名", "户名"], ["证件号码", "证件号码"], ["身份证号", "证件号码"],
  ["证件类型", "证件类型"], ["账号", "账号"], ["银行账号", "账号"], ["金额", "金额"], ["摘要", "摘要"], ["项目名称", "摘要"],
  ["项目代码", "项目代码"], ["单位编号", "单位编号"], ["次数", "次数"], ["开户银行", "开户银行"], ["乡镇", "乡镇"], ["村", "村"],
  ["户编号", "户编号"], ["年度", "年度"], ["补贴项目代码", "补贴项目代码"], ["补贴项目名称", "摘要"], ["发放金额", "金额"],
  ["社会保障卡号", "账号"], ["一卡通账号", "账号"], ["区划代码", "区划代码"], ["乡镇区划代码", "乡镇区划代码"], ["县区划代码", "县区划代码"],
]);

export type BankEncoding = "GBK" | "GB18030" | "UTF-8";
export type AmountUnit = "元" | "分";

export interface BankColumn {
  /** The word as written in the policy, printed in the title row. */
  readonly title: string;
  readonly field: BankField;
  /** The text of a 常量 column ({年度} filled in when the file is planned). */
  readonly value?: string;
}

export interface BankTemplate {
  /** "default", or the template's name under `templates:`. */
  readonly name: string;
  readonly format: "csv" | "txt" | "xlsx";
  readonly encoding: BankEncoding;
  readonly delimiter: string;
  readonly columns: readonly BankColumn[];
  readonly titleRow: boolean;
  readonly amountUnit: AmountUnit;
  readonly control: "footer" | "header";
  readonly lines: "per_payee_program" | "per_payee";
  readonly unitCode: string;
  readonly idType: string;
  readonly summary: string | undefined;
  readonly lineEnding: "\r\n" | "\n";
  /** xlsx: the sheet's name. */
  readonly sheet: string;
  /** xlsx: lines above the header row. */
  readonly titleRows: readonly string[];
  /** xlsx: a last row 合计,<笔数>,…,<总金额> under the lines. */
  readonly totalRow: boolean;
}

export interface BankTemplates {
  readonly default: BankTemplate;
  /** 开户银行 name → its template. */
  readonly byBank: ReadonlyMap<string, BankTemplate>;
  /** Programme code → the template its pay_via names. */
  readonly byProgram?: ReadonlyMap<string, BankTemplate>;
}

export interface BankTemplateIssue {
  /** Dotted path as the policy loader prints it: "bank.templates.农商行代发.columns[2]". */
  readonly path: string;
  /** The same path as keys, for the loader's line lookup. */
  readonly keys: ReadonlyArray<string | number>;
  readonly message: string;
}

export type BankTemplatesResult = { ok: true; value: BankTemplates } | { ok: false; issues: BankTemplateIssue[] };

export const DEFAULT_BANK_TEMPLATE: BankTemplate = {
  name: "default",
  format: "csv",
  encoding: "GBK",
  delimiter: ",",
  columns: ["序号", "户名", "证件号码", "账号", "金额", "摘要"].map((w) => ({ title: w, field: w as BankField })),
  titleRow: true,
  amountUnit: "元",
  control: "footer",
  lines: "per_payee_program",
  unitCode: "",
  idType: "01",
  summary: undefined,
  lineEnding: "\r\n",
  sheet: "Sheet1",
  titleRows: [],
  totalRow: false,
};

export const DEFAULT_BANK_TEMPLATES: BankTemplates = { default: DEFAULT_BANK_TEMPLATE, byBank: new Map() };

export function templateForBank(templates: BankTemplates, bank: string): BankTemplate {
  return templates.byBank.get(bank.trim()) ?? templates.default;
}

/** Amount text in a template's unit: 元 "1200.00" or 分 "120000". */
export function formatAmount(amount: Fen, unit: AmountUnit): string {
  return unit === "分" ? String(amount) : formatYuan(amount);
}

/** Parses an amount written in a template's unit back to fen (strictly as written); undefined when malformed. */
export function parseAmount(text: string, unit: AmountUnit): Fen | undefined {
  if (unit === "分") return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? fen(Number(text)) : undefined;
  return /^-?\d+\.\d{2}$/.test(text) ? parseYuan(text) : undefined;
}
