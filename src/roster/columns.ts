// The roster columns of DESIGN.md §3: canonical header, aliases, and how each value is read.
export type ColumnKind = "text" | "id" | "role" | "sex" | "date" | "hukou" | "grade4" | "grade3" | "yesno" | "stage" | "year" | "account" | "region" | "contraception";

export interface ColumnSpec {
  readonly key: ColumnKey;
  readonly header: string;
  readonly aliases: readonly string[];
  readonly kind: ColumnKind;
  readonly required: boolean;
}

export type ColumnKey =
  | "township" | "village" | "householdId" | "name" | "id" | "role" | "sex" | "birthDate" | "hukou"
  | "deathDate" | "disabilityGrade" | "disabilityDate" | "complicationGrade" | "contraceptionDate" | "contraceptionKind"
  | "honorCertDate" | "waiverDate" | "illegalBirth" | "dibao" | "pensionInsured" | "careHome" | "stage"
  | "enrollYear" | "zhongkaoYear" | "excellent" | "hardship" | "adopted" | "payeeFlag" | "bank" | "account" | "phone" | "regionCode";

const c = (key: ColumnKey, header: string, kind: ColumnKind, required: boolean, aliases: string[] = []): ColumnSpec =>
  ({ key, header, kind, required, aliases });

export const COLUMNS: readonly ColumnSpec[] = [
  c("township", "乡镇", "text", true, ["乡镇(街道)", "街道"]),
  c("village", "村", "text", true, ["村(社区)", "村居", "社区"]),
  c("householdId", "户编号", "text", true, ["户号", "家庭编号"]),
  c("name", "姓名", "text", true),
  c("id", "身份证号", "id", true, ["身份证号码", "公民身份号码", "证件号码"]),
  c("role", "家庭角色", "role", true, ["角色", "与户主关系"]),
  c("sex", "性别", "sex", false),
  c("birthDate", "出生日期", "date", false),
  c("hukou", "户籍性质", "hukou", false, ["户口性质"]),
  c("deathDate", "死亡日期", "date", false),
  c("disabilityGrade", "伤残等级", "grade4", false),
  c("disabilityDate", "伤残认定日期", "date", false),
  c("complicationGrade", "并发症等级", "grade3", false),
  c("contraceptionDate", "节育措施日期", "date", false),
  c("contraceptionKind", "节育措施", "contraception", false, ["节育措施类型", "节育方式"]),
  c("honorCertDate", "光荣证日期", "date", false, ["独生子女证日期"]),
  c("waiverDate", "放弃二孩日期", "date", false),
  c("illegalBirth", "违法生育", "yesno", false),
  c("dibao", "低保", "yesno", false),
  c("pensionInsured", "新农保参保", "yesno", false, ["养老保险参保"]),
  c("careHome", "入住养老机构", "yesno", false),
  c("stage", "在读学段", "stage", false, ["学段"]),
  c("enrollYear", "入学年份", "year", false),
  c("zhongkaoYear", "中考年份", "year", false, ["中考年度"]),
  c("excellent", "品学兼优", "yesno", false),
  c("hardship", "困难家庭", "yesno", false),
  c("adopted", "收养", "yesno", false),
  c("payeeFlag", "领款人", "yesno", false),
  c("bank", "开户银行", "text", false),
  c("account", "银行账号", "account", false),
  c("phone", "联系电话", "text", false),
  c("regionCode", "区划代码", "region", false, ["统计用区划代码", "村级区划代码"]),
];

export { toHalfWidth, normaliseHeader } from "../input/cell.js";
import { normaliseHeader } from "../input/cell.js";

const BY_NAME = new Map<string, ColumnSpec>();
for (const col of COLUMNS) {
  for (const name of [col.header, ...col.aliases]) BY_NAME.set(normaliseHeader(name), col);
}

export function columnForHeader(cell: string): ColumnSpec | undefined {
  return BY_NAME.get(normaliseHeader(cell));
}

export const REQUIRED_HEADERS = COLUMNS.filter((col) => col.required);

export function columnByKey(key: ColumnKey): ColumnSpec {
  const col = COLUMNS.find((x) => x.key === key);
  if (!col) throw new Error(`unknown column ${key}`);
  return col;
}
