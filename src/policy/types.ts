import type { DateNum } from "../domain/dates.js";
import type { Fen } from "../domain/money.js";
import type { Bank } from "./banks.js";
import type { Compiled } from "./expression.js";

export type Target = "parent" | "child" | "member" | "household";
export type Category = "奖励" | "保障" | "救助" | "优惠" | "地方";
export type Payee = { readonly kind: "self" } | { readonly kind: "household" } | { readonly kind: "institution"; readonly name: string };

export interface NamedCondition {
  readonly name: string;
  readonly compiled: Compiled;
}

/** A dated parameter: values by start date, ascending. */
export interface Param {
  readonly name: string;
  readonly starts: readonly DateNum[];
  readonly values: readonly Fen[];
}

export interface AmountPart {
  /** Shown in 计算说明 ("国家标准"); "" for a single-part amount. */
  readonly name: string;
  readonly basis: "per_year" | "per_month";
  /** A parameter name, or an expression over facts and p.NAME. */
  readonly param: string | undefined;
  readonly expression: Compiled | undefined;
  /** Shares per level by start date, ascending; the undated form is one entry starting at 0. */
  readonly shares: readonly DatedShares[];
}

/** Shares per level in hundredths of a percent, summing to 10000, in force from `start` (0 = always). */
export interface DatedShares {
  readonly start: DateNum;
  readonly bp: readonly number[];
}

export type Amount =
  | { readonly kind: "qualification" }
  | { readonly kind: "money"; readonly parts: readonly AmountPart[]; readonly monthRule: readonly NamedCondition[] };

export interface Program {
  readonly code: string;
  readonly name: string;
  readonly category: Category;
  readonly basis: string;
  readonly target: Target;
  readonly conditions: readonly NamedCondition[];
  readonly amount: Amount;
  readonly payee: Payee;
  readonly notice: boolean;
  readonly once: boolean;
  readonly from: DateNum | undefined;
  readonly until: DateNum | undefined;
  readonly budget: Fen | undefined;
  readonly excludes: readonly string[];
  /** pay_via: the bank template its 个人 awards are paid through, instead of each payee's bank's. */
  readonly payVia?: PayVia | undefined;
}

export interface PayVia {
  /** A template name under bank.templates (e.g. 一卡通). */
  readonly template: string;
  /** The 补贴项目代码 the platform gave the programme (field 补贴项目代码); undefined = the programme's code. */
  readonly itemCode: string | undefined;
}

export interface NoticeSettings {
  readonly days: number;
  readonly phone: string;
  readonly where: string;
  readonly maskHead: number;
  readonly maskTail: number;
  readonly maskNames: boolean;
  /** 落款: the body that issues the notice, e.g. 示例县卫生健康局 ("" = 村(居)民委员会 by hand). */
  readonly issuer: string;
  readonly paper: "A4" | "A3";
}

/** Where an institution paid by a programme receives the money (policy `institutions`). */
export interface InstitutionAccount {
  readonly bank: string;
  readonly account: string;
  /** 户名 of the account: the institution's name unless given. */
  readonly holder: string;
}

export interface Policy {
  readonly county: string;
  readonly levels: readonly string[];
  /** Month and day of the reference date within the run year, e.g. 1231. */
  readonly referenceMonthDay: number;
  /** Month and day money is paid (policy payment_date, default the reference date): a payee dead by then cannot receive it. */
  readonly paymentMonthDay: number;
  /** The largest single award (policy max_award, default 100000 元): anything above is a policy error. */
  readonly maxAward: Fen;
  readonly params: ReadonlyMap<string, Param>;
  readonly notice: NoticeSettings;
  /** The bank template section as written; validated by the bank output. */
  readonly bank: unknown;
  /** The banks the county pays through (policy `banks`); empty = 开户银行 used as written. */
  readonly banks: readonly Bank[];
  readonly programs: readonly Program[];
  /** Receiving accounts of the institutions programmes pay, by institution name. */
  readonly institutions: ReadonlyMap<string, InstitutionAccount>;
  /** True when some expression reads row[...], so rows keep their cells. */
  readonly readsRowCells: boolean;
}

export interface PolicyIssue {
  readonly path: string;
  readonly line: number | undefined;
  readonly message: string;
}
