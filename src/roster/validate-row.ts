import { formatDate, type DateNum } from "../domain/dates.js";
import { luhnValid, normaliseIdText, parseIdNumber, upgrade15, type IdNumber } from "../domain/id-number.js";
import type { Person, Role, Sex } from "../domain/person.js";
import { readRelation } from "./relation.js";
import { COLUMNS, type ColumnKey, type ColumnKind } from "./columns.js";
import { unsafePlaceName } from "./place-names.js";
import { codeText, compact, isEmpty, readDate, readHukou, readContraceptionKind, readOptional, readStage, readYear, readYesNo, shown, type Read } from "./cell-readers.js";
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
  /** A relative outside the couple and their children: read, warned, not part of the household. */
  readonly setAside: boolean;
  /** Date columns written as a year and month only, read as the month's first day. */
  readonly monthOnly: readonly string[];
}

const ACCOUNT = /^\d{8,30}$/;
const REQUIRED: readonly ColumnKey[] = ["township", "village", "householdId", "name", "id", "role"];
/** The person's optional fields, in the order their problems are reported, each read by its column's kind. */
const OPTIONAL = [
  "adopted", "disabilityGrade", "disabilityDate", "complicationGrade", "contraceptionDate", "honorCertDate", "waiverDate",
  "illegalBirth", "dibao", "pensionInsured", "careHome", "excellent", "hardship",
] as const satisfies readonly ColumnKey[];
type OptionalKey = (typeof OPTIONAL)[number];
const SPEC = new Map(COLUMNS.map((c) => [c.key, c]));
const header = (key: ColumnKey): string => SPEC.get(key)?.header ?? key;
const kindOf = (key: ColumnKey): ColumnKind => SPEC.get(key)?.kind ?? "text";

/** Each known column's cell index, resolved once per table rather than per row. */
interface Layout {
  readonly at: Readonly<Record<ColumnKey, number>>;
  /** The required columns' cell indexes and headers, in REQUIRED's order. */
  readonly required: ReadonlyArray<{ readonly key: ColumnKey; readonly index: number; readonly header: string }>;
  /** The optional columns in OPTIONAL's order: their values are read into an array by this position (OPT). */
  readonly optional: ReadonlyArray<{ readonly index: number; readonly kind: ColumnKind; readonly header: string }>;
}
/** Each optional field's position among the values read (fixed keys: the person is built from them without a lookup by name). */
const OPT = Object.fromEntries(OPTIONAL.map((key, i) => [key, i])) as Readonly<Record<OptionalKey, number>>;
const layouts = new WeakMap<ColumnMap, Layout>();
function layoutOf(map: ColumnMap): Layout {
  let layout = layouts.get(map);
  if (!layout) {
    layout = {
      at: { ...map.index },
      required: REQUIRED.map((key) => ({ key, index: map.index[key], header: header(key) })),
      optional: OPTIONAL.map((key) => ({ index: map.index[key], kind: kindOf(key), header: header(key) })),
    };
    layouts.set(map, layout);
  }
  return layout;
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

const cellAt = (cells: readonly RawCell[], i: number): RawCell => (i < 0 ? undefined : cells[i]);
const textAt = (cells: readonly RawCell[], i: number): string => (i < 0 ? "" : cellText(cells[i]));

/** Reads and checks one roster row (DESIGN §3): the person, and every problem in the row's cells. */
export function validateRow(cells: readonly RawCell[], rowNumber: number, map: ColumnMap, year: number, keepCells: boolean, strings: Interner = new Interner()): RowResult {
  const { at, required, optional } = layoutOf(map);
  const problems: Problem[] = [];
  let hasError = false;
  const township = strings.intern(textAt(cells, at.township), 0);
  const village = strings.intern(textAt(cells, at.village), 1);
  const householdId = strings.intern(compact(textAt(cells, at.householdId)), 2);
  const name = compact(textAt(cells, at.name));
  const rawId = cellAt(cells, at.id);
  // A 15-digit number survives Excel's number format exactly; longer ones lose their last digits.
  const idCell = typeof rawId === "number" && Number.isSafeInteger(rawId) && String(rawId).length === 15 ? String(rawId) : rawId;
  const idText = typeof idCell === "number" ? String(idCell) : isEmpty(idCell) ? "" : normaliseIdText(cellText(idCell));
  const report = (column: string, level: ProblemLevel, message: string): void => {
    if (level === "错误") hasError = true;
    problems.push({ row: rowNumber, township, village, householdId, name, id: idText, column, level, message });
  };
  const monthOnly: string[] = [];
  const check = <T>(read: Read<T>, column: string): T => {
    if (read.error !== undefined) report(column, "错误", read.error);
    if (read.monthOnly) monthOnly.push(column);
    return read.value;
  };

  for (const r of required) {
    if (textAt(cells, r.index) === "" && !(r.key === "id" && typeof idCell === "number")) report(r.header, "错误", `${r.header}为空(必填)`);
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
      if (idText.length === 15) id = upgrade15(idText) as IdNumber;
    } else if (parsed.problem === "excel-number") {
      report("身份证号", "错误", "身份证号被Excel存成了科学计数法数字,后几位已丢失:请把该列设为“文本”格式后重新录入完整号码");
    } else if (parsed.problem === "check" && idText.endsWith("000")) {
      report("身份证号", "错误", "身份证号校验位不正确,且末尾是000:可能被Excel当作数字截断了,请把该列设为“文本”格式后重新录入完整号码");
    } else if (parsed.problem === "check") {
      report("身份证号", "错误", "身份证号校验位不正确,请核对号码");
    } else if (parsed.problem === "birth") {
      report("身份证号", "错误", "身份证号中的出生日期不存在,请核对号码");
    } else {
      report("身份证号", "错误", "身份证号应为18位(或15位)数字,最后一位可为X");
    }
  }

  if (birth && birth > year * 10000 + 1231) report("身份证号", "错误", `身份证号中的出生日期晚于${year}年底,请核对号码`);

  const roleText = codeText(cellAt(cells, at.role));
  const relation = roleText === "" ? undefined : readRelation(roleText);
  if (roleText !== "" && !relation) report("家庭角色", "错误", `家庭角色“${shown(roleText)}”无法识别(应为 夫、妻、子女,或与户主关系如 户主、配偶、长子、次女及其国标代码)`);
  // 户主/本人/配偶: 夫 or 妻 by the sex in the ID
  const roleInfo = relation?.kind === "member" ? relation : relation?.kind === "spouse" && birth ? { role: (sex === "男" ? "夫" : "妻") as Role, sex: undefined, adopted: undefined } : undefined;
  const setAside = relation?.kind === "outside";
  if (relation?.kind === "outside") problems.push({ row: rowNumber, township, village, householdId, name, id: idText, column: "家庭角色", level: "警告", message: setAsideMessage(relation.name), code: "set-aside" });
  const role: Role = roleInfo?.role ?? "子女";

  const sexText = codeText(cellAt(cells, at.sex));
  if (sexText !== "" && sexText !== "男" && sexText !== "女") report("性别", "错误", `性别“${shown(sexText)}”无法识别(应为 男 或 女)`);
  else if (sexText !== "" && birth && sexText !== sex) report("性别", "错误", `性别“${shown(sexText)}”与身份证号(${sex})不一致`);
  if (birth && roleInfo) {
    const expected = role === "夫" ? "男" : role === "妻" ? "女" : roleInfo.sex;
    // 夫/妻 must match the ID; for a child, the ID decides the sex and 子/女 only prompts a check
    if (expected && expected !== sex) report("家庭角色", role === "子女" ? "警告" : "错误", `家庭角色“${shown(roleText)}”与身份证号的性别(${sex})不一致`);
  }

  const birthRead = readDate(cellAt(cells, at.birthDate), map.date1904);
  const birthGiven = check(birthRead, "出生日期");
  // a year-month birth date agrees with the ID when the month does
  const sameBirth = birthRead.monthOnly ? Math.floor(birthGiven / 100) === Math.floor(birth / 100) : birthGiven === birth;
  if (birthGiven && birth && !sameBirth) report("出生日期", "错误", `出生日期 ${formatDate(birthGiven)} 与身份证号中的 ${formatDate(birth)} 不一致`);

  const hukou = readHukou(cellAt(cells, at.hukou));
  const rural = check(hukou, "户籍性质");
  if (rural === undefined && hukou.error === undefined && roleInfo && role !== "子女") report("户籍性质", "错误", "夫、妻的户籍性质为空(必填:农业 或 非农业)");

  const deathDate = check(readDate(cellAt(cells, at.deathDate), map.date1904), "死亡日期");
  if (deathDate && deathDate > year * 10000 + 1231) report("死亡日期", "错误", `死亡日期 ${formatDate(deathDate)} 晚于${year}年底`);
  if (deathDate && birth && deathDate < birth) report("死亡日期", "错误", `死亡日期 ${formatDate(deathDate)} 早于出生日期`);

  const stage = check(readStage(cellAt(cells, at.stage)), "在读学段");
  const enrollYear = check(readYear(cellAt(cells, at.enrollYear), "入学年份"), "入学年份");
  const zhongkaoYear = check(readYear(cellAt(cells, at.zhongkaoYear), "中考年份"), "中考年份");
  const contraceptionKind = check(readContraceptionKind(cellAt(cells, at.contraceptionKind)), "节育措施");

  const accountCell = cellAt(cells, at.account);
  let account = "";
  if (typeof accountCell === "number") {
    report("银行账号", "错误", "银行账号被Excel存成了数字,后几位可能已丢失:请把该列设为“文本”格式后重新录入");
  } else if (!isEmpty(accountCell)) {
    account = cellText(accountCell).replace(/[\s-]/g, "");
    if (account !== "" && !ACCOUNT.test(account)) report("银行账号", "错误", "银行账号应为8–30位数字");
    else if (account !== "" && !luhnValid(account)) report("银行账号", "警告", "银行账号未通过校验(存折号可能如此),请核对");
  }
  const bank = strings.intern(textAt(cells, at.bank), 3);
  for (const [column, value] of [["乡镇", township], ["村", village], ["开户银行", bank]] as const) {
    const why = unsafePlaceName(value);
    if (why) report(column, "错误", `${column}“${shown(value)}”${why}:请在花名册中改用完整、规范的名称`);
  }
  const payeeFlag = check(readYesNo(cellAt(cells, at.payeeFlag)), "领款人");
  if (payeeFlag && (account === "" || bank === "")) report("银行账号", "警告", "领款人无开户银行或银行账号,款项列入待补录");

  const regionCode = strings.intern(regionCodeOf(cellAt(cells, at.regionCode), report), 4);

  let cellsByHeader: Record<string, string> | undefined;
  if (keepCells) {
    cellsByHeader = {};
    for (const col of COLUMNS) if (at[col.key] >= 0) cellsByHeader[col.header] = textAt(cells, at[col.key]);
    for (const x of map.extra) cellsByHeader[x.header] = cellText(cells[x.index]);
  }

  // by position, not by name: stores and loads under a key that changes each time went through V8's generic keyed paths
  const fields: Array<number | boolean> = [];
  for (const o of optional) fields.push(check(readOptional(o.kind, cellAt(cells, o.index), o.header, map.date1904), o.header));

  const person: Person = {
    row: rowNumber, township, village, householdId, name, id, birth, sex, role,
    adopted: fields[OPT.adopted] === true || roleInfo?.adopted === true,
    rural, deathDate,
    disabilityGrade: fields[OPT.disabilityGrade] as number,
    disabilityDate: fields[OPT.disabilityDate] as DateNum,
    complicationGrade: fields[OPT.complicationGrade] as number,
    contraceptionDate: fields[OPT.contraceptionDate] as DateNum,
    contraceptionKind,
    honorCertDate: fields[OPT.honorCertDate] as DateNum,
    waiverDate: fields[OPT.waiverDate] as DateNum,
    illegalBirth: fields[OPT.illegalBirth] === true,
    dibao: fields[OPT.dibao] === true,
    pensionInsured: fields[OPT.pensionInsured] === true,
    careHome: fields[OPT.careHome] === true,
    stage: strings.intern(stage, 5), enrollYear, zhongkaoYear,
    excellent: fields[OPT.excellent] === true,
    hardship: fields[OPT.hardship] === true,
    payeeFlag, bank, account,
    phone: textAt(cells, at.phone),
    regionCode,
    cells: cellsByHeader,
  };
  return { person, problems, hasError, setAside, monthOnly };
}

/** The warning on a row of a relative outside the couple and their children; its part before "：" names the relation. */
export function setAsideMessage(relation: string): string {
  return `${setAsideRelation(relation)}:该行不计入本户的家庭情况,不参与核定`;
}

/** "与户主关系为“孙子”,不是夫、妻或其子女": said again where such a person is looked for (变动名单, explain). */
export function setAsideRelation(relation: string): string {
  return `与户主关系为“${relation}”,不是夫、妻或其子女`;
}
