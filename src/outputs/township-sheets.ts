import { join } from "node:path";
import type { Award } from "../domain/award.js";
import { sum, type Fen } from "../domain/money.js";
import type { Program } from "../policy/types.js";
import { amountInWords } from "./amount-words.js";
import { uniqueFileNames } from "./file-names.js";
import { byProgram, groupBy, institutionOf, isQualification } from "./groups.js";
import type { RunResult } from "./run-result.js";
import type { WrittenFile } from "./written.js";
import { cellFen, readSheetRows } from "../input/read-sheets.js";
import { STYLES } from "../xlsx/styles.js";
import { cell, wrappedHeight, XlsxBook, type Cell, type Column, type XlsxSheet } from "../xlsx/workbook.js";
import { countAwards, COUNTS_NOTE, householdCodes, inLedgerOrder, splitQualifications, unitOf, type Counts } from "./counts.js";

// 乡镇发放表/<乡镇>.xlsx (DESIGN §7.4): a 汇总 sheet, then one print-ready sheet per programme.

export const TOWNSHIP_DIR = "乡镇发放表";
export const SUMMARY_SHEET = "汇总";

export interface VillageBlock {
  readonly village: string;
  readonly awards: readonly Award[];
  readonly total: Fen;
}

export interface ProgramSheet {
  readonly program: Program;
  readonly villages: readonly VillageBlock[];
  readonly count: number;
  readonly total: Fen;
}

export interface TownshipSheets {
  readonly township: string;
  /** The township's awards in ledger order. */
  readonly awards: readonly Award[];
  readonly programs: readonly ProgramSheet[];
  readonly count: number;
  readonly total: Fen;
}

/** The township workbooks' content: townships in ledger order, programmes in policy order. */
export function townshipSheets(result: RunResult): TownshipSheets[] {
  return [...groupBy(result.awards, (a) => a.township)].map(([township, awards]) => {
    const programs = byProgram(result.policy, awards).map(({ program, awards: list }) => {
      const villages = [...groupBy(list, (a) => a.village)].map(([village, inVillage]) => ({
        village,
        awards: inVillage,
        total: sum(inVillage.map((a) => a.amount)),
      }));
      return { program, villages, count: list.length, total: sum(list.map((a) => a.amount)) };
    });
    return { township, awards, programs, count: awards.length, total: sum(awards.map((a) => a.amount)) };
  });
}

/** 备注: how the award is paid when it is not to the person's own account. */
export function remarkOf(award: Award, program: Program): string {
  switch (award.payeeKind) {
    case "个人":
      return "";
    case "机构":
      return `机构:${institutionOf(program, award)}`;
    case "待补录":
      return "待补录";
    case "资格":
      return "资格";
    default: {
      const never: never = award.payeeKind;
      return never;
    }
  }
}

// 序号 holds the 合计(大写) label; 金额 a bold 合计 in the millions without #####; 领款人 an
// institution's name; 开户银行 and 备注 wrap when longer.
const MONEY_COLUMNS: readonly Column[] = [
  { header: "序号", width: 10 },
  { header: "村", width: 12 },
  { header: "户编号", width: 15 },
  { header: "姓名", width: 10 },
  { header: "身份证号", width: 21, text: true },
  { header: "家庭角色", width: 9 },
  { header: "金额", width: 14 },
  { header: "领款人", width: 16 },
  { header: "开户银行", width: 18 },
  { header: "银行账号", width: 23, text: true },
  { header: "备注", width: 18 },
];
const QUALIFICATION_COLUMNS: readonly Column[] = [{ header: "序号", width: 7 }, ...MONEY_COLUMNS.slice(1, 6), { header: "备注", width: 20 }];
const SUMMARY_COLUMNS: readonly Column[] = [
  { header: "序号", width: 10 },
  { header: "项目名称", width: 40 },
  { header: "村", width: 16 },
  { header: "人数", width: 8 },
  { header: "户数", width: 8 },
  { header: "笔数", width: 8 },
  { header: "金额", width: 18 },
];
/** Where the 汇总 sheet's 金额 stands (0-based), for the self-audit and verify. */
export const SUMMARY_AMOUNT_COLUMN = 6;

const blanks = (n: number): Cell[] => Array.from({ length: n }, () => cell.blank());

/** 人数, 户数, 笔数 cells: blank where the count does not apply (户数 of a programme paid per person …). */
function countCells(c: Counts, total: boolean, showPersons: boolean, showHouseholds: boolean): Cell[] {
  const style = total ? STYLES.totalInteger : STYLES.integer;
  return [showPersons ? cell.integer(c.persons, style) : cell.blank(), showHouseholds ? cell.integer(c.households, style) : cell.blank(), cell.integer(c.awards, style)];
}

async function writeSummary(book: XlsxBook, title: string, t: TownshipSheets, perHousehold: ReadonlySet<string>): Promise<void> {
  const sheet = await book.addSheet(SUMMARY_SHEET, { title, note: "单位:元", columns: SUMMARY_COLUMNS, print: { paginate: true } });
  const { money, qualifications } = splitQualifications(t.programs);
  // the blocks below are parts of the township's awards taken in order: in ledger order if they are
  const ordered = inLedgerOrder(t.awards) || undefined;
  let n = 0;
  for (const p of money) {
    const household = p.program.target === "household";
    for (const v of p.villages) {
      await sheet.add([cell.integer(++n), cell.text(p.program.name, STYLES.wrap), cell.text(v.village, STYLES.wrapCenter), ...countCells(countAwards(v.awards, perHousehold, ordered), false, !household, household), cell.yuan(v.total)]);
    }
    const all = p.villages.flatMap((v) => v.awards);
    await sheet.add([cell.text("小计", STYLES.totalText), cell.text(p.program.name, STYLES.totalText), cell.blank(), ...countCells(countAwards(all, perHousehold, ordered), true, !household, household), cell.yuan(p.total, STYLES.totalAmount)]);
  }
  // the money awards in ledger order (not programme by programme), so they are counted by neighbours
  const moneyCodes = new Set(money.map((p) => p.program.code));
  const paid = t.awards.filter((a) => moneyCodes.has(a.code));
  sheet.keepWithSignature();
  await sheet.add([cell.text("合计", STYLES.totalText), cell.blank(), cell.blank(), ...countCells(countAwards(paid, perHousehold, ordered), true, true, true), cell.yuan(t.total, STYLES.totalAmount)]);
  await sheet.add([cell.text("合计(大写)", STYLES.wordsLabel), cell.text(amountInWords(t.total), STYLES.words), ...blanks(5)], [[2, 7]]);
  if (qualifications.length > 0) {
    await sheet.add([cell.text("资格", STYLES.totalText), cell.text("资格类项目(不发放资金,只列人数或户数)", STYLES.totalText), ...blanks(5)], [[2, 7]]);
    for (const p of qualifications) {
      for (const v of p.villages) {
        const c = countAwards(v.awards, perHousehold, ordered);
        const household = p.program.target === "household";
        await sheet.add([cell.integer(++n), cell.text(p.program.name, STYLES.wrap), cell.text(v.village, STYLES.wrapCenter), household ? cell.blank() : cell.integer(c.persons), household ? cell.integer(c.households) : cell.blank(), cell.blank(), cell.blank()]);
      }
    }
  }
  await sheet.line(COUNTS_NOTE, STYLES.noteLeft, wrappedHeight([COUNTS_NOTE], sheet.widthUnits));
  await sheet.signature();
}

async function writeMoneySheet(sheet: XlsxSheet, p: ProgramSheet): Promise<void> {
  let n = 0;
  for (const v of p.villages) {
    for (const a of v.awards) {
      await sheet.add([
        cell.integer(++n),
        cell.text(a.village, STYLES.wrapCenter),
        cell.text(a.householdId),
        cell.text(a.name, STYLES.wrapCenter),
        cell.id(a.id),
        cell.text(a.role, STYLES.center),
        cell.yuan(a.amount),
        cell.text(a.payeeName, STYLES.wrapCenter),
        cell.text(a.bank, STYLES.wrap),
        cell.id(a.account),
        cell.text(remarkOf(a, p.program), STYLES.wrap),
      ]);
    }
    const label = `${v.village}(${v.awards.length}${unitOf(p.program)})`;
    await sheet.add([cell.text("小计", STYLES.totalText), cell.text(label, STYLES.totalText), ...blanks(4), cell.yuan(v.total, STYLES.totalAmount), ...blanks(4)], [[2, 6]]);
  }
  sheet.keepWithSignature();
  await sheet.add([cell.text("合计", STYLES.totalText), cell.text(`${p.count}${unitOf(p.program)}`, STYLES.totalText), ...blanks(4), cell.yuan(p.total, STYLES.totalAmount), ...blanks(4)], [[2, 6]]);
  await sheet.add([cell.text("合计(大写)", STYLES.wordsLabel), cell.text(amountInWords(p.total), STYLES.words), ...blanks(9)], [[2, 11]]);
}

async function writeQualificationSheet(sheet: XlsxSheet, p: ProgramSheet): Promise<void> {
  let n = 0;
  for (const v of p.villages) {
    for (const a of v.awards) {
      await sheet.add([cell.integer(++n), cell.text(a.village, STYLES.wrapCenter), cell.text(a.householdId), cell.text(a.name, STYLES.wrapCenter), cell.id(a.id), cell.text(a.role, STYLES.center), cell.text(remarkOf(a, p.program), STYLES.wrap)]);
    }
    await sheet.add([cell.text("小计", STYLES.totalText), cell.text(`${v.village}(${v.awards.length}户)`, STYLES.totalText), ...blanks(5)], [[2, 7]]);
  }
  sheet.keepWithSignature();
  await sheet.add([cell.text("合计", STYLES.totalText), cell.text(`${p.count}户`, STYLES.totalText), ...blanks(5)], [[2, 7]]);
}

/** Writes 乡镇发放表/<乡镇>.xlsx for every township with awards. */
export async function writeTownshipSheets(result: RunResult, outDir: string): Promise<WrittenFile[]> {
  const all = townshipSheets(result);
  const fileNames = uniqueFileNames(all.map((t) => t.township));
  const written: WrittenFile[] = [];
  for (const t of all) written.push(await writeTownshipWorkbook(result, outDir, t, fileNames.get(t.township) ?? t.township));
  return written;
}

/** One township's workbook; a worker thread calls it township by township as it reads the ledger. */
export async function writeTownshipWorkbook(result: RunResult, outDir: string, t: TownshipSheets, fileName: string): Promise<WrittenFile> {
  const path = `${TOWNSHIP_DIR}/${fileName}.xlsx`;
  const book = await XlsxBook.create(join(outDir, ...path.split("/")), { year: result.year, sensitive: true });
  const head = `${result.policy.county}${t.township}${result.year}年度`;
  await writeSummary(book, `${head}计划生育奖励扶助等项目发放汇总表`, t, householdCodes(result.policy.programs));
  for (const p of t.programs) {
    const qualification = isQualification(p.program);
    const sheet = await book.addSheet(p.program.name, {
      title: `${head}${p.program.name}${qualification ? "名单" : "发放表"}`,
      note: qualification ? "" : "单位:元",
      columns: qualification ? QUALIFICATION_COLUMNS : MONEY_COLUMNS,
      print: { paginate: true },
    });
    await (qualification ? writeQualificationSheet(sheet, p) : writeMoneySheet(sheet, p));
    await sheet.signature();
  }
  await book.close();
  return { path, total: t.total, count: t.count, sensitive: true };
}

export interface TownshipWorkbookTotals {
  /** The 合计 of each programme sheet that carries money. */
  readonly sheets: ReadonlyArray<{ readonly sheet: string; readonly total: Fen; readonly detail: Fen; readonly count: number }>;
  /** Σ of the programme sheets' 合计: what the workbook pays. */
  readonly total: Fen;
  /** The 汇总 sheet's 合计. */
  readonly summaryTotal: Fen;
}

/** Re-reads a township workbook for the self-audit: each sheet's 合计 and the sum of its lines. */
export async function readTownshipWorkbookTotals(path: string): Promise<TownshipWorkbookTotals> {
  const sheets = new Map<string, { sheet: string; total: Fen; detail: Fen; count: number }>();
  let summaryTotal = 0 as Fen;
  for await (const { sheet, cells } of readSheetRows(path, undefined, [0, 6, SUMMARY_AMOUNT_COLUMN])) {
    const first = cells[0];
    if (sheet === SUMMARY_SHEET) {
      if (first === "合计") summaryTotal = cellFen(cells[SUMMARY_AMOUNT_COLUMN]);
      continue;
    }
    const s = sheets.get(sheet) ?? { sheet, total: 0 as Fen, detail: 0 as Fen, count: 0 };
    sheets.set(sheet, s);
    if (typeof first === "number" && typeof cells[6] === "number") {
      s.detail = (s.detail + cellFen(cells[6])) as Fen;
      s.count++;
    } else if (first === "合计") {
      s.total = cellFen(cells[6]);
    }
  }
  const withMoney = [...sheets.values()].filter((s) => s.count > 0);
  return { sheets: withMoney, total: sum(withMoney.map((s) => s.total)), summaryTotal };
}
