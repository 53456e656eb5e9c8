import { join } from "node:path";
import type { Award } from "../domain/award.js";
import { ZERO, type Fen } from "../domain/money.js";
import type { Program } from "../policy/types.js";
import { COUNTS_NOTE, distinctCounter, householdCodes, inLedgerOrder, unitOf, type Counts } from "./counts.js";

type Distinct = ReturnType<typeof distinctCounter>;
import { byProgram, isQualification } from "./groups.js";
import type { RunResult } from "./run-result.js";
import type { WrittenFile } from "./written.js";
import { cellFen, readSheetRows } from "../input/read-sheets.js";
import { STYLES } from "../xlsx/styles.js";
import { cell, wrappedHeight, XlsxBook, type Cell, type Column, type XlsxSheet } from "../xlsx/workbook.js";

// 资金分担.xlsx (DESIGN §7.6): who pays what, per fiscal level. Every figure is a sum of the
// awards' own level splits in fen, so the level columns add up to 金额 exactly, row by row.

export const FUNDING_FILE = "资金分担.xlsx";
export const FUNDING_SUMMARY_SHEET = "汇总";
export const FUNDING_TOWNSHIP_SHEET = "按乡镇";
/** 金额 on 汇总 (0-based); 按乡镇 has 乡镇 in front. Level columns follow in pairs (金额, 占比). */
export const FUNDING_AMOUNT_COLUMN = 4;

export interface FundingRow {
  readonly code: string;
  readonly name: string;
  /** Awards (笔数). */
  readonly count: number;
  /** 人数 and 户数 (DESIGN: distinct persons; households for programmes paid per household). */
  readonly counts: Counts;
  /** Which of 人数/户数 the row shows: a programme counts in one unit, a 合计 in both. */
  readonly unit: "人" | "户" | "both";
  readonly amount: Fen;
  /** Per level, in the policy's level order. */
  readonly levels: readonly Fen[];
}

export interface TownshipFunding {
  readonly township: string;
  readonly rows: readonly FundingRow[];
  readonly subtotal: FundingRow;
}

export interface Funding {
  readonly levels: readonly string[];
  readonly programs: readonly FundingRow[];
  /** Qualification programmes (no money): households only, never in a 合计. */
  readonly qualifications: ReadonlyArray<{ readonly name: string; readonly count: number; readonly unit: "人" | "户" }>;
  readonly total: FundingRow;
  readonly townships: readonly TownshipFunding[];
}

/** Sums of one group of awards, built award by award: 笔数, 金额, each level, distinct persons and households. */
class Tally {
  count = 0;
  amount = 0;
  readonly levels: number[];
  private readonly persons: Distinct;
  private readonly households: Distinct;

  /** `ordered`: the awards come in ledger order (distinct counts by neighbours, not sets). */
  constructor(levelCount: number, ordered: boolean) {
    this.levels = new Array<number>(levelCount).fill(0);
    this.persons = distinctCounter(ordered);
    this.households = distinctCounter(ordered);
  }

  add(a: Award, perHousehold: boolean): void {
    this.count++;
    this.amount += a.amount;
    for (let i = 0; i < this.levels.length; i++) this.levels[i] = (this.levels[i] ?? 0) + (a.levels[i] ?? 0);
    if (perHousehold) this.households.add(a.householdId);
    else this.persons.add(a.id);
  }

  counts(): Counts {
    return { persons: this.persons.count, households: this.households.count, awards: this.count };
  }

  row(code: string, name: string, unit: FundingRow["unit"]): FundingRow {
    return { code, name, unit, count: this.count, counts: this.counts(), amount: this.amount as Fen, levels: this.levels as Fen[] };
  }
}

/**
 * Everything 资金分担 shows, in one pass over the awards (a million of them): per programme, per
 * township and programme, per township and in all. Programmes in the policy's order, townships in
 * the ledger's; qualifications (no money) only counted, never in a 合计.
 */
export function funding(result: RunResult): Funding {
  const n = result.policy.levels.length;
  const perHousehold = householdCodes(result.policy.programs);
  const byCode = new Map<string, { first: Award; tally: Tally }>();
  const townships = new Map<string, { byCode: Map<string, { first: Award; tally: Tally }>; subtotal: Tally }>();
  const inOrder = inLedgerOrder(result.awards);
  const total = new Tally(n, inOrder);
  const programOf = new Map<string, Program>();
  for (const p of result.policy.programs) programOf.set(p.code, p);
  // a qualification: its programme says so, or (a code the policy does not know, as byProgram
  // decides) the first award of the code among those summed
  const qualification = (code: string, first: Award): boolean => {
    const known = programOf.get(code);
    return known ? isQualification(known) : first.payeeKind === "资格";
  };
  for (const a of result.awards) {
    let entry = byCode.get(a.code);
    if (!entry) byCode.set(a.code, (entry = { first: a, tally: new Tally(n, inOrder) }));
    const household = perHousehold.has(a.code);
    entry.tally.add(a, household);
    let t = townships.get(a.township);
    if (!t) townships.set(a.township, (t = { byCode: new Map(), subtotal: new Tally(n, inOrder) }));
    let te = t.byCode.get(a.code);
    if (!te) t.byCode.set(a.code, (te = { first: a, tally: new Tally(n, inOrder) }));
    te.tally.add(a, household);
    if (!qualification(a.code, te.first)) t.subtotal.add(a, household);
    if (!qualification(a.code, entry.first)) total.add(a, household);
  }
  // the programmes in the order byProgram gives (policy order, then codes the policy does not know)
  const ordered = (groups: Map<string, { first: Award; tally: Tally }>): Array<{ program: Program; tally: Tally }> =>
    byProgram(result.policy, [...groups.values()].map((g) => g.first)).map(({ program }) => ({ program, tally: (groups.get(program.code) as { tally: Tally }).tally }));
  const paidRows = (groups: Map<string, { first: Award; tally: Tally }>): FundingRow[] =>
    ordered(groups).filter((g) => !isQualification(g.program)).map(({ program, tally }) => tally.row(program.code, program.name, unitOf(program)));
  const qualifications = ordered(byCode)
    .filter((g) => isQualification(g.program))
    .map(({ program, tally }) => {
      const c = tally.counts();
      return program.target === "household" ? { name: program.name, count: c.households, unit: "户" as const } : { name: program.name, count: c.persons, unit: "人" as const };
    });
  return {
    levels: result.policy.levels,
    programs: paidRows(byCode),
    qualifications,
    total: total.row("合计", "", "both"),
    townships: [...townships].map(([township, t]) => ({ township, rows: paidRows(t.byCode), subtotal: t.subtotal.row("小计", "", "both") })),
  };
}

/** A level's share of the row's amount, as a fraction for the 0.00% format (0 when nothing is paid). */
export function shareOf(part: Fen, amount: Fen): number {
  return amount === 0 ? 0 : part / amount;
}

function amountCells(row: FundingRow, total: boolean): Cell[] {
  const integer = total ? STYLES.totalInteger : STYLES.integer;
  const cells: Cell[] = [
    row.unit === "户" ? cell.blank() : cell.integer(row.counts.persons, integer),
    row.unit === "人" ? cell.blank() : cell.integer(row.counts.households, integer),
    cell.integer(row.count, integer),
    cell.yuan(row.amount, total ? STYLES.totalAmount : STYLES.amount),
  ];
  for (const part of row.levels) {
    cells.push(cell.yuan(part, total ? STYLES.totalAmount : STYLES.amount));
    cells.push(cell.percent(shareOf(part, row.amount), total ? STYLES.totalPercent : STYLES.percent));
  }
  return cells;
}

function levelColumns(levels: readonly string[]): Column[] {
  return levels.flatMap((l) => [
    { header: `${l}金额`, width: 14 },
    { header: `${l}占比`, width: 9 },
  ]);
}

const label = (text: string, total: boolean): Cell => cell.text(text, total ? STYLES.totalText : STYLES.text);

async function writeRow(sheet: XlsxSheet, first: readonly Cell[], row: FundingRow, total: boolean): Promise<void> {
  await sheet.add([...first, ...amountCells(row, total)]);
}

/** Below the 合计: the qualifications (households, no money), what the counts mean, the signatures. */
async function writeFooter(sheet: XlsxSheet, f: Funding): Promise<void> {
  if (f.qualifications.length > 0) {
    const list = f.qualifications.map((q) => `${q.name} ${q.count} ${q.unit}`).join(";");
    const text = `资格类项目(不发放资金,不计入合计):${list}。`;
    await sheet.line(text, STYLES.noteLeft, wrappedHeight([text], sheet.widthUnits));
  }
  await sheet.line(COUNTS_NOTE, STYLES.noteLeft, wrappedHeight([COUNTS_NOTE], sheet.widthUnits));
  await sheet.signature();
}

/** Writes 资金分担.xlsx: sheets 汇总 and 按乡镇. */
export async function writeFunding(result: RunResult, outDir: string): Promise<WrittenFile[]> {
  const f = funding(result);
  const { county } = result.policy;
  const book = await XlsxBook.create(join(outDir, FUNDING_FILE), { year: result.year, sensitive: false });
  const base: Column[] = [
    { header: "项目名称", width: 34 },
    { header: "人数", width: 8 },
    { header: "户数", width: 8 },
    { header: "笔数", width: 8 },
    { header: "金额", width: 15 },
  ];
  const summary = await book.addSheet(FUNDING_SUMMARY_SHEET, {
    title: `${county}${result.year}年度计划生育奖励扶助等项目资金分担表`,
    note: "单位:元",
    columns: [...base, ...levelColumns(f.levels)],
    print: { paginate: true },
  });
  for (const row of f.programs) await writeRow(summary, [label(row.name, false)], row, false);
  summary.keepWithSignature();
  await writeRow(summary, [label("合计", true)], f.total, true);
  await writeFooter(summary, f);

  const byTownship = await book.addSheet(FUNDING_TOWNSHIP_SHEET, {
    title: `${county}${result.year}年度计划生育奖励扶助等项目资金分担表(按乡镇)`,
    note: "单位:元",
    columns: [{ header: "乡镇", width: 14 }, ...base, ...levelColumns(f.levels)],
    print: { paginate: true },
  });
  for (const t of f.townships) {
    for (const row of t.rows) {
      await writeRow(byTownship, [label(t.township, false), label(row.name, false)], row, false);
    }
    await writeRow(byTownship, [label(t.township, true), label("小计", true)], t.subtotal, true);
  }
  byTownship.keepWithSignature();
  await writeRow(byTownship, [label("合计", true), cell.blank()], f.total, true);
  await writeFooter(byTownship, f);
  await book.close();
  return [{ path: FUNDING_FILE, total: f.total.amount, count: f.total.count, sensitive: false }];
}

export interface FundingTotals {
  /** 汇总's 合计 row: 金额 and each level's 金额. */
  readonly total: Fen;
  readonly levels: readonly Fen[];
  /** 按乡镇's 合计 row. */
  readonly townshipTotal: Fen;
  readonly townshipLevels: readonly Fen[];
}

/** Re-reads 资金分担.xlsx for the self-audit: the 合计 rows of both sheets. */
export async function readFundingTotals(path: string): Promise<FundingTotals> {
  const found = new Map<string, { total: Fen; levels: Fen[] }>();
  for await (const { sheet, cells } of readSheetRows(path)) {
    if (cells[0] !== "合计") continue;
    // 汇总: 项目名称, 人数, 户数, 笔数, 金额, levels…; 按乡镇 has 乡镇 in front.
    const at = sheet === FUNDING_TOWNSHIP_SHEET ? FUNDING_AMOUNT_COLUMN + 1 : FUNDING_AMOUNT_COLUMN;
    const levels: Fen[] = [];
    for (let i = at + 1; i < cells.length; i += 2) levels.push(cellFen(cells[i]));
    found.set(sheet, { total: cellFen(cells[at]), levels });
  }
  const summary = found.get(FUNDING_SUMMARY_SHEET);
  const byTownship = found.get(FUNDING_TOWNSHIP_SHEET);
  return {
    total: summary?.total ?? ZERO,
    levels: summary?.levels ?? [],
    townshipTotal: byTownship?.total ?? ZERO,
    townshipLevels: byTownship?.levels ?? [],
  };
}
