import { join } from "node:path";
import type { Award } from "../domain/award.js";
import { ageOn, dayOf, makeDate, monthOf, yearOf, type DateNum } from "../domain/dates.js";
import { maskId } from "../domain/id-number.js";
import { add, sum, ZERO, type Fen } from "../domain/money.js";
import type { NoticeSettings, Policy, Program } from "../policy/types.js";
import { uniqueFileNames } from "./file-names.js";
import { byProgram, groupBy } from "./groups.js";
import type { RunResult } from "./run-result.js";
import type { WrittenFile } from "./written.js";
import { STYLES } from "../xlsx/styles.js";
import { breaksBefore } from "../xlsx/paginate.js";
import { cell, DEFAULT_ROW_HEIGHT, HEADER_HEIGHT, printableArea, scaleToWidth, TITLE_HEIGHT, wrappedHeight, XlsxBook, type Column } from "../xlsx/workbook.js";

// 公示名单/<乡镇>.xlsx (DESIGN §7.3): what is posted on the village wall. Masked IDs, minors'
// names masked, never a bank account: this file is public.

export const NOTICE_DIR = "公示名单";
const ADULT_AGE = 18;

export interface NoticeLine {
  readonly program: string;
  readonly name: string;
  readonly sex: string;
  /** 出生年月, YYYY-MM. */
  readonly birthMonth: string;
  readonly maskedId: string;
  readonly amount: Fen;
}

export interface VillageNotice {
  readonly township: string;
  readonly village: string;
  /** The programmes on this village's list, in policy order (for the preamble). */
  readonly programs: readonly Program[];
  readonly lines: readonly NoticeLine[];
  readonly total: Fen;
}

/** 张三 → 张*; 欧阳娜娜 → 欧***. Counts characters, not UTF-16 units. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  return chars.length <= 1 ? name : (chars[0] ?? "") + "*".repeat(chars.length - 1);
}

export function isMinor(birth: DateNum, year: number, policy: Policy): boolean {
  return ageOn(birth, year * 10000 + policy.referenceMonthDay) < ADULT_AGE;
}

function noticeLine(a: Award, programName: string, year: number, policy: Policy): NoticeLine {
  const { maskHead, maskTail, maskNames } = policy.notice;
  return {
    program: programName,
    name: maskNames || isMinor(a.birth, year, policy) ? maskName(a.name) : a.name,
    sex: a.sex,
    birthMonth: a.birth ? `${yearOf(a.birth)}-${String(monthOf(a.birth)).padStart(2, "0")}` : "",
    maskedId: maskId(a.id, maskHead, maskTail),
    amount: a.amount,
  };
}

/** The awards that go on a notice, by township (in ledger order). */
function noticeAwardsByTownship(result: RunResult): Map<string, Award[]> {
  const onNotice = new Set(result.policy.programs.filter((p) => p.notice).map((p) => p.code));
  return groupBy(result.awards.filter((a) => onNotice.has(a.code)), (a) => a.township);
}

/** One township's notices, village by village (in ledger order), programmes in policy order. */
function* townshipNotices(result: RunResult, township: string, inTownship: readonly Award[]): Generator<VillageNotice> {
  const { policy, year } = result;
  for (const [village, inVillage] of groupBy(inTownship, (a) => a.village)) {
    const groups = byProgram(policy, inVillage);
    const lines = groups.flatMap(({ program, awards: list }) => list.map((a) => noticeLine(a, program.name, year, policy)));
    yield { township, village, programs: groups.map((g) => g.program), lines, total: sum(lines.map((l) => l.amount)) };
  }
}

function chineseDate(d: DateNum): string {
  return `${yearOf(d)}年${monthOf(d)}月${dayOf(d)}日`;
}

function addDays(d: DateNum, days: number): DateNum {
  const t = new Date(Date.UTC(yearOf(d), monthOf(d) - 1, dayOf(d) + days));
  return makeDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()) ?? d;
}

/** 公示期: from the start for `days` days, both ends included; blanks to fill by hand without a start. */
export function noticePeriod(start: DateNum, settings: NoticeSettings): string {
  if (!start) return "公示期:____年__月__日至____年__月__日";
  return `公示期:${chineseDate(start)}至${chineseDate(addDays(start, Math.max(1, settings.days) - 1))}`;
}

export function objectionText(settings: NoticeSettings): string {
  const where = settings.where.trim();
  return where ? `如有异议,请在公示期内向${where}反映。` : "如有异议,请在公示期内提出。";
}

/** The preamble: what is posted, on what basis, and who reviewed it (DESIGN §11.4). */
export function noticePreamble(county: string, township: string, v: VillageNotice, year: number): string[] {
  const bases = v.programs.map((p) => (p.basis ? `${p.name}(依据:${p.basis})` : p.name)).join(";");
  return [
    `根据计划生育奖励扶助等有关政策规定,经本人申请、村(居)民评议、村(居)委会审核,现将${county}${township}${v.village}${year}年度拟享受对象名单予以公示,接受群众监督。`,
    `公示项目:${bases}。`,
  ];
}

/** 落款: the issuing body (notice.issuer, else the village committee), the date, room for the seal. */
export function issuerLines(settings: NoticeSettings, village: string, start: DateNum): string[] {
  const issuer = settings.issuer || `${village}村(居)民委员会`;
  return [`${issuer}(盖章)`, start ? chineseDate(start) : "____年__月__日"];
}

// 金额 fits a bold 合计 of 1,000,000.00 and more without Excel's #####.
const COLUMNS: readonly Column[] = [
  { header: "序号", width: 5 },
  { header: "项目", width: 30 },
  { header: "姓名", width: 10 },
  { header: "性别", width: 5 },
  { header: "出生年月", width: 9 },
  { header: "身份证号", width: 20, text: true },
  { header: "金额", width: 13 },
];
const PROGRAM_WIDTH = 30;
/** A data row: one line of 11-point text, more when the programme's name wraps. */
const lineHeight = (program: string): number => wrappedHeight([program], PROGRAM_WIDTH);
const TOTAL_HEIGHT = 20;
/** Room for the seal (a 4 cm round seal is ~113 points) over the issuer and the date. */
const ISSUER_HEIGHT = 96;

/**
 * One village's sheet: the preamble, the list, 合计, then the closing block (period, objections,
 * phone, issuer, date, seal). Rows are measured and page breaks set so that the closing block
 * prints on the page of the last rows, never alone under an empty header.
 */
async function writeVillageSheet(book: XlsxBook, result: RunResult, township: string, v: VillageNotice): Promise<void> {
  const { policy, year } = result;
  const paper = policy.notice.paper;
  const scale = scaleToWidth(COLUMNS, paper, "portrait");
  const title = `${policy.county}${township}${v.village}${year}年度计划生育奖励扶助等项目对象公示`;
  const preamble = noticePreamble(policy.county, township, v, year);
  const sheet = await book.addSheet(v.village, { title, note: "单位:元", columns: COLUMNS, preamble, print: { paper, orientation: "portrait", scale } });
  const closing = [noticePeriod(result.noticeStart, policy.notice), objectionText(policy.notice), `监督举报电话:${policy.notice.phone}`];
  const closingHeight = wrappedHeight(closing, sheet.widthUnits);
  const heights = v.lines.map((l) => lineHeight(l.program));
  const tail = TOTAL_HEIGHT + DEFAULT_ROW_HEIGHT + closingHeight + ISSUER_HEIGHT;
  // the last line travels with 合计 and the closing block
  const units = heights.map((h, i) => (i === heights.length - 1 ? h + tail : h));
  const breaks = new Set(
    breaksBefore(units, {
      pageHeight: (printableArea(paper, "portrait").height * 100) / scale,
      firstPageTop: TITLE_HEIGHT + wrappedHeight(preamble, sheet.widthUnits) + DEFAULT_ROW_HEIGHT + HEADER_HEIGHT,
      repeatedTop: DEFAULT_ROW_HEIGHT + HEADER_HEIGHT,
    }),
  );
  let n = 0;
  for (const [i, l] of v.lines.entries()) {
    if (breaks.has(i)) sheet.pageBreak();
    await sheet.add(
      [cell.integer(++n), cell.text(l.program, STYLES.wrap), cell.text(l.name, STYLES.wrapCenter), cell.text(l.sex, STYLES.center), cell.text(l.birthMonth, STYLES.center), cell.id(l.maskedId), cell.yuan(l.amount)],
      [],
      heights[i],
    );
  }
  const blank = cell.blank();
  await sheet.add([cell.text("合计", STYLES.totalText), cell.text(`${v.lines.length}人次`, STYLES.totalText), blank, blank, blank, blank, cell.yuan(v.total, STYLES.totalAmount)], [[2, 6]], TOTAL_HEIGHT);
  await sheet.add([], [], DEFAULT_ROW_HEIGHT);
  await sheet.paragraphs(closing, STYLES.paragraphs);
  await sheet.line(issuerLines(policy.notice, v.village, result.noticeStart).join("\n"), STYLES.issuer, ISSUER_HEIGHT);
}

/** Writes 公示名单/<乡镇>.xlsx, one sheet per village, for every township with notice awards. */
export async function writeNotices(result: RunResult, outDir: string): Promise<WrittenFile[]> {
  const { year } = result;
  const byTownship = noticeAwardsByTownship(result);
  const fileNames = uniqueFileNames(byTownship.keys());
  const written: WrittenFile[] = [];
  for (const [township, inTownship] of byTownship) {
    const path = `${NOTICE_DIR}/${fileNames.get(township) ?? township}.xlsx`;
    const book = await XlsxBook.create(join(outDir, ...path.split("/")), { year, sensitive: false });
    // a village's lines are made just before its sheet is written, and let go after: made for the
    // whole county first, they lived through the writing (1M rows: ~50 MB promoted, ~50 MB more copied)
    let total = ZERO;
    let count = 0;
    for (const v of townshipNotices(result, township, inTownship)) {
      await writeVillageSheet(book, result, township, v);
      total = add(total, v.total);
      count += v.lines.length;
    }
    await book.close();
    written.push({ path, total, count, sensitive: false });
  }
  return written;
}
