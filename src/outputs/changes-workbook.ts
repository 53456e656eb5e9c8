import { join } from "node:path";
import { compareAwards } from "../domain/award.js";
import { sum, ZERO, type Fen } from "../domain/money.js";
import { unitOf } from "./counts.js";
import type { RunResult } from "./run-result.js";
import { renumberingNote } from "../years/renumbered.js";
import type { WrittenFile } from "./written.js";
import { STYLES } from "../xlsx/styles.js";
import { cell, wrappedHeight, XlsxBook, type Cell, type Column, type XlsxSheet } from "../xlsx/workbook.js";

export const CHANGES_FILE = "变动名单.xlsx";
export const OBJECTIONS_FILE = "异议暂停.xlsx";

const PERSON_COLUMNS: readonly Column[] = [
  { header: "序号", width: 7 },
  { header: "乡镇", width: 12 },
  { header: "村", width: 12 },
  { header: "户编号", width: 15 },
  { header: "姓名", width: 10 },
  { header: "身份证号", width: 21, text: true },
  { header: "项目", width: 34 },
];

/**
 * 变动名单.xlsx (DESIGN §7.7): 汇总, 新增, 退出 (with the reason), 金额变动, written with --previous;
 * with --exclude a sheet 异议暂停 in it, or its own 异议暂停.xlsx without --previous (§7.9).
 */
export async function writeChanges(result: RunResult, outDir: string): Promise<WrittenFile[]> {
  const changes = result.changes;
  const head = `${result.policy.county}${result.year}年度`;
  if (!changes) {
    if (!result.withheld) return [];
    const book = await XlsxBook.create(join(outDir, OBJECTIONS_FILE), { year: result.year, sensitive: true });
    await writeObjectionSheet(book, result, head);
    await book.close();
    return [{ path: OBJECTIONS_FILE, total: ZERO, count: result.withheld.length, sensitive: true }];
  }
  const book = await XlsxBook.create(join(outDir, CHANGES_FILE), { year: result.year, sensitive: true });

  const units = new Map(result.policy.programs.map((p) => [p.code, unitOf(p)]));
  const summary = await book.addSheet("汇总", {
    title: `${head}计划生育奖励扶助等项目变动汇总`,
    note: "单位:人或户、元",
    columns: [{ header: "项目名称", width: 34 }, { header: "计数单位", width: 9 }, { header: "上年", width: 9 }, { header: "退出", width: 9 }, { header: "新增", width: 9 }, { header: "本年", width: 9 }, { header: "上年金额", width: 15 }, { header: "本年金额", width: 15 }],
    print: { paginate: true },
  });
  for (const [i, s] of changes.summary.entries()) {
    // the last programme's row and the note print with the signature
    if (i === changes.summary.length - 1) summary.keepWithSignature();
    await summary.add([cell.text(s.name, STYLES.wrap), cell.text(units.get(s.code) ?? "人", STYLES.center), cell.integer(s.previous), cell.integer(s.exited), cell.integer(s.added), cell.integer(s.current), cell.yuan(s.previousAmount), cell.yuan(s.currentAmount)]);
  }
  const note = "本年 = 上年 − 退出 + 新增。按户发放的项目按户计数,其余按人计数;各项目单位不同,不作合计。";
  await summary.line(note, STYLES.noteLeft, wrappedHeight([note], summary.widthUnits));
  await summary.signature();

  const added = await book.addSheet("新增", { title: `${head}新增对象名单`, note: "单位:元", columns: [...PERSON_COLUMNS, { header: "金额", width: 14 }] });
  const addedList = [...changes.added].sort(compareAwards);
  let n = 0;
  for (const a of addedList) {
    await added.add([cell.integer(++n), cell.text(a.township), cell.text(a.village), cell.text(a.householdId), cell.text(a.name), cell.id(a.id), cell.text(a.programName, STYLES.wrap), cell.yuan(a.amount)]);
  }
  await listTotal(added, n, sum(addedList.map((a) => a.amount)), 8, 8, "本年无新增对象");

  const exited = await book.addSheet("退出", { title: `${head}退出对象名单`, note: "单位:元", columns: [...PERSON_COLUMNS, { header: "上年金额", width: 14 }, { header: "退出原因", width: 40 }] });
  const exitedList = [...changes.exited].sort((x, y) => compareAwards(x.previous, y.previous));
  n = 0;
  for (const { previous: p, reason } of exitedList) {
    await exited.add([cell.integer(++n), cell.text(p.township), cell.text(p.village), cell.text(p.householdId), cell.text(p.name), cell.id(p.id), cell.text(p.programName, STYLES.wrap), cell.yuan(p.amount), cell.text(reason, STYLES.wrap)]);
  }
  await listTotal(exited, n, sum(exitedList.map((e) => e.previous.amount)), 8, 9, "本年无退出对象");

  const changed = await book.addSheet("金额变动", { title: `${head}金额变动名单`, note: "单位:元", columns: [...PERSON_COLUMNS, { header: "上年金额", width: 14 }, { header: "本年金额", width: 14 }, { header: "计算说明", width: 30 }] });
  const changedList = [...changes.changed].sort((x, y) => compareAwards(x.award, y.award));
  n = 0;
  for (const { previous: p, award: a } of changedList) {
    await changed.add([cell.integer(++n), cell.text(a.township), cell.text(a.village), cell.text(a.householdId), cell.text(a.name), cell.id(a.id), cell.text(a.programName, STYLES.wrap), cell.yuan(p.amount), cell.yuan(a.amount), cell.text(a.explanation, STYLES.wrap)]);
  }
  await listTotal(changed, n, sum(changedList.map((c) => c.award.amount)), 9, 10, "本年无金额变动的对象", sum(changedList.map((c) => c.previous.amount)));
  if (changes.renumbered.length > 0) {
    const sheet = await book.addSheet("户编号变更", {
      title: `${head}户编号变更名单`,
      note: "按夫/妻身份证号与上年台账认定为同一户,不列入退出和新增",
      columns: [{ header: "序号", width: 7 }, { header: "乡镇", width: 12 }, { header: "村", width: 12 }, { header: "上年户编号", width: 15 }, { header: "本年户编号", width: 15 }, { header: "姓名", width: 10 }, { header: "说明", width: 30 }],
    });
    n = 0;
    for (const r of changes.renumbered) {
      await sheet.add([cell.integer(++n), cell.text(r.township), cell.text(r.village), cell.text(r.from), cell.text(r.to), cell.text(r.name), cell.text(renumberingNote(r), STYLES.wrap)]);
    }
    await sheet.add([cell.text("合计", STYLES.totalText), cell.text(`${n}户`, STYLES.totalText), ...Array.from({ length: 5 }, () => cell.blank())], [[2, 7]]);
  }
  if (result.withheld) await writeObjectionSheet(book, result, head);
  await book.close();
  return [{ path: CHANGES_FILE, total: ZERO, count: changes.added.length + changes.exited.length + changes.changed.length, sensitive: true }];
}

async function writeObjectionSheet(book: XlsxBook, result: RunResult, head: string): Promise<void> {
  const sheet = await book.addSheet("异议暂停", { title: `${head}公示异议暂停发放名单`, note: "单位:元", columns: [...PERSON_COLUMNS, { header: "金额", width: 14 }, { header: "异议原因", width: 40 }] });
  const list = [...(result.withheld ?? [])].sort((x, y) => compareAwards(x.award, y.award));
  let n = 0;
  for (const { award: a, reason } of list) {
    await sheet.add([cell.integer(++n), cell.text(a.township), cell.text(a.village), cell.text(a.householdId), cell.text(a.name), cell.id(a.id), cell.text(a.programName, STYLES.wrap), cell.yuan(a.amount), cell.text(reason, STYLES.wrap)]);
  }
  await listTotal(sheet, n, sum(list.map((w) => w.award.amount)), 8, 9, "无公示异议暂停发放的款项");
}

/**
 * The 合计 under a list (count and amount at 1-based column `amountAt`; `previousAt` for 金额变动's
 * 上年金额 beside it); an empty list says so in words, so its printed page is never blank.
 */
async function listTotal(sheet: XlsxSheet, count: number, total: Fen, amountAt: number, width: number, emptyText: string, previous?: Fen): Promise<void> {
  if (count === 0) await sheet.line(emptyText, STYLES.noteLeft);
  const cells: Cell[] = [cell.text("合计", STYLES.totalText), cell.text(`${count}笔`, STYLES.totalText)];
  while (cells.length < width) cells.push(cell.blank());
  if (previous !== undefined) cells[amountAt - 2] = cell.yuan(previous, STYLES.totalAmount);
  cells[amountAt - 1] = cell.yuan(total, STYLES.totalAmount);
  await sheet.add(cells, [[2, 6]]);
}
