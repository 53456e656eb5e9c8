import { fromExcelSerial, fromUtcDate, parseDateText, type DateNum } from "../domain/dates.js";
import { maskId } from "../domain/id-number.js";
import type { ContraceptionKind } from "../domain/person.js";
import { cellText, type RawCell } from "../input/cell.js";
import type { ColumnKind } from "./columns.js";

// How a roster cell of each kind (ColumnSpec.kind) is read: its value, or the reason it cannot be.
// Empty cells, by far the most common in optional columns, are answered before any string work.

export type Read<T> = { readonly value: T; readonly error?: undefined; readonly monthOnly?: boolean } | { readonly value: T; readonly error: string; readonly monthOnly?: undefined };

/** A date written as a year and a month only (1992年6月, 1992.06, 1992-06): the month's first day. */
const YEAR_MONTH = /^(\d{4})(?:年|[-./])(\d{1,2})月?$/;

const YES = new Set(["是", "y", "yes", "1", "√", "true", "t"]);
const NO = new Set(["否", "n", "no", "0", "false", "f", "", "×"]);
const GRADES = new Map<string, number>([["1", 1], ["2", 2], ["3", 3], ["4", 4], ["一", 1], ["二", 2], ["三", 3], ["四", 4]]);
const STAGES = new Set(["学前", "小学", "初中", "高中", "大学"]);
const SPACE = /\s/;
const SPACES = /\s+/g;

/** A cell's text as echoed in a message: digit runs that could be an ID or an account are masked. */
export function shown(text: string): string {
  return text.replace(/\d{8,}[\dXx]?/g, (run) => maskId(run));
}

export const isEmpty = (cell: RawCell): boolean => cell === undefined || cell === null || cell === "";

/** A code's text: half-width, with no white space anywhere. */
export function compact(text: string): string {
  return SPACE.test(text) ? text.replace(SPACES, "") : text;
}

export const codeText = (cell: RawCell): string => (isEmpty(cell) ? "" : compact(cellText(cell)));

export function readYesNo(cell: RawCell): Read<boolean> {
  if (isEmpty(cell)) return NOT;
  const t = codeText(cell).toLowerCase();
  if (YES.has(t)) return YES_READ;
  return NO.has(t) ? NOT : { value: false, error: `“${shown(cellText(cell))}”无法识别(应为 是 或 否)` };
}
const YES_READ: Read<boolean> = { value: true };
const NOT: Read<boolean> = { value: false };

export function readDate(cell: RawCell, date1904: boolean): Read<DateNum> {
  if (isEmpty(cell)) return NO_DATE;
  let d: DateNum | undefined;
  if (cell instanceof Date) d = fromUtcDate(cell);
  else if (typeof cell === "number") d = cell > 19000000 ? parseDateText(String(cell)) : fromExcelSerial(cell, date1904);
  else {
    const t = codeText(cell);
    if (t === "") return NO_DATE;
    d = parseDateText(t);
    const ym = d === undefined ? YEAR_MONTH.exec(t) : null;
    if (ym) {
      const first = parseDateText(`${ym[1]}-${ym[2]}-1`);
      if (first !== undefined) return { value: first, monthOnly: true };
    }
  }
  return d === undefined ? { value: 0, error: `日期“${shown(cellText(cell))}”无法识别(可写作 2027-03-05)` } : { value: d };
}
const NO_DATE: Read<DateNum> = { value: 0 };

export function readGrade(cell: RawCell, header: string, max: number): Read<number> {
  if (isEmpty(cell)) return NO_GRADE;
  const t = codeText(cell).replace(/级$/, "");
  if (t === "") return NO_GRADE;
  const g = GRADES.get(t);
  return g === undefined || g > max ? { value: 0, error: `${header}“${shown(cellText(cell))}”无法识别(应为 1–${max} 级)` } : { value: g };
}
const NO_GRADE: Read<number> = { value: 0 };

export function readStage(cell: RawCell): Read<string> {
  const t = codeText(cell);
  return t === "" || STAGES.has(t) ? { value: t } : { value: t, error: `在读学段“${shown(t)}”无法识别(应为 学前、小学、初中、高中 或 大学)` };
}

export function readYear(cell: RawCell, header: string): Read<number> {
  const t = codeText(cell).replace(/年$/, "");
  if (t === "") return NO_GRADE;
  return /^\d{4}$/.test(t) ? { value: Number(t) } : { value: 0, error: `${header}“${shown(t)}”应为四位年份` };
}

/** 节育措施 as clerks write it → its kind: 结扎 / 上环 / 其他 (DESIGN §11.3 amendment of §3). */
const CONTRACEPTION_KINDS = new Map<string, ContraceptionKind>([
  ["结扎", "结扎"], ["绝育", "结扎"], ["绝育术", "结扎"], ["输卵管结扎", "结扎"], ["输精管结扎", "结扎"], ["女扎", "结扎"], ["男扎", "结扎"],
  ["上环", "上环"], ["放环", "上环"], ["宫内节育器", "上环"], ["其他", "其他"], ["其它", "其他"], ["皮埋", "其他"], ["皮下埋植", "其他"],
]);

export function readContraceptionKind(cell: RawCell): Read<ContraceptionKind> {
  const t = codeText(cell);
  if (t === "") return NO_KIND;
  const kind = CONTRACEPTION_KINDS.get(t);
  return kind ? { value: kind } : { value: "", error: `节育措施“${shown(t)}”无法识别(应为 结扎、上环 或 其他)` };
}
const NO_KIND: Read<ContraceptionKind> = { value: "" };

export function readHukou(cell: RawCell): Read<boolean | undefined> {
  const t = codeText(cell);
  if (t === "农业" || t === "农村" || t === "农业户口") return { value: true };
  if (t === "非农业" || t === "城镇" || t === "非农业户口") return { value: false };
  return t === "" ? { value: undefined } : { value: undefined, error: `户籍性质“${shown(t)}”无法识别(应为 农业 或 非农业)` };
}

/** The kinds the person's optional fields are read with, one reader per ColumnSpec.kind. */
export function readOptional(kind: ColumnKind, cell: RawCell, header: string, date1904: boolean): Read<number | boolean> {
  switch (kind) {
    case "yesno":
      return readYesNo(cell);
    case "date":
      return readDate(cell, date1904);
    case "grade4":
      return readGrade(cell, header, 4);
    case "grade3":
      return readGrade(cell, header, 3);
    case "text":
    case "id":
    case "role":
    case "sex":
    case "hukou":
    case "stage":
    case "year":
    case "account":
    case "region":
    case "contraception":
      throw new Error(`column kind ${kind} is read on its own`);
    default: {
      const never: never = kind;
      return never;
    }
  }
}
