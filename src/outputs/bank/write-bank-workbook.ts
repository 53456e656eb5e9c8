import { parseYuan, type Fen } from "../../domain/money.js";
import { STYLES } from "../../xlsx/styles.js";
import { cell, displayWidth, XlsxBook, type Cell } from "../../xlsx/workbook.js";
import type { BankFilePlan } from "./plan.js";
import type { BankColumn, BankTemplate } from "./templates.js";

// A bank template of format xlsx (a bank's 代发 sheet, a province's 一卡通 import list): the title
// rows, the header, one row per line and, with total_row, 合计,<笔数>,…,<总金额>. Every column but the
// numbers is a text cell with the text format, so IDs, accounts, codes and 发放期号 stay as written.

const INTEGER_FIELDS = new Set(["序号", "次数", "年度"]);

const isAmount = (c: BankColumn): boolean => c.field === "金额";
const isInteger = (c: BankColumn): boolean => INTEGER_FIELDS.has(c.field);

function widthOf(c: BankColumn, rows: readonly (readonly string[])[], i: number): number {
  let widest = displayWidth(c.title);
  for (let r = 0; r < Math.min(rows.length, 200); r++) widest = Math.max(widest, displayWidth(rows[r]?.[i] ?? ""));
  return Math.min(40, Math.max(6, widest + 2));
}

function amountCell(amount: Fen, t: BankTemplate, total: boolean): Cell {
  if (t.amountUnit === "分") return cell.integer(amount, total ? STYLES.totalInteger : STYLES.integer);
  return cell.yuan(amount, total ? STYLES.totalAmount : STYLES.amount);
}

export async function writeBankWorkbook(path: string, plan: BankFilePlan, year: number): Promise<void> {
  const t = plan.template;
  const book = await XlsxBook.create(path, { year, sensitive: true });
  const sheet = await book.addListing(t.sheet, {
    titles: plan.titles,
    columns: t.columns.map((c, i) => ({ header: c.title, width: widthOf(c, plan.rows, i), text: !isAmount(c) && !isInteger(c) })),
  });
  for (const row of plan.rows) {
    await sheet.add(t.columns.map((c, i): Cell => {
      const v = row[i] ?? "";
      if (isAmount(c)) return amountCell((t.amountUnit === "分" ? Number(v) : parseYuan(v) ?? 0) as Fen, t, false);
      if (isInteger(c)) return cell.integer(Number(v));
      return cell.id(v);
    }));
  }
  if (t.totalRow) {
    await sheet.add(t.columns.map((c, i): Cell => {
      if (i === 0) return cell.text("合计", STYLES.totalText);
      if (i === 1) return cell.integer(plan.rows.length, STYLES.totalInteger);
      if (isAmount(c)) return amountCell(plan.total, t, true);
      return cell.blank(STYLES.totalText);
    }));
  }
  await book.close();
}

