import { readFile } from "node:fs/promises";
import { eachCsvRecord } from "../../input/csv-text.js";
import { add, fen, parseYuan, ZERO, type Fen } from "../../domain/money.js";
import { cellText, type RawCell } from "../../input/cell.js";
import { openSource } from "../../input/open-source.js";
import { decodeBytes } from "./encoding.js";
import { parseAmount, type BankTemplate } from "./templates.js";
import { PayoutError } from "../../errors.js";

export interface BankFileTotals {
  /** Payment lines (neither the control line nor the title row). */
  readonly lines: number;
  /** Σ of the lines' amounts. */
  readonly total: Fen;
  /** 笔数 and 金额 as the control line (合计 footer or header) declares them. */
  readonly declaredCount: number;
  readonly declaredTotal: Fen;
}

/**
 * Re-reads a written bank file for the run's self-audit: the control line must equal its lines,
 * and the lines the ledger. Throws a bank-file error when the file does not parse as
 * the template says.
 */
export async function readBankFileTotals(path: string, template: BankTemplate): Promise<BankFileTotals> {
  const fail = (why: string): never => {
    throw new PayoutError("bank-file", `银行代发文件 ${path} 回读核对失败:${why}`);
  };
  if (template.format === "xlsx") return readBankWorkbookTotals(path, template, fail);
  let text: string;
  try {
    text = decodeBytes(await readFile(path), template.encoding);
  } catch {
    return fail(`不是有效的 ${template.encoding} 文本`);
  }
  // the records stream past, each checked as it comes: the control line's place and what the
  // lines add up to are all that is kept
  const amountAt = template.columns.findIndex((c) => c.field === "金额");
  const front = (template.control === "header" ? 1 : 0) + (template.titleRow ? 1 : 0);
  let records = 0;
  let first: string[] | undefined;
  let last: { row: string[]; at: number; amount: Fen | undefined } | undefined;
  // every line after the front ones, the footer too while it is not known to be last
  let sum = ZERO;
  let failure: { at: number; why: string } | undefined;
  const visit = (row: string[]): void => {
    const at = records++;
    if (at === 0) first = row;
    if (at < front) return;
    let amount: Fen | undefined;
    if (row.length !== template.columns.length) failure ??= { at, why: `第 ${at - front + 1} 笔有 ${row.length} 列,应为 ${template.columns.length} 列` };
    else {
      amount = parseAmount(row[amountAt] ?? "", template.amountUnit);
      if (amount === undefined) failure ??= { at, why: `第 ${at - front + 1} 笔的金额“${row[amountAt] ?? ""}”格式不对` };
      else sum = add(sum, amount);
    }
    last = { row, at, amount };
  };
  if (template.format === "csv") eachCsvRecord(text, template.delimiter, visit);
  else {
    for (let start = 0; start < text.length; ) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
      if (line !== "") visit(line.split(template.delimiter));
      start = end + 1;
    }
  }

  let declaredCount: string | undefined;
  let declaredTotal: string | undefined;
  let lines = Math.max(0, records - front);
  if (template.control === "footer") {
    if (last?.row[0] !== "合计") return fail("末行不是“合计”行");
    declaredCount = last.row[1];
    declaredTotal = last.row[amountAt];
    // the last line is the control line, not a payment: its own check and amount are taken back
    if (failure?.at === last.at) failure = undefined;
    if (last.amount !== undefined) sum = (sum - last.amount) as Fen;
    lines--;
  } else {
    if (!first || first.length !== 4) return fail("首行不是 单位编号、日期、总笔数、总金额 四项");
    declaredCount = first[2];
    declaredTotal = first[3];
  }
  if (declaredCount === undefined || !/^\d+$/.test(declaredCount)) return fail(`控制行的笔数“${declaredCount ?? ""}”不是整数`);
  const declaredFen = parseAmount(declaredTotal ?? "", template.amountUnit);
  if (declaredFen === undefined) return fail(`控制行的总金额“${declaredTotal ?? ""}”格式不对`);
  if (failure) return fail(failure.why);
  return { lines, total: sum, declaredCount: Number(declaredCount), declaredTotal: declaredFen };
}

/** An xlsx bank file through the one reader: title rows, header, lines, then the 合计 row (total_row). */
async function readBankWorkbookTotals(path: string, template: BankTemplate, fail: (why: string) => never): Promise<BankFileTotals> {
  let source;
  try {
    source = await openSource(path, "银行代发文件");
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  const amountAt = template.columns.findIndex((c) => c.field === "金额");
  const amountOf = (c: RawCell): Fen | undefined => {
    if (typeof c !== "number" || !Number.isFinite(c)) return undefined;
    return template.amountUnit === "分" ? (Number.isSafeInteger(c) ? fen(c) : undefined) : parseYuan(c.toFixed(2));
  };
  const skip = template.titleRows.length + 1;
  let lines = 0;
  let total = ZERO;
  let declared: { count: number; total: Fen } | undefined;
  for await (const { cells, row } of source.records) {
    if (row <= skip) continue;
    if (declared) return fail(`第 ${row} 行在“合计”行之后`);
    if (cells.length > template.columns.length) fail(`第 ${row} 行有 ${cells.length} 列,应为 ${template.columns.length} 列`);
    const amount = amountOf(cells[amountAt]);
    if (template.totalRow && cellText(cells[0]) === "合计") {
      const count = cells[1];
      if (typeof count !== "number" || !Number.isSafeInteger(count)) return fail(`合计行的笔数“${cellText(count)}”不是整数`);
      if (amount === undefined) return fail(`合计行的金额“${cellText(cells[amountAt])}”不是数字`);
      declared = { count, total: amount };
      continue;
    }
    if (amount === undefined) return fail(`第 ${row} 行的金额“${cellText(cells[amountAt])}”不是数字`);
    lines++;
    total = add(total, amount);
  }
  if (template.totalRow && !declared) return fail("末行不是“合计”行");
  return { lines, total, declaredCount: declared?.count ?? lines, declaredTotal: declared?.total ?? total };
}
