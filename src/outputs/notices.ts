import { join } from "node:path";
import type { Award } from "../domain/award.js";
import { ageOn, dayOf, makeDate, monthOf, yearOf, type DateNum } from "../domain/dates.js";
import { maskId } from "../domain/id-number.js";
import { sum, type Fen } from "../domain/money.js";
import type { NoticeSettings, Policy } from "../policy/types.js";
import { uniqueFileNames } from "./file-names.js";
import { byProgram, groupBy } from "./groups.js";
import type { RunResult } from "./run-result.js";
import type { WrittenFile } from "./written.js";
import { STYLES } from "../xlsx/styles.js";
import { cell, XlsxBook, type Column } from "../xlsx/workbook.js";

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

/** Notices per village (townships and villages in ledger order), programmes in policy order. */
export function villageNotices(result: RunResult): VillageNotice[] {
  const { policy, year } = result;
  const onNotice = new Set(policy.programs.filter((p) => p.notice).map((p) => p.code));
  const awards = result.awards.filter((a) => onNotice.has(a.code));
  const out: VillageNotice[] = [];
  for (const [township, inTownship] of groupBy(awards, (a) => a.township)) {
    for (const [village, inVillage] of groupBy(inTownship, (a) => a.village)) {
      const lines = byProgram(policy, inVillage).flatMap(({ program, awards: list }) =>
        list.map((a) => noticeLine(a, program.name, year, policy)),
      );
      out.push({ township, village, lines, total: sum(lines.map((l) => l.amount)) });
    }
  }
  return out;
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

// 金额 fits a bold 合计 of 1,000,000.00 and more without Excel's #####.
const COLUMNS: readonly Column[] = [
  { header: "序号", width: 6 },
  { header: "项目", width: 36 },
  { header: "姓名", width: 12 },
  { header: "性别", width: 6 },
  { header: "出生年月", width: 11 },
  { header: "身份证号", width: 21, text: true },
  { header: "金额", width: 15 },
];

/** Writes 公示名单/<乡镇>.xlsx, one sheet per village, for every township with notice awards. */
export async function writeNotices(result: RunResult, outDir: string): Promise<WrittenFile[]> {
  const { policy, year } = result;
  const byTownship = groupBy(villageNotices(result), (v) => v.township);
  const fileNames = uniqueFileNames(byTownship.keys());
  const written: WrittenFile[] = [];
  for (const [township, villages] of byTownship) {
    const path = `${NOTICE_DIR}/${fileNames.get(township) ?? township}.xlsx`;
    const book = await XlsxBook.create(join(outDir, ...path.split("/")), { year, sensitive: false });
    for (const v of villages) {
      const title = `${policy.county}${township}${v.village}${year}年度计划生育奖励扶助等项目对象公示`;
      const sheet = await book.addSheet(v.village, { title, note: "单位:元", columns: COLUMNS });
      let n = 0;
      for (const l of v.lines) {
        await sheet.add([
          cell.integer(++n),
          cell.text(l.program, STYLES.wrap),
          cell.text(l.name, STYLES.wrapCenter),
          cell.text(l.sex, STYLES.center),
          cell.text(l.birthMonth, STYLES.center),
          cell.id(l.maskedId),
          cell.yuan(l.amount),
        ]);
      }
      const blank = cell.blank();
      await sheet.add([cell.text("合计", STYLES.totalText), cell.text(`${v.lines.length}人次`, STYLES.totalText), blank, blank, blank, blank, cell.yuan(v.total, STYLES.totalAmount)], [[2, 6]]);
      await sheet.blank();
      const closing = [noticePeriod(result.noticeStart, policy.notice), objectionText(policy.notice), `监督举报电话:${policy.notice.phone}`];
      await sheet.paragraphs(closing, STYLES.paragraphs);
    }
    await book.close();
    const lines = villages.flatMap((v) => v.lines);
    written.push({ path, total: sum(lines.map((l) => l.amount)), count: lines.length, sensitive: false });
  }
  return written;
}
