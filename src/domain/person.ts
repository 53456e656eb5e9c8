import type { DateNum } from "./dates.js";
import type { IdNumber } from "./id-number.js";

export type Role = "夫" | "妻" | "子女";
export type Sex = "男" | "女";
export type ContraceptionKind = "结扎" | "上环" | "其他" | "";

/** One roster row, parsed and normalised. Compact: numbers for dates and grades, 0 when blank. */
export interface Person {
  readonly row: number;
  readonly township: string;
  readonly village: string;
  readonly householdId: string;
  readonly name: string;
  readonly id: IdNumber;
  readonly birth: DateNum;
  readonly sex: Sex;
  readonly role: Role;
  readonly adopted: boolean;
  /** 户籍性质: true 农业, false 非农业, undefined blank. */
  readonly rural: boolean | undefined;
  readonly deathDate: DateNum;
  readonly disabilityGrade: number;
  readonly disabilityDate: DateNum;
  readonly complicationGrade: number;
  readonly contraceptionDate: DateNum;
  /** 节育措施: "结扎", "上环", "其他", or "" when not given. */
  readonly contraceptionKind: ContraceptionKind;
  readonly honorCertDate: DateNum;
  readonly waiverDate: DateNum;
  readonly illegalBirth: boolean;
  readonly dibao: boolean;
  readonly pensionInsured: boolean;
  readonly careHome: boolean;
  readonly stage: string;
  readonly enrollYear: number;
  /** 中考年份: the year the child sits the senior-high entrance exam, 0 when not given. */
  readonly zhongkaoYear: number;
  readonly excellent: boolean;
  readonly hardship: boolean;
  readonly payeeFlag: boolean;
  readonly bank: string;
  readonly account: string;
  readonly phone: string;
  /** 区划代码: the village's 12-digit statistical division code, "" when not given. */
  readonly regionCode: string;
  /** The row's cells by canonical header, kept only when the policy reads `row[...]`. */
  readonly cells: Readonly<Record<string, string>> | undefined;
}

export const isParent = (p: Person): boolean => p.role !== "子女";

/** A usable account: a bank name and 8–30 digits. */
export const hasUsableAccount = (p: Person): boolean => p.bank !== "" && /^\d{8,30}$/.test(p.account);
