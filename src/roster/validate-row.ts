import { fromExcelSerial, fromUtcDate, parseDateText, formatDate, type DateNum } from "../domain/dates.js";
import { luhnValid, maskId, normaliseIdText, parseIdNumber, upgrade15, type IdNumber } from "../domain/id-number.js";
import type { Person, Role, Sex } from "../domain/person.js";
import { COLUMNS, type ColumnKey, type ColumnSpec } from "./columns.js";
import { cellText, Interner, toHalfWidth, type RawCell } from "../input/cell.js";

export { cellText, Interner, type RawCell };
import type { Problem, ProblemLevel } from "./problem.js";

export interface ColumnMap {
  /** Index of each known column in the row, or -1. */
  readonly index: Readonly<Record<ColumnKey, number>>;
  /** Headers the tool does not know, with their index (kept for `row[...]` in conditions). */
  readonly extra: ReadonlyArray<{ readonly header: string; readonly index: number }>;
  readonly date1904: boolean;
}

export interface RowResult {
  readonly person: Person;
  readonly problems: Problem[];
  readonly hasError: boolean;
}

const ROLES: Record<string, { role: Role; sex?: Sex; adopted?: boolean }> = {
  夫: { role: "夫" }, 丈夫: { role: "夫" }, 男方: { role: "夫" },
  妻: { role: "妻" }, 妻子: { role: "妻" }, 女方: { role: "妻" },
  子女: { role: "子女" }, 子: { role: "子女", sex: "男" }, 女: { role: "子女", sex: "女" },
  儿子: { role: "子女", sex: "男" }, 女儿: { role: "子女", sex: "女" },
  养子: { role: "子女", sex: "男", adopted: true }, 养女: { role: "子女", sex: "女", adopted: true },
};
const YES = new Set(["是", "y", "yes", "1", "√", "true", "t"]);
const NO = new Set(["否", "n", "no", "0", "false", "f", "", "×"]);
const GRADES: Record<string, number> = { 1: 1, 2: 2, 3: 3, 4: 4, 一: 1, 二: 2, 三: 3, 四: 4 };
const STAGES = new Set(["学前", "小学", "初中", "高中", "大学"]);

/** A cell's text as echoed in a message: digit runs that could be an ID or an account are masked. */
function shown(text: string): string {
  return text.replace(/\d{8,}[\dXx]?/g, (run) => maskId(run));
}

/**
 * 区划代码: the village's 12-digit 统计用区划代码 (省2 市2 县2 乡镇3 村3). A 12-digit number cell is
 * exact in Excel, so it is taken as it stands; anything else must be 12 digits.
 */
function regionCodeOf(cell: RawCell, report: (column: string, level: ProblemLevel, message: string) => void): string {
  const t = typeof cell === "number" && Number.isSafeInteger(cell) ? String(cell) : toHalfWidth(cellText(cell)).replace(/\s+/g, "");
  if (t === "" || /^\d{12}$/.test(t)) return t;
  const hint = /^\d{15}$/.test(t) ? ";15位是到村民小组的代码,请填其前12位" : /^\d{9}$/.test(t) ? ";9位是乡镇代码,请填到村的12位" : "";
  report("区划代码", "错误", `区划代码“${t.length > 30 ? `${t.slice(0, 30)}…` : t}”应为12位数字(统计用区划代码,到村/社区)${hint}`);
  return "";
}

export function validateRow(cells: readonly RawCell[], rowNumber: number, map: ColumnMap, year: number, keepCells: boolean, strings: Interner = new Interner()): RowResult {
  const problems: Problem[] = [];
  let hasError = false;
  const raw = (key: ColumnKey): RawCell => {
    const i = map.index[key];
    return i < 0 ? undefined : cells[i];
  };
  const text = (key: ColumnKey): string => cellText(raw(key));
  const township = strings.intern(text("township"));
  const village = strings.intern(text("village"));
  const householdId = strings.intern(text("householdId").replace(/\s+/g, ""));
  const name = text("name").replace(/\s+/g, "");
  const rawId = raw("id");
  // A 15-digit number survives Excel's number format exactly; longer ones lose their last digits.
  const idCell = typeof rawId === "number" && Number.isSafeInteger(rawId) && String(rawId).length === 15 ? String(rawId) : rawId;
  const idText = typeof idCell === "number" ? String(idCell) : normaliseIdText(text("id"));
  const report = (column: string, level: ProblemLevel, message: string): void => {
    if (level === "错误") hasError = true;
    problems.push({ row: rowNumber, township, village, householdId, name, id: idText, column, level, message });
  };
  const spec = (key: ColumnKey): ColumnSpec => COLUMNS.find((x) => x.key === key) as ColumnSpec;

  for (const key of ["township", "village", "householdId", "name", "id", "role"] as const) {
    if (text(key) === "" && !(key === "id" && typeof idCell === "number")) report(spec(key).header, "错误", `${spec(key).header}为空(必填)`);
  }

  let id = idText as IdNumber;
  let birth: DateNum = 0;
  let sex: Sex = "男";
  if (typeof idCell === "number") {
    report("身份证号", "错误", "身份证号被Excel存成了数字,后几位已丢失:请把该列设为“文本”格式后重新录入完整号码");
  } else if (idText !== "") {
    const parsed = parseIdNumber(idText);
    if (parsed.ok) {
      id = parsed.value.id;
      birth = parsed.value.birth;
      sex = parsed.value.sex;
    } else if (parsed.problem === "excel-number") {
      report("身份证号", "错误", "身份证号被Excel存成了科学计数法数字,后几位已丢失:请把该列设为“文本”格式后重新录入完整号码");
    } else if (parsed.problem === "check" && /000$/.test(idText)) {
      report("身份证号", "错误", "身份证号校验位不正确,且末尾是000:可能被Excel当作数字截断了,请把该列设为“文本”格式后重新录入完整号码");
    } else if (parsed.problem === "check") {
      report("身份证号", "错误", "身份证号校验位不正确,请核对号码");
    } else if (parsed.problem === "birth") {
      report("身份证号", "错误", "身份证号中的出生日期不存在,请核对号码");
    } else {
      report("身份证号", "错误", "身份证号应为18位(或15位)数字,最后一位可为X");
    }
    if (/^\d{15}$/.test(idText) && parsed.ok) id = upgrade15(idText) as IdNumber;
  }

  if (birth && birth > year * 10000 + 1231) report("身份证号", "错误", `身份证号中的出生日期晚于${year}年底,请核对号码`);

  const roleText = text("role").replace(/\s+/g, "");
  const roleInfo = ROLES[roleText];
  if (roleText !== "" && !roleInfo) report("家庭角色", "错误", `家庭角色“${shown(roleText)}”无法识别(应为 夫、妻 或 子女)`);
  const role: Role = roleInfo?.role ?? "子女";

  const sexText = text("sex").replace(/\s+/g, "");
  if (sexText !== "" && sexText !== "男" && sexText !== "女") report("性别", "错误", `性别“${shown(sexText)}”无法识别(应为 男 或 女)`);
  else if (sexText !== "" && birth && sexText !== sex) report("性别", "错误", `性别“${shown(sexText)}”与身份证号(${sex})不一致`);
  if (birth && roleInfo) {
    const expected = role === "夫" ? "男" : role === "妻" ? "女" : roleInfo.sex;
    // 夫/妻 must match the ID; for a child, the ID decides the sex and 子/女 only prompts a check
    if (expected && expected !== sex) report("家庭角色", role === "子女" ? "警告" : "错误", `家庭角色“${shown(roleText)}”与身份证号的性别(${sex})不一致`);
  }

  const date = (key: ColumnKey): DateNum => {
    const cell = raw(key);
    if (cell === null || cell === undefined || cell === "") return 0;
    let d: DateNum | undefined;
    if (cell instanceof Date) d = fromUtcDate(cell);
    else if (typeof cell === "number") d = cell > 19000000 ? parseDateText(String(cell)) : fromExcelSerial(cell, map.date1904);
    else {
      const t = cellText(cell).replace(/\s+/g, "");
      if (t === "") return 0;
      d = parseDateText(t);
    }
    if (d === undefined) {
      report(spec(key).header, "错误", `日期“${shown(cellText(cell))}”无法识别(可写作 2027-03-05)`);
      return 0;
    }
    return d;
  };
  const yesNo = (key: ColumnKey): boolean => {
    const t = text(key).replace(/\s+/g, "").toLowerCase();
    if (YES.has(t)) return true;
    if (!NO.has(t)) report(spec(key).header, "错误", `“${shown(text(key))}”无法识别(应为 是 或 否)`);
    return false;
  };
  const grade = (key: ColumnKey, max: number): number => {
    const t = text(key).replace(/\s+/g, "").replace(/级$/, "");
    if (t === "") return 0;
    const g = GRADES[t];
    if (g === undefined || g > max) {
      report(spec(key).header, "错误", `${spec(key).header}“${shown(text(key))}”无法识别(应为 1–${max} 级)`);
      return 0;
    }
    return g;
  };

  const birthGiven = date("birthDate");
  if (birthGiven && birth && birthGiven !== birth) report("出生日期", "错误", `出生日期 ${formatDate(birthGiven)} 与身份证号中的 ${formatDate(birth)} 不一致`);

  const hukouText = text("hukou").replace(/\s+/g, "");
  let rural: boolean | undefined;
  if (hukouText === "农业" || hukouText === "农村" || hukouText === "农业户口") rural = true;
  else if (hukouText === "非农业" || hukouText === "城镇" || hukouText === "非农业户口") rural = false;
  else if (hukouText !== "") report("户籍性质", "错误", `户籍性质“${shown(hukouText)}”无法识别(应为 农业 或 非农业)`);
  else if (roleInfo && role !== "子女") report("户籍性质", "错误", "夫、妻的户籍性质为空(必填:农业 或 非农业)");

  const deathDate = date("deathDate");
  if (deathDate && deathDate > year * 10000 + 1231) report("死亡日期", "错误", `死亡日期 ${formatDate(deathDate)} 晚于${year}年底`);
  if (deathDate && birth && deathDate < birth) report("死亡日期", "错误", `死亡日期 ${formatDate(deathDate)} 早于出生日期`);

  const stage = text("stage").replace(/\s+/g, "");
  if (stage !== "" && !STAGES.has(stage)) report("在读学段", "错误", `在读学段“${shown(stage)}”无法识别(应为 学前、小学、初中、高中 或 大学)`);
  const yearText = text("enrollYear").replace(/\s+/g, "").replace(/年$/, "");
  let enrollYear = 0;
  if (yearText !== "") {
    if (/^\d{4}$/.test(yearText)) enrollYear = Number(yearText);
    else report("入学年份", "错误", `入学年份“${shown(yearText)}”应为四位年份`);
  }

  const accountCell = raw("account");
  let account = "";
  if (typeof accountCell === "number") {
    report("银行账号", "错误", "银行账号被Excel存成了数字,后几位可能已丢失:请把该列设为“文本”格式后重新录入");
  } else {
    account = text("account").replace(/[\s-]/g, "");
    if (account !== "" && !/^\d{8,30}$/.test(account)) report("银行账号", "错误", "银行账号应为8–30位数字");
    else if (account !== "" && !luhnValid(account)) report("银行账号", "警告", "银行账号未通过校验(存折号可能如此),请核对");
  }
  const bank = strings.intern(text("bank"));
  const payeeFlag = yesNo("payeeFlag");
  if (payeeFlag && (account === "" || bank === "")) report("银行账号", "警告", "领款人无开户银行或银行账号,款项列入待补录");

  const regionCode = strings.intern(regionCodeOf(raw("regionCode"), report));

  let cellsByHeader: Record<string, string> | undefined;
  if (keepCells) {
    cellsByHeader = {};
    for (const col of COLUMNS) if (map.index[col.key] >= 0) cellsByHeader[col.header] = text(col.key);
    for (const x of map.extra) cellsByHeader[x.header] = cellText(cells[x.index]);
  }

  const person: Person = {
    row: rowNumber, township, village, householdId, name, id, birth, sex, role,
    adopted: yesNo("adopted") || roleInfo?.adopted === true,
    rural, deathDate,
    disabilityGrade: grade("disabilityGrade", 4),
    disabilityDate: date("disabilityDate"),
    complicationGrade: grade("complicationGrade", 3),
    contraceptionDate: date("contraceptionDate"),
    honorCertDate: date("honorCertDate"),
    waiverDate: date("waiverDate"),
    illegalBirth: yesNo("illegalBirth"),
    dibao: yesNo("dibao"),
    pensionInsured: yesNo("pensionInsured"),
    careHome: yesNo("careHome"),
    stage: strings.intern(stage), enrollYear,
    excellent: yesNo("excellent"),
    hardship: yesNo("hardship"),
    payeeFlag, bank, account,
    phone: text("phone"),
    regionCode,
    cells: cellsByHeader,
  };
  return { person, problems, hasError };
}
