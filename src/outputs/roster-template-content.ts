// What the roster template (payout template) says: the drop-down lists, the help text per column
// and two synthetic example households. Kept apart from the exceljs code that lays it out.
import { checkDigit, luhnValid } from "../domain/id-number.js";
import type { ColumnKey, ColumnKind, ColumnSpec } from "../roster/columns.js";

/** Drop-down values per coded column kind (all accepted by the roster reader). */
export const LIST_VALUES: Partial<Record<ColumnKind, readonly string[]>> = {
  role: ["夫", "妻", "子女", "子", "女", "养子", "养女"],
  sex: ["男", "女"],
  hukou: ["农业", "非农业"],
  grade4: ["1", "2", "3", "4"],
  grade3: ["1", "2", "3"],
  yesno: ["是", "否"],
  stage: ["学前", "小学", "初中", "高中", "大学"],
  contraception: ["结扎", "上环", "其他"],
};

/** 必填 / 夫妻必填 / 领款人必填 / 选填: what the header colour and the 说明 sheet say. */
export type Need = "必填" | "夫妻必填" | "领款人必填" | "选填";

export function needOf(col: ColumnSpec): Need {
  if (col.required) return "必填";
  if (col.key === "hukou") return "夫妻必填";
  if (col.key === "bank" || col.key === "account") return "领款人必填";
  return "选填";
}

const ALLOWED: Record<ColumnKind, string> = {
  text: "文字",
  id: "18位身份证号(15位旧号自动升为18位;末位 x 自动改为大写 X)",
  role: "夫、妻、子女(也可填 子、女、养子、养女)",
  sex: "男、女",
  date: "日期,如 2027-03-05(也可写 2027/3/5、2027.3.5、20270305、2027年3月5日)",
  hukou: "农业、非农业",
  grade4: "1、2、3、4(一级至四级)",
  grade3: "1、2、3(一级至三级)",
  yesno: "是、否(空白视为否)",
  stage: "学前、小学、初中、高中、大学",
  year: "四位年份,如 2026",
  account: "8–30位数字(空格自动去掉)",
  region: "12位数字:村(社区)的统计用区划代码",
  contraception: "结扎、上环、其他(也可写 绝育、放环、皮埋 等)",
};

const NOTES: Partial<Record<ColumnKey, string>> = {
  householdId: "同一户的每个人填同一个户编号;请设为文本,以免开头的 0 丢失",
  id: "该列已设为文本格式。请勿改为数字或常规格式:Excel 会把18位号码变成 1.10105E+17 或把后三位变成 000,且无法恢复",
  role: "每人一行:夫、妻和每个子女(含已去世的子女)各占一行",
  sex: "可不填,由身份证号推出;填写时须与身份证号一致",
  birthDate: "可不填,由身份证号推出;填写时须与身份证号一致",
  hukou: "夫、妻必填;子女可不填",
  deathDate: "已去世的人填写,其余留空",
  contraceptionDate: "结扎、上环等长效节育措施的日期",
  contraceptionKind: "落实了长效节育措施的夫或妻填写种类:结扎、上环 或 其他(纯女户结扎户的养老保险据此确认)",
  zhongkaoYear: "本年参加中考的子女填写中考年份,如 2027(纯女户女儿中考加分资格名单据此生成)",
  honorCertDate: "《独生子女父母光荣证》的发证日期",
  waiverDate: "签订放弃政策内二孩生育承诺的日期",
  illegalBirth: "有违法生育记录的填 是",
  hardship: "本户任何一人填 是,即视为困难家庭",
  adopted: "收养的子女填 是(家庭角色填 养子、养女 也可)",
  payeeFlag: "本户领取补助的人填 是;不填时依次取妻、夫中有账号者",
  bank: "领款人必填,如 农村信用社;按政策中的银行列表归并写法(农行、中国农业银行××支行 都归为 中国农业银行),代发文件按银行生成",
  account: "领款人必填。该列已设为文本格式,请勿改为数字:19位账号会丢失后几位",
  phone: "选填,文本",
  regionCode: "选填。村(社区)的12位统计用区划代码,同村各行相同、同乡镇前9位相同;一卡通发放清单会用到。该列为文本格式",
};

export function allowedText(col: ColumnSpec): string {
  return ALLOWED[col.kind];
}

export function noteText(col: ColumnSpec): string {
  return NOTES[col.key] ?? "";
}

/** Completes digits with a Luhn check digit (bank card numbers). */
export function withLuhn(digits: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(digits + d)) return digits + d;
  throw new Error("unreachable");
}

/** A synthetic ID in region 3499xx (no real county) with a valid GB 11643 check digit. */
export function exampleId(birth: string, seq: string): string {
  const first17 = `349901${birth}${seq}`;
  return first17 + checkDigit(first17);
}

const utc = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

export type ExampleCell = string | Date;

/**
 * Two example households: a rural 独生子女 household of three (child in 高中) and a rural 二女户
 * of four (parents over 60). Accounts on the parents; the wife is the payee.
 */
export const EXAMPLE_ROWS: ReadonlyArray<Partial<Record<ColumnKey, ExampleCell>>> = [
  {
    township: "示例镇", village: "示例村", householdId: "0001", name: "李建国", id: exampleId("19780312", "011"), role: "夫", sex: "男",
    hukou: "农业", contraceptionDate: utc(2012, 5, 20), contraceptionKind: "结扎", honorCertDate: utc(2012, 3, 15), pensionInsured: "是",
    bank: "农村信用社", account: withLuhn("622848000000000001"), phone: "0000-0000001", regionCode: "349901001001",
  },
  {
    township: "示例镇", village: "示例村", householdId: "0001", name: "王秀英", id: exampleId("19800820", "022"), role: "妻", sex: "女",
    hukou: "农业", honorCertDate: utc(2012, 3, 15), pensionInsured: "是", payeeFlag: "是",
    bank: "农村信用社", account: withLuhn("622848000000000002"), phone: "0000-0000002", regionCode: "349901001001",
  },
  {
    township: "示例镇", village: "示例村", householdId: "0001", name: "李明", id: exampleId("20110901", "031"), role: "子", sex: "男",
    stage: "高中", enrollYear: "2026", regionCode: "349901001001",
  },
  {
    township: "示例镇", village: "示例村", householdId: "0002", name: "张国强", id: exampleId("19620115", "013"), role: "夫", sex: "男",
    hukou: "农业", contraceptionDate: utc(1991, 10, 10), contraceptionKind: "结扎",
    bank: "农村信用社", account: withLuhn("622848000000000003"), phone: "0000-0000003", regionCode: "349901001001",
  },
  {
    township: "示例镇", village: "示例村", householdId: "0002", name: "刘桂兰", id: exampleId("19641102", "024"), role: "妻", sex: "女",
    hukou: "农业", payeeFlag: "是", bank: "农村信用社", account: withLuhn("622848000000000004"), phone: "0000-0000003", regionCode: "349901001001",
  },
  { township: "示例镇", village: "示例村", householdId: "0002", name: "张丽", id: exampleId("19880214", "026"), role: "女", sex: "女", regionCode: "349901001001" },
  { township: "示例镇", village: "示例村", householdId: "0002", name: "张芳", id: exampleId("19910730", "028"), role: "女", sex: "女", regionCode: "349901001001" },
];
