import { join } from "node:path";
import type { Award } from "../domain/award.js";
import { formatYuan, type Fen } from "../domain/money.js";
import { cellFen, readSheetRows } from "../input/read-sheets.js";
import { STYLES } from "../xlsx/styles.js";
import { cell, XlsxBook, type Cell, type Column } from "../xlsx/workbook.js";
import { ledgerHeader } from "./ledger.js";
import type { WrittenFile } from "./written.js";

// 发放台账.xlsx (DESIGN §11.4): the ledger's rows for the clerk who opens it in Excel, where the CSV's
// IDs would turn into 3.41122E+17. IDs and accounts are text cells, amounts numbers, the header frozen
// with filter buttons, and a 合计 row under the last award (a ledger reader skips it).

export const LEDGER_WORKBOOK = "发放台账.xlsx";
const SHEET = "发放台账";
/** The first cell of the total row: the reader of ledgers skips a row that starts so. */
export const LEDGER_TOTAL_LABEL = "合计";

const WIDTHS: Record<string, number> = { 年度: 6, 乡镇: 10, 村: 10, 户编号: 12, 姓名: 8, 身份证号: 20, 家庭角色: 6, 项目代码: 14, 项目名称: 30, 类别: 6, 金额: 12, 领款类型: 8, 领款人: 8, 领款人身份证号: 20, 开户银行: 16, 银行账号: 22, 计算说明: 30 };
const TEXT = new Set(["身份证号", "领款人身份证号", "银行账号"]);

function columns(levels: readonly string[]): Column[] {
  return ledgerHeader(levels).map((header) => ({ header, width: WIDTHS[header] ?? 12, ...(TEXT.has(header) ? { text: true } : {}) }));
}

function row(a: Award): Cell[] {
  return [
    cell.integer(a.year), cell.text(a.township), cell.text(a.village), cell.text(a.householdId), cell.text(a.name), cell.id(a.id),
    cell.text(a.role), cell.text(a.code), cell.text(a.programName), cell.text(a.category), cell.yuan(a.amount), cell.text(a.payeeKind),
    cell.text(a.payeeName), cell.id(a.payeeId), cell.text(a.bank), cell.id(a.account), ...a.levels.map((v) => cell.yuan(v)), cell.text(a.explanation),
  ];
}

/** 发放台账.xlsx being written: awards one by one in ledger order, then close() adds the 合计 row. */
export interface LedgerWorkbookWriter {
  add(award: Award): Promise<void>;
  close(): Promise<WrittenFile[]>;
}

export async function openLedgerWorkbook(levels: readonly string[], year: number, outDir: string): Promise<LedgerWorkbookWriter> {
  const book = await XlsxBook.create(join(outDir, LEDGER_WORKBOOK), { year, sensitive: true });
  const sheet = await book.addTable(SHEET, { columns: columns(levels), autoFilter: true });
  const totals = levels.map(() => 0);
  let total = 0;
  let count = 0;
  return {
    add: (a) => {
      for (let i = 0; i < totals.length; i++) totals[i] = (totals[i] ?? 0) + (a.levels[i] ?? 0);
      total += a.amount;
      count++;
      return sheet.add(row(a));
    },
    close: async () => {
      const width = 17 + levels.length;
      const cells: Cell[] = Array.from({ length: width }, () => cell.blank(STYLES.totalText));
      cells[0] = cell.text(LEDGER_TOTAL_LABEL, STYLES.totalText);
      cells[1] = cell.text(`${count}笔`, STYLES.totalText);
      cells[10] = cell.yuan(total as Fen, STYLES.totalAmount);
      totals.forEach((v, i) => (cells[16 + i] = cell.yuan(v as Fen, STYLES.totalAmount)));
      await sheet.add(cells);
      await book.close();
      return [{ path: LEDGER_WORKBOOK, total: total as Fen, count, sensitive: true }];
    },
  };
}

/**
 * Writes 发放台账.xlsx: the ledger's rows in its order, then 合计 of 金额 and of every level. The
 * awards may come from memory or, in a worker thread, streamed from 发放台账.csv on disk.
 */
export async function writeLedgerWorkbook(awards: Iterable<Award> | AsyncIterable<Award>, levels: readonly string[], year: number, outDir: string): Promise<WrittenFile[]> {
  const writer = await openLedgerWorkbook(levels, year, outDir);
  for await (const a of awards) await writer.add(a);
  return writer.close();
}

/** What the self-audit and verify read back from 发放台账.xlsx. */
export interface LedgerWorkbookTotals {
  readonly rows: number;
  readonly detail: Fen;
  readonly total: Fen | undefined;
}

/** Re-reads 发放台账.xlsx for the self-audit and verify: rows, Σ 金额 of the rows, the 合计 row. */
export async function readLedgerWorkbookTotals(path: string): Promise<LedgerWorkbookTotals> {
  let rows = 0;
  let detail = 0;
  let total: Fen | undefined;
  for await (const { row: r, cells } of readSheetRows(path, undefined, [0, 10])) {
    if (r === 1) continue;
    if (cells[0] === LEDGER_TOTAL_LABEL) total = cellFen(cells[10]);
    else if (typeof cells[10] === "number") {
      rows++;
      detail += cellFen(cells[10]);
    }
  }
  return { rows, detail: detail as Fen, total };
}

/** The self-audit's check of the workbook against the ledger: same rows, same Σ, 合计 = Σ. */
export function ledgerWorkbookErrors(t: LedgerWorkbookTotals, awards: number, ledger: Fen): string[] {
  const errors: string[] = [];
  if (t.rows !== awards) errors.push(`${LEDGER_WORKBOOK}:${t.rows} 行 ≠ 台账 ${awards} 行`);
  if (t.detail !== ledger) errors.push(`${LEDGER_WORKBOOK}:明细之和 ${formatYuan(t.detail)} ≠ 台账 ${formatYuan(ledger)}`);
  if (t.total !== t.detail) errors.push(`${LEDGER_WORKBOOK}:合计行 ${t.total === undefined ? "缺失" : formatYuan(t.total)} ≠ 明细之和 ${formatYuan(t.detail)}`);
  return errors;
}
