import { readdir, readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { ageOn } from "../domain/dates.js";
import { formatYuan, parseYuan, type Fen } from "../domain/money.js";
import { readCsvRecords } from "../input/read-csv.js";
import { readSheetRows } from "../input/read-sheets.js";
import { readFundingTotals, FUNDING_FILE } from "../outputs/funding.js";
import { readInstitutionTotals, INSTITUTIONS_FILE } from "../outputs/institutions.js";
import { LEDGER_FILE } from "../outputs/ledger.js";
import { LEDGER_WORKBOOK, readLedgerWorkbookTotals } from "../outputs/ledger-workbook.js";
import { NOTICE_DIR } from "../outputs/notices.js";
import { PENDING_FILE, readPendingTotal } from "../outputs/pending.js";
import { SUMMARY_FILE } from "../outputs/summary.js";
import { readTownshipWorkbookTotals, TOWNSHIP_DIR } from "../outputs/township-sheets.js";
import { CHECKSUM_FILE, MARKER_FILE, readMarker } from "../run-dir/marker.js";
import { sha256Of } from "../run-dir/checksums.js";
import { movedAsideRun } from "../run-dir/session.js";
import { readBankControl } from "./bank-control.js";

// payout verify (DESIGN §11.4): an auditor handed a run folder checks it without the roster or the
// policy: every hash, every cross-total of §8 from the files themselves, every bank control line,
// and the masks of the public notices. Each check is a line of the report; a failure names the
// file and the figure.

export interface Check {
  readonly ok: boolean;
  readonly text: string;
}

export type VerifyResult = { readonly kind: "not-a-run"; readonly why: string } | { readonly kind: "checked"; readonly checks: readonly Check[] };

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(join(dir, prefix))).sort()) {
    const rel = prefix ? `${prefix}/${name}` : name;
    if ((await stat(join(dir, rel))).isDirectory()) out.push(...(await listFiles(dir, rel)));
    else out.push(rel);
  }
  return out;
}


const yuan = (f: number): string => formatYuan(f as Fen);

/** Every file listed with its hash, each hash as listed, no file unlisted. */
async function checkHashes(dir: string, files: readonly string[]): Promise<Check[]> {
  const listed = new Map<string, string>();
  for (const line of (await readFile(join(dir, CHECKSUM_FILE), "utf8")).split(/\r?\n/)) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (m) listed.set(m[2] ?? "", m[1] ?? "");
  }
  const checks: Check[] = [];
  let same = 0;
  for (const [file, hash] of listed) {
    if (!files.includes(file)) checks.push({ ok: false, text: `${CHECKSUM_FILE} 列出的 ${file} 不在文件夹中` });
    else if ((await sha256Of(join(dir, file))) !== hash) checks.push({ ok: false, text: `${file} 的校验值与 ${CHECKSUM_FILE} 不符:文件在运行后被改动过` });
    else same++;
  }
  for (const f of files) if (f !== CHECKSUM_FILE && f !== MARKER_FILE && !listed.has(f)) checks.push({ ok: false, text: `${f} 不在 ${CHECKSUM_FILE} 中:不是这次运行写出的文件` });
  if (checks.length === 0) checks.push({ ok: true, text: `校验值:${same} 个文件与 ${CHECKSUM_FILE} 一致` });
  return checks;
}

interface LedgerSums {
  readonly rows: number;
  readonly total: number;
  readonly byKind: ReadonlyMap<string, number>;
  readonly levels: ReadonlyMap<string, number>;
  readonly byCode: ReadonlyMap<string, { count: number; amount: number }>;
  readonly badRows: readonly string[];
}

async function readLedgerSums(path: string): Promise<LedgerSums> {
  let head: string[] | undefined;
  let levelNames: string[] = [];
  let rows = 0;
  let total = 0;
  const byKind = new Map<string, number>();
  const levels = new Map<string, number>();
  const byCode = new Map<string, { count: number; amount: number }>();
  const badRows: string[] = [];
  for await (const r of readCsvRecords(path)) {
    if (!head) {
      head = r;
      const from = head.indexOf("银行账号") + 1;
      const to = head.indexOf("计算说明");
      levelNames = head.slice(from, to);
      continue;
    }
    rows++;
    const get = (name: string): string => r[head?.indexOf(name) ?? -1] ?? "";
    const amount = parseYuan(get("金额"));
    if (amount === undefined) {
      badRows.push(`${LEDGER_FILE} 第 ${rows + 1} 行的金额“${get("金额")}”无法读取`);
      continue;
    }
    let parts = 0;
    for (const l of levelNames) {
      const v = parseYuan(get(l)) ?? 0;
      parts += v;
      levels.set(l, (levels.get(l) ?? 0) + v);
    }
    if (parts !== amount) badRows.push(`${LEDGER_FILE} 第 ${rows + 1} 行:各级分担之和 ${yuan(parts)} ≠ 金额 ${yuan(amount)}`);
    total += amount;
    byKind.set(get("领款类型"), (byKind.get(get("领款类型")) ?? 0) + amount);
    const c = byCode.get(get("项目代码")) ?? { count: 0, amount: 0 };
    byCode.set(get("项目代码"), { count: c.count + 1, amount: c.amount + amount });
  }
  return { rows, total, byKind, levels, byCode, badRows };
}

const agree = (what: string, got: number, want: number, file: string): Check =>
  got === want ? { ok: true, text: `${what}:${yuan(got)} 元` } : { ok: false, text: `${file}:${what} ${yuan(got)} 元 ≠ 台账 ${yuan(want)} 元` };

/** The public notices: no full ID or account anywhere, every ID masked, minors' names masked. */
async function checkNotices(dir: string, files: readonly string[], year: number): Promise<Check[]> {
  const checks: Check[] = [];
  let lines = 0;
  for (const f of files.filter((x) => x.startsWith(`${NOTICE_DIR}/`) && x.endsWith(".xlsx"))) {
    for await (const { sheet, row, cells } of readSheetRows(join(dir, f))) {
      for (const c of cells) {
        if (typeof c === "string" && /(?<![\d*])\d{17}[\dXx](?![\d*])|(?<![\d*])\d{12,}(?![\d*])/.test(c)) checks.push({ ok: false, text: `${f} ${sheet} 第 ${row} 行有未遮盖的身份证号或账号` });
      }
      if (typeof cells[0] !== "number" || typeof cells[5] !== "string") continue;
      lines++;
      if (!/\*/.test(cells[5])) checks.push({ ok: false, text: `${f} ${sheet} 第 ${row} 行的身份证号未遮盖` });
      const birth = /^(\d{4})-(\d{2})$/.exec(String(cells[4] ?? ""));
      // a minor on the reference date (12-31): the month is known, so the earliest day decides
      if (birth && ageOn(Number(birth[1]) * 10000 + Number(birth[2]) * 100 + 1, year * 10000 + 1231) < 18 && !/\*/.test(String(cells[2] ?? ""))) {
        checks.push({ ok: false, text: `${f} ${sheet} 第 ${row} 行:未成年人的姓名未遮盖` });
      }
    }
  }
  if (checks.length === 0) checks.push({ ok: true, text: `公示名单:${lines} 行,身份证号均已遮盖,未成年人姓名均已遮盖,无银行账号` });
  return checks;
}

/** Checks a run directory as handed over; "not-a-run" when it has no payout run marker. */
export async function verifyRunDirectory(dir: string): Promise<VerifyResult> {
  try {
    if (!(await stat(dir)).isDirectory()) return { kind: "not-a-run", why: `${dir} 不是文件夹` };
  } catch {
    const aside = movedAsideRun(dir);
    if (aside !== undefined) {
      return { kind: "not-a-run", why: `找不到文件夹 ${dir}:上次向它运行的 payout 在替换结果时被强行结束,原来的结果暂存在旁边的隐藏文件夹 ${basename(aside)} 中。再运行一次同一条命令即可(会先把原来的结果放回原处);或把该文件夹改名为 ${basename(dir)} 后再审核` };
    }
    return { kind: "not-a-run", why: `找不到文件夹 ${dir}` };
  }
  const marker = await readMarker(dir);
  if (!marker || marker.command !== "run") return { kind: "not-a-run", why: `${dir} 不是 payout run 写出的结果文件夹(没有 ${MARKER_FILE})` };
  const files = await listFiles(dir);
  for (const needed of [CHECKSUM_FILE, LEDGER_FILE, SUMMARY_FILE]) {
    if (!files.includes(needed)) return { kind: "checked", checks: [{ ok: false, text: `缺少 ${needed}` }] };
  }
  const checks: Check[] = [...(await checkHashes(dir, files))];
  const ledger = await readLedgerSums(join(dir, LEDGER_FILE));
  for (const b of ledger.badRows) checks.push({ ok: false, text: b });
  checks.push({ ok: ledger.badRows.length === 0, text: `台账:${ledger.rows} 笔,合计 ${yuan(ledger.total)} 元,每笔各级分担之和等于金额${ledger.badRows.length ? "(有例外,见上)" : ""}` });
  const kind = (k: string): number => ledger.byKind.get(k) ?? 0;

  const summary = JSON.parse(await readFile(join(dir, SUMMARY_FILE), "utf8")) as { year: number; rows_read: number; persons: number; rows_rejected: number; rows_set_aside?: number; totals: Record<string, string>; levels: Record<string, string>; programs: Array<{ code: string; name: string; count: number; amount: string }> };
  const fromSummary = (s: string | undefined): number => parseYuan(s ?? "") ?? Number.NaN;
  checks.push(agree("运行摘要 totals.ledger", fromSummary(summary.totals.ledger), ledger.total, SUMMARY_FILE));
  checks.push(agree("运行摘要 totals.bank(个人)", fromSummary(summary.totals.bank), kind("个人"), SUMMARY_FILE));
  checks.push(agree("运行摘要 totals.institution(机构)", fromSummary(summary.totals.institution), kind("机构"), SUMMARY_FILE));
  checks.push(agree("运行摘要 totals.pending(待补录)", fromSummary(summary.totals.pending), kind("待补录"), SUMMARY_FILE));
  for (const [level, v] of Object.entries(summary.levels)) checks.push(agree(`运行摘要 ${level} 级`, fromSummary(v), ledger.levels.get(level) ?? 0, SUMMARY_FILE));
  for (const p of summary.programs) {
    const got = ledger.byCode.get(p.code) ?? { count: 0, amount: 0 };
    if (got.count !== p.count || got.amount !== fromSummary(p.amount)) checks.push({ ok: false, text: `${SUMMARY_FILE}:${p.name} ${p.count} 笔 ${p.amount} 元 ≠ 台账 ${got.count} 笔 ${yuan(got.amount)} 元` });
  }
  if (summary.rows_read !== summary.persons + summary.rows_rejected) checks.push({ ok: false, text: `${SUMMARY_FILE}:读入 ${summary.rows_read} 行 ≠ 核定 ${summary.persons} + 剔除 ${summary.rows_rejected}` });
  // rows_set_aside (0.2) is part of rows_rejected; folders written before it have no such key
  const setAside = summary.rows_set_aside ?? 0;
  if (!Number.isInteger(setAside) || setAside < 0 || setAside > summary.rows_rejected) checks.push({ ok: false, text: `${SUMMARY_FILE}:其他亲属行 ${String(summary.rows_set_aside)} 不在 0 与未核定行 ${summary.rows_rejected} 之间` });

  if (files.includes(LEDGER_WORKBOOK)) {
    const t = await readLedgerWorkbookTotals(join(dir, LEDGER_WORKBOOK));
    checks.push(t.rows === ledger.rows ? agree(`${LEDGER_WORKBOOK} ${t.rows} 行`, t.detail, ledger.total, LEDGER_WORKBOOK) : { ok: false, text: `${LEDGER_WORKBOOK}:${t.rows} 行 ≠ 台账 ${ledger.rows} 行` });
    if (t.total !== t.detail) checks.push({ ok: false, text: `${LEDGER_WORKBOOK}:合计行 ${t.total === undefined ? "缺失" : yuan(t.total)} ≠ 明细之和 ${yuan(t.detail)}` });
  }

  let townships = 0;
  for (const f of files.filter((x) => x.startsWith(`${TOWNSHIP_DIR}/`) && x.endsWith(".xlsx"))) {
    const t = await readTownshipWorkbookTotals(join(dir, f));
    townships += t.total;
    if (t.summaryTotal !== t.total) checks.push({ ok: false, text: `${f}:汇总表合计 ${yuan(t.summaryTotal)} ≠ 各项目表合计 ${yuan(t.total)}` });
    for (const s of t.sheets) if (s.detail !== s.total) checks.push({ ok: false, text: `${f} ${s.sheet}:明细之和 ${yuan(s.detail)} ≠ 合计行 ${yuan(s.total)}` });
  }
  checks.push(agree("乡镇发放表合计", townships, ledger.total, TOWNSHIP_DIR));

  let bank = 0;
  let bankFiles = 0;
  for (const f of files.filter((x) => x.startsWith("银行代发/") && x !== PENDING_FILE)) {
    try {
      const c = await readBankControl(join(dir, f), f);
      bankFiles++;
      bank += c.totalFen;
      if (c.declaredCount !== c.lines || c.declaredTotal !== c.total) checks.push({ ok: false, text: `${f}:控制行 ${c.declaredCount} 笔 ${yuan(c.declaredTotal)} ≠ 明细 ${c.lines} 笔 ${yuan(c.total)}` });
    } catch (err) {
      checks.push({ ok: false, text: `${f}:${(err as Error).message}` });
    }
  }
  checks.push(agree(`银行代发 ${bankFiles} 个文件(控制行已核对)`, bank, kind("个人"), "银行代发"));
  if (files.includes(INSTITUTIONS_FILE)) {
    const t = await readInstitutionTotals(join(dir, INSTITUTIONS_FILE));
    checks.push(agree("机构拨付", t.total, kind("机构"), INSTITUTIONS_FILE));
    if (t.detailTotal !== t.total || t.detailSum !== t.total) checks.push({ ok: false, text: `${INSTITUTIONS_FILE}:汇总 ${yuan(t.total)}、明细合计 ${yuan(t.detailTotal)}、明细之和 ${yuan(t.detailSum)} 不一致` });
  }
  if (files.includes(PENDING_FILE)) {
    const t = await readPendingTotal(join(dir, PENDING_FILE));
    checks.push(agree("待补录", t.total, kind("待补录"), PENDING_FILE));
    if (t.detail !== t.total) checks.push({ ok: false, text: `${PENDING_FILE}:明细之和 ${yuan(t.detail)} ≠ 合计 ${yuan(t.total)}` });
  }
  if (files.includes(FUNDING_FILE)) {
    const t = await readFundingTotals(join(dir, FUNDING_FILE));
    checks.push(agree("资金分担合计", t.total, ledger.total, FUNDING_FILE));
    if (t.townshipTotal !== t.total) checks.push({ ok: false, text: `${FUNDING_FILE}:按乡镇合计 ${yuan(t.townshipTotal)} ≠ 汇总合计 ${yuan(t.total)}` });
    const names = [...ledger.levels.keys()];
    t.levels.forEach((v, i) => checks.push(agree(`资金分担 ${names[i] ?? i} 级`, v, ledger.levels.get(names[i] ?? "") ?? 0, FUNDING_FILE)));
  }
  checks.push(...(await checkNotices(dir, files, summary.year)));
  return { kind: "checked", checks };
}
