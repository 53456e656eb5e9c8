import { join } from "node:path";
import { ZERO } from "../domain/money.js";
import type { RunResult } from "./run-result.js";
import { renumberingNote } from "../years/renumbered.js";
import type { WrittenFile } from "./written.js";
import { STYLES } from "../xlsx/styles.js";
import { cell, XlsxBook, type Column } from "../xlsx/workbook.js";

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

  const summary = await book.addSheet("汇总", {
    title: `${head}计划生育奖励扶助等项目变动汇总`,
    note: "单位:人次、元",
    columns: [{ header: "项目代码", width: 18 }, { header: "项目名称", width: 34 }, { header: "上年", width: 9 }, { header: "退出", width: 9 }, { header: "新增", width: 9 }, { header: "本年", width: 9 }, { header: "上年金额", width: 15 }, { header: "本年金额", width: 15 }],
  });
  for (const s of changes.summary) {
    await summary.add([cell.text(s.code), cell.text(s.name), cell.integer(s.previous), cell.integer(s.exited), cell.integer(s.added), cell.integer(s.current), cell.yuan(s.previousAmount), cell.yuan(s.currentAmount)]);
  }
  await summary.line("本年 = 上年 − 退出 + 新增(按人或按户计)。", STYLES.noteLeft);

  const added = await book.addSheet("新增", { title: `${head}新增对象名单`, note: "单位:元", columns: [...PERSON_COLUMNS, { header: "金额", width: 14 }] });
  let n = 0;
  for (const a of changes.added) {
    await added.add([cell.integer(++n), cell.text(a.township), cell.text(a.village), cell.text(a.householdId), cell.text(a.name), cell.id(a.id), cell.text(a.programName), cell.yuan(a.amount)]);
  }

  const exited = await book.addSheet("退出", { title: `${head}退出对象名单`, note: "单位:元", columns: [...PERSON_COLUMNS, { header: "上年金额", width: 14 }, { header: "退出原因", width: 40 }] });
  n = 0;
  for (const { previous: p, reason } of changes.exited) {
    await exited.add([cell.integer(++n), cell.text(p.township), cell.text(p.village), cell.text(p.householdId), cell.text(p.name), cell.id(p.id), cell.text(p.programName), cell.yuan(p.amount), cell.text(reason, STYLES.wrap)]);
  }

  const changed = await book.addSheet("金额变动", { title: `${head}金额变动名单`, note: "单位:元", columns: [...PERSON_COLUMNS, { header: "上年金额", width: 14 }, { header: "本年金额", width: 14 }, { header: "计算说明", width: 30 }] });
  n = 0;
  for (const { previous: p, award: a } of changes.changed) {
    await changed.add([cell.integer(++n), cell.text(a.township), cell.text(a.village), cell.text(a.householdId), cell.text(a.name), cell.id(a.id), cell.text(a.programName), cell.yuan(p.amount), cell.yuan(a.amount), cell.text(a.explanation)]);
  }
  if (changes.renumbered.length > 0) {
    const sheet = await book.addSheet("户编号变更", {
      title: `${head}户编号变更名单`,
      note: "按夫/妻身份证号与上年台账认定为同一户,不列入退出和新增",
      columns: [{ header: "序号", width: 7 }, { header: "乡镇", width: 12 }, { header: "村", width: 12 }, { header: "上年户编号", width: 15 }, { header: "本年户编号", width: 15 }, { header: "姓名", width: 10 }, { header: "说明", width: 30 }],
    });
    n = 0;
    for (const r of changes.renumbered) {
      await sheet.add([cell.integer(++n), cell.text(r.township), cell.text(r.village), cell.text(r.from), cell.text(r.to), cell.text(r.name), cell.text(renumberingNote(r))]);
    }
  }
  if (result.withheld) await writeObjectionSheet(book, result, head);
  await book.close();
  return [{ path: CHANGES_FILE, total: ZERO, count: changes.added.length + changes.exited.length + changes.changed.length, sensitive: true }];
}

async function writeObjectionSheet(book: XlsxBook, result: RunResult, head: string): Promise<void> {
  const sheet = await book.addSheet("异议暂停", { title: `${head}公示异议暂停发放名单`, note: "单位:元", columns: [...PERSON_COLUMNS, { header: "金额", width: 14 }, { header: "异议原因", width: 40 }] });
  let n = 0;
  for (const { award: a, reason } of result.withheld ?? []) {
    await sheet.add([cell.integer(++n), cell.text(a.township), cell.text(a.village), cell.text(a.householdId), cell.text(a.name), cell.id(a.id), cell.text(a.programName), cell.yuan(a.amount), cell.text(reason, STYLES.wrap)]);
  }
}
