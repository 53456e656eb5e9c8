import { join } from "node:path";
import type { Award } from "../domain/award.js";
import { sum, ZERO, type Fen } from "../domain/money.js";
import type { Program } from "../policy/types.js";
import { byProgram, groupBy, institutionOf } from "./groups.js";
import { distinctCounter, inLedgerOrder } from "./counts.js";
import type { RunResult } from "./run-result.js";
import type { WrittenFile } from "./written.js";
import { cellFen, readSheetRows } from "../input/read-sheets.js";
import { STYLES } from "../xlsx/styles.js";
import { cell, HEADER_ROWS, wrappedHeight, XlsxBook, type Column } from "../xlsx/workbook.js";
import { amountInWords } from "./amount-words.js";

// 机构拨付.xlsx (DESIGN §7.5): money paid to institutions (insurer, medical-insurance fund, care
// homes) rather than to people: per institution and programme, then every award in detail.

export const INSTITUTIONS_FILE = "机构拨付.xlsx";
export const INSTITUTION_SUMMARY_SHEET = "汇总";
export const INSTITUTION_DETAIL_SHEET = "明细";

export interface InstitutionProgram {
  readonly program: Program;
  readonly awards: readonly Award[];
  readonly total: Fen;
}

export interface InstitutionPayment {
  readonly institution: string;
  /** The institution's awards in ledger order. */
  readonly awards: readonly Award[];
  readonly programs: readonly InstitutionProgram[];
  readonly count: number;
  readonly total: Fen;
}

/** Institutions in the order their programmes come in the policy; awards in ledger order. */
export function institutionPayments(result: RunResult): InstitutionPayment[] {
  const paid = result.awards.filter((a) => a.payeeKind === "机构");
  const groups = byProgram(result.policy, paid);
  const lines = groups.flatMap(({ program, awards }) =>
    [...groupBy(awards, (a) => institutionOf(program, a))].map(([institution, list]) => ({ institution, program, awards: list })),
  );
  const programOf = new Map(groups.map((g) => [g.program.code, g.program]));
  const inOrder = groupBy(paid, (a) => institutionOf(programOf.get(a.code) as Program, a));
  return [...groupBy(lines, (l) => l.institution)].map(([institution, list]) => {
    const programs = list.map(({ program, awards }) => ({ program, awards, total: sum(awards.map((a) => a.amount)) }));
    return {
      institution,
      awards: inOrder.get(institution) ?? [],
      programs,
      count: programs.reduce((n, p) => n + p.awards.length, 0),
      total: sum(programs.map((p) => p.total)),
    };
  });
}

const SUMMARY_COLUMNS: readonly Column[] = [
  { header: "收款机构", width: 24 },
  { header: "项目", width: 34 },
  { header: "人数", width: 8 },
  { header: "笔数", width: 8 },
  { header: "金额", width: 16 },
  { header: "开户银行", width: 22 },
  { header: "收款账号", width: 24, text: true },
];
const DETAIL_COLUMNS: readonly Column[] = [
  { header: "乡镇", width: 12 },
  { header: "村", width: 14 },
  { header: "户编号", width: 14 },
  { header: "姓名", width: 10 },
  { header: "身份证号", width: 21, text: true },
  { header: "项目", width: 30 },
  { header: "金额", width: 13 },
  { header: "机构", width: 24 },
];
const SUMMARY_AMOUNT = 4;
const DETAIL_AMOUNT = 6;

/** `ordered`: the awards are in ledger order (any part of the run's awards taken in order is). */
function distinctPersons(awards: readonly Award[], ordered: boolean): number {
  const persons = distinctCounter(ordered);
  for (const a of awards) persons.add(a.id);
  return persons.count;
}

/** Writes 机构拨付.xlsx (always, so "no institution payments" is a file with 合计 0). */
export async function writeInstitutions(result: RunResult, outDir: string): Promise<WrittenFile[]> {
  const payments = institutionPayments(result);
  // every list of awards below is taken in order from the run's: in ledger order if the run's are
  const ordered = inLedgerOrder(result.awards);
  const total = sum(payments.map((p) => p.total));
  const count = payments.reduce((n, p) => n + p.count, 0);
  const head = `${result.policy.county}${result.year}年度机构拨付`;
  const book = await XlsxBook.create(join(outDir, INSTITUTIONS_FILE), { year: result.year, sensitive: true });

  const summary = await book.addSheet(INSTITUTION_SUMMARY_SHEET, { title: `${head}汇总表`, note: "单位:元", columns: SUMMARY_COLUMNS, print: { paginate: true } });
  const blank = cell.blank();
  for (const p of payments) {
    const to = result.policy.institutions.get(p.institution);
    const bank = to ? cell.text(to.holder === p.institution ? to.bank : `${to.bank}(户名:${to.holder})`, STYLES.wrap) : cell.text("政策未填写收款账户", STYLES.wrap);
    const account = to ? cell.id(to.account) : blank;
    for (const line of p.programs) {
      await summary.add([cell.text(p.institution, STYLES.wrap), cell.text(line.program.name, STYLES.wrap), cell.integer(distinctPersons(line.awards, ordered)), cell.integer(line.awards.length), cell.yuan(line.total), bank, account]);
    }
    await summary.add([cell.text(p.institution, STYLES.totalText), cell.text("小计", STYLES.totalText), cell.integer(distinctPersons(p.awards, ordered), STYLES.totalInteger), cell.integer(p.count, STYLES.totalInteger), cell.yuan(p.total, STYLES.totalAmount), bank, account]);
    await summary.add([cell.text("大写", STYLES.wordsLabel), cell.text(amountInWords(p.total), STYLES.words), blank, blank, blank, blank, blank], [[2, 7]]);
  }
  const everyone = distinctPersons(result.awards.filter((a) => a.payeeKind === "机构"), ordered);
  summary.keepWithSignature();
  await summary.add([cell.text("合计", STYLES.totalText), blank, cell.integer(everyone, STYLES.totalInteger), cell.integer(count, STYLES.totalInteger), cell.yuan(total, STYLES.totalAmount), blank, blank]);
  await summary.add([cell.text("合计(大写)", STYLES.wordsLabel), cell.text(amountInWords(total), STYLES.words), blank, blank, blank, blank, blank], [[2, 7]]);
  const note = "人数为不重复的人数,笔数为拨付笔数;收款账户取自政策文件的 institutions。";
  await summary.line(note, STYLES.noteLeft, wrappedHeight([note], summary.widthUnits));
  await summary.signature();

  const detail = await book.addSheet(INSTITUTION_DETAIL_SHEET, { title: `${head}明细表`, note: "单位:元", columns: DETAIL_COLUMNS, print: { paginate: true } });
  for (const p of payments) {
    for (const line of p.programs) {
      for (const a of line.awards) {
        await detail.add([
          cell.text(a.township),
          cell.text(a.village),
          cell.text(a.householdId),
          cell.text(a.name),
          cell.id(a.id),
          cell.text(line.program.name),
          cell.yuan(a.amount),
          cell.text(p.institution),
        ]);
      }
    }
  }
  detail.keepWithSignature();
  await detail.add([cell.text("合计", STYLES.totalText), cell.text(`${count}笔(${everyone}人)`, STYLES.totalText), blank, blank, blank, blank, cell.yuan(total, STYLES.totalAmount), blank], [[2, 6]]);
  await detail.signature();
  await book.close();
  return [{ path: INSTITUTIONS_FILE, total, count, sensitive: true }];
}

export interface InstitutionTotals {
  /** 汇总's 合计. */
  readonly total: Fen;
  /** 明细's 合计, and the sum of its lines. */
  readonly detailTotal: Fen;
  readonly detailSum: Fen;
  readonly detailCount: number;
}

/** Re-reads 机构拨付.xlsx for the self-audit. */
export async function readInstitutionTotals(path: string): Promise<InstitutionTotals> {
  let total = ZERO;
  let detailTotal = ZERO;
  let detailSum = 0;
  let detailCount = 0;
  for await (const { sheet, row, cells } of readSheetRows(path, undefined, [0, SUMMARY_AMOUNT, DETAIL_AMOUNT])) {
    if (row <= HEADER_ROWS) continue;
    if (sheet === INSTITUTION_SUMMARY_SHEET) {
      if (cells[0] === "合计") total = cellFen(cells[SUMMARY_AMOUNT]);
    } else if (sheet === INSTITUTION_DETAIL_SHEET) {
      if (cells[0] === "合计") detailTotal = cellFen(cells[DETAIL_AMOUNT]);
      else if (typeof cells[DETAIL_AMOUNT] === "number") {
        detailSum += cellFen(cells[DETAIL_AMOUNT]);
        detailCount++;
      }
    }
  }
  return { total, detailTotal, detailSum: detailSum as Fen, detailCount };
}
