import { join } from "node:path";
import type { Award } from "../domain/award.js";
import { pendingReasonText, type PendingReason } from "../domain/pending-reason.js";
import { sum, ZERO, type Fen } from "../domain/money.js";
import type { RunResult } from "./run-result.js";
import type { WrittenFile } from "./written.js";
import { cellFen, readSheetRows } from "../input/read-sheets.js";
import { STYLES } from "../xlsx/styles.js";
import { cell, HEADER_ROWS, XlsxBook, type Column } from "../xlsx/workbook.js";

// 银行代发/待补录账户.xlsx (DESIGN §7.5): awards that cannot go to a bank yet, and why, so the
// township can collect the account and the money is paid in a 补发 batch.

export const PENDING_FILE = "银行代发/待补录账户.xlsx";
export const PENDING_SHEET = "待补录";

/** A usable account is 8–30 digits (DESIGN §3); a Luhn failure is only a warning. */
const USABLE_ACCOUNT = /^\d{8,30}$/;

/**
 * Why an award waits: as the evaluation recorded it, else as the ledger row shows it. The ledger keeps the payee's bank and account as found, so a payee with
 * a usable account who still waits is one who died by the payment date (DESIGN §11.3).
 */
export function pendingReason(award: Award): PendingReason {
  if (award.pendingReason) return award.pendingReason;
  if (award.payeeId === "") return { kind: "no-payee" };
  if (award.bank.trim() === "" || award.account.trim() === "") return { kind: "no-account" };
  if (!USABLE_ACCOUNT.test(award.account)) return { kind: "invalid-account" };
  return { kind: "payee-deceased", deathDate: 0 };
}

export interface PendingLine {
  readonly award: Award;
  /** The reason as the clerk reads it (pendingReasonText). */
  readonly reason: string;
}

export function pendingLines(result: RunResult): PendingLine[] {
  return result.awards.filter((a) => a.payeeKind === "待补录").map((award) => ({ award, reason: pendingReasonText(pendingReason(award)) }));
}

/** The sheet's columns (DESIGN §11.3): the last four are left blank for the clerk to fill, and read back by `payout supplement`. */
export const PENDING_HEADERS = ["序号", "乡镇", "村", "户编号", "姓名", "身份证号", "项目名称", "金额", "原因", "联系电话", "领款人姓名", "领款人身份证号", "开户银行", "银行账号"] as const;
const COLUMNS: readonly Column[] = [
  { header: "序号", width: 7 },
  { header: "乡镇", width: 12 },
  { header: "村", width: 14 },
  { header: "户编号", width: 14 },
  { header: "姓名", width: 10 },
  { header: "身份证号", width: 21, text: true },
  { header: "项目名称", width: 34 },
  { header: "金额", width: 13 },
  { header: "原因", width: 30 },
  { header: "联系电话", width: 15, text: true },
  { header: "领款人姓名", width: 11 },
  { header: "领款人身份证号", width: 21, text: true },
  { header: "开户银行", width: 18 },
  { header: "银行账号", width: 24, text: true },
];
const AMOUNT_COLUMN = 7;

export interface PendingBookOptions {
  /** Where in the output directory: 银行代发/待补录账户.xlsx for a run, 仍待补录.xlsx for a supplement. */
  readonly path?: string;
  readonly title?: string;
}

/** Writes 银行代发/待补录账户.xlsx (always, so "nothing pending" is a file with 合计 0); an office file, owner-readable only. */
export async function writePending(result: RunResult, outDir: string, options: PendingBookOptions = {}): Promise<WrittenFile[]> {
  const path = options.path ?? PENDING_FILE;
  const lines = pendingLines(result);
  const total = sum(lines.map((l) => l.award.amount));
  const book = await XlsxBook.create(join(outDir, ...path.split("/")), { year: result.year, sensitive: true });
  const sheet = await book.addSheet(PENDING_SHEET, {
    title: options.title ?? `${result.policy.county}${result.year}年度待补录账户名单`,
    note: "单位:元。请核实后在最后四列填写领款人(继承人)姓名、身份证号、开户银行和银行账号,再用 payout supplement 生成补录代发文件",
    columns: COLUMNS,
    // A3: fourteen columns, four of them left wide for handwriting, print at ~42% on A4 (unreadable), ~62% on A3
    print: { paginate: true, paper: "A3" },
  });
  const programNames = new Map(result.policy.programs.map((p) => [p.code, p.name]));
  let n = 0;
  const blank = cell.blank();
  const idBlank = cell.blank(STYLES.idText);
  for (const { award: a, reason } of lines) {
    await sheet.add([
      cell.integer(++n),
      cell.text(a.township),
      cell.text(a.village),
      cell.text(a.householdId),
      cell.text(a.name),
      cell.id(a.id),
      cell.text(programNames.get(a.code) ?? a.programName),
      cell.yuan(a.amount),
      cell.text(reason, STYLES.wrap),
      a.phone ? cell.id(a.phone) : idBlank,
      blank,
      idBlank,
      blank,
      idBlank,
    ]);
  }
  sheet.keepWithSignature();
  await sheet.add([cell.text("合计", STYLES.totalText), cell.text(`${lines.length}笔(${new Set(lines.map((l) => l.award.id)).size}人)`, STYLES.totalText), blank, blank, blank, blank, blank, cell.yuan(total, STYLES.totalAmount), blank, blank, blank, blank, blank, blank], [[2, 7]]);
  await sheet.signature();
  await book.close();
  return [{ path, total, count: lines.length, sensitive: true }];
}

/** Re-reads 待补录账户.xlsx for the self-audit: the 合计 row's amount and the sum of the lines. */
export async function readPendingTotal(path: string): Promise<{ total: Fen; detail: Fen; count: number }> {
  let total = ZERO;
  let detail = 0;
  let count = 0;
  for await (const { row, cells } of readSheetRows(path)) {
    if (row <= HEADER_ROWS) continue;
    if (cells[0] === "合计") total = cellFen(cells[AMOUNT_COLUMN]);
    else if (typeof cells[AMOUNT_COLUMN] === "number") {
      detail += cellFen(cells[AMOUNT_COLUMN]);
      count++;
    }
  }
  return { total, detail: detail as Fen, count };
}
