import type { Alignment, DataValidation, Fill, Style, Workbook } from "exceljs";
import { COLUMNS, type ColumnSpec } from "../roster/columns.js";
import { allowedText, EXAMPLE_ROWS, LIST_VALUES, needOf, noteText, type Need } from "./roster-template-content.js";
import { stampZipEntries } from "../xlsx/zip-entries.js";

// `payout template`: an Excel roster a clerk fills in. The sheet 花名册 comes first (the roster
// reader takes the first sheet), its header in row 1 with exactly the canonical names of §3.

export const TEMPLATE_SHEET = "花名册";
export const HELP_SHEET = "说明";
/** Rows below the header that carry the text / date formats and the drop-down lists. */
export const TEMPLATE_ROWS = 2000;
/** Fixed workbook and zip dates: the template's bytes never change between runs. */
const FIXED_DATE = new Date(Date.UTC(2024, 0, 1));

const FONT = "宋体";
const NEED_FILL: Record<Need, string> = { 必填: "FFF8CBAD", 夫妻必填: "FFFFE699", 领款人必填: "FFFFE699", 选填: "FFE7E6E6" };
const EXAMPLE_FILL = "FFFFF2CC";
const DATE_FORMAT = "yyyy-mm-dd";

const isTextColumn = (col: ColumnSpec): boolean =>
  col.kind === "id" || col.kind === "account" || col.key === "householdId" || col.key === "phone" || col.kind === "region";

function widthOf(col: ColumnSpec): number {
  if (col.kind === "id") return 22;
  if (col.kind === "account") return 24;
  if (col.kind === "date") return 13;
  if (col.key === "bank" || col.key === "phone" || col.kind === "region") return 16;
  return Math.max(8, col.header.length * 2 + 3);
}

function validationFor(col: ColumnSpec): DataValidation | undefined {
  const list = LIST_VALUES[col.kind];
  if (list) {
    return {
      type: "list", allowBlank: true, formulae: [`"${list.join(",")}"`],
      showErrorMessage: true, errorStyle: "stop", errorTitle: col.header, error: `请从下拉列表中选择:${list.join("、")}`,
    };
  }
  if (col.kind === "id") {
    return {
      type: "textLength", operator: "between", allowBlank: true, formulae: [15, 18],
      showErrorMessage: true, errorStyle: "warning", errorTitle: col.header, error: "身份证号应为18位(旧的15位也可)",
      showInputMessage: true, promptTitle: "身份证号", prompt: "本列为文本格式,请直接输入18位号码",
    };
  }
  if (col.kind === "account") {
    return {
      type: "textLength", operator: "between", allowBlank: true, formulae: [8, 30],
      showErrorMessage: true, errorStyle: "warning", errorTitle: col.header, error: "银行账号应为8–30位数字",
    };
  }
  if (col.kind === "year") {
    return {
      type: "whole", operator: "between", allowBlank: true, formulae: [1950, 2100],
      showErrorMessage: true, errorStyle: "stop", errorTitle: col.header, error: "请填写四位年份,如 2026",
    };
  }
  return undefined;
}

function addRosterSheet(book: Workbook): void {
  const ws = book.addWorksheet(TEMPLATE_SHEET, { views: [{ state: "frozen", xSplit: 4, ySplit: 1, topLeftCell: "E2", activeCell: "A2" }] });
  const text: Partial<Style> = { numFmt: "@" };
  const date: Partial<Style> = { numFmt: DATE_FORMAT };
  ws.columns = COLUMNS.map((col) => ({
    key: col.key,
    width: widthOf(col),
    style: isTextColumn(col) ? text : col.kind === "date" ? date : {},
  }));

  const header = ws.getRow(1);
  header.height = 30;
  COLUMNS.forEach((col, i) => {
    const cell = header.getCell(i + 1);
    const need = needOf(col);
    cell.value = col.header;
    cell.font = { name: FONT, size: 11, bold: true };
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: NEED_FILL[need] } };
    cell.border = { bottom: { style: "thin" } };
    cell.note = [need, allowedText(col), noteText(col)].filter((s) => s !== "").join("\n");
  });

  const exampleFill: Fill = { type: "pattern", pattern: "solid", fgColor: { argb: EXAMPLE_FILL } };
  for (let r = 2; r <= TEMPLATE_ROWS + 1; r++) {
    const row = ws.getRow(r);
    const example = EXAMPLE_ROWS[r - 2];
    COLUMNS.forEach((col, i) => {
      const cell = row.getCell(i + 1);
      if (isTextColumn(col)) cell.numFmt = "@";
      else if (col.kind === "date") cell.numFmt = DATE_FORMAT;
      const value = example?.[col.key];
      if (value !== undefined) cell.value = value;
      if (example) cell.fill = exampleFill;
    });
  }

  const last = TEMPLATE_ROWS + 1;
  const validations = (ws as unknown as { dataValidations: { add(range: string, v: DataValidation): void } }).dataValidations;
  COLUMNS.forEach((col, i) => {
    const v = validationFor(col);
    const letter = ws.getColumn(i + 1).letter;
    if (v) validations.add(`${letter}2:${letter}${last}`, v);
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
}

function addHelpSheet(book: Workbook): void {
  const ws = book.addWorksheet(HELP_SHEET, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = [{ width: 14 }, { width: 12 }, { width: 48 }, { width: 70 }];
  const wrap: Partial<Alignment> = { vertical: "top", wrapText: true };
  const head = ws.addRow(["列名", "是否必填", "可填写的值", "说明"]);
  head.font = { name: FONT, bold: true };
  for (const col of COLUMNS) {
    const row = ws.addRow([col.header, needOf(col), allowedText(col), noteText(col)]);
    row.alignment = wrap;
    row.getCell(2).fill = { type: "pattern", pattern: "solid", fgColor: { argb: NEED_FILL[needOf(col)] } };
  }
  ws.addRow([]);
  const general = [
    "填写要求",
    "1. 每人一行:夫、妻和每个子女(含已去世、已成年的子女)各占一行,同一户填同一个户编号。户的类型(独生子女户、二女户等)由程序根据子女行判断,不要填写。",
    "2. 第1行是列名,请勿修改、删除或调换;可以增加自己的列,程序会忽略不认识的列。",
    "3. 身份证号、银行账号、户编号、联系电话四列已设为“文本”格式。请勿改为“数字”或“常规”:Excel 会把18位身份证号变成 1.10105E+17 或把末三位变成 000,号码无法恢复,只能重新录入。从其他表格粘贴时请用“选择性粘贴 → 数值”,并确认单元格仍为文本。",
    "4. 日期写作 2027-03-05(也可写 2027/3/5、2027.3.5、20270305 或 2027年3月5日)。",
    "5. 是/否列只填 是 或 否,空白视为否。带下拉箭头的列请从列表中选择。",
    "6. 表头颜色:橙色为必填;黄色为部分人必填(户籍性质:夫、妻必填;开户银行、银行账号:领款人必填);灰色为选填。",
    `7. 第2–${EXAMPLE_ROWS.length + 1}行(浅黄色)是两户示例(身份证号、账号均为虚构),填写前请整行删除。`,
    "8. 填好后可先运行 payout check 花名册.xlsx 检查,再运行 payout run。",
  ];
  for (const line of general) {
    const row = ws.addRow([line]);
    ws.mergeCells(row.number, 1, row.number, 4);
    row.alignment = wrap;
    row.height = line.length > 60 ? 45 : 20;
    if (line === "填写要求") row.font = { name: FONT, bold: true };
  }
}

/** Writes the Excel roster template (payout template). Same bytes on every call. */
export async function writeRosterTemplate(path: string): Promise<void> {
  const { default: ExcelJS } = await import("../input/exceljs.js");
  const book = new ExcelJS.Workbook();
  book.creator = "payout";
  book.lastModifiedBy = "payout";
  book.created = FIXED_DATE;
  book.modified = FIXED_DATE;
  addRosterSheet(book);
  addHelpSheet(book);
  await book.xlsx.writeFile(path);
  await stampZipEntries(path, FIXED_DATE.getUTCFullYear(), 1, 1);
}
