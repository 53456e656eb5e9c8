// The roster columns the generator writes (DESIGN.md §3 canonical headers, in this order).
export const HEADERS = [
  "乡镇", "村", "户编号", "姓名", "身份证号", "家庭角色", "户籍性质", "死亡日期", "伤残等级", "伤残认定日期",
  "并发症等级", "节育措施日期", "光荣证日期", "放弃二孩日期", "违法生育", "低保", "新农保参保", "入住养老机构",
  "在读学段", "入学年份", "中考年份", "品学兼优", "困难家庭", "收养", "领款人", "开户银行", "银行账号", "联系电话", "节育措施",
] as const;

export type Header = (typeof HEADERS)[number];

/** Column index by header, e.g. COL.身份证号 === 4. */
export const COL = Object.fromEntries(HEADERS.map((h, i) => [h, i])) as { readonly [K in Header]: number };

export type BadKind = "check-digit" | "unknown-role" | "excel-number" | "future-death" | "duplicate-id";
export const BAD_KINDS: readonly BadKind[] = ["check-digit", "unknown-role", "excel-number", "future-death", "duplicate-id"];

/** One generated row: its cells (in HEADERS order) and, for an injected bad row, what is wrong. */
export interface GeneratedRow {
  readonly cells: string[];
  bad: BadKind | undefined;
}

export const emptyCells = (): string[] => new Array<string>(HEADERS.length).fill("");
