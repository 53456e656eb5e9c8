import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Award } from "../domain/award.js";
import { add, formatYuan, sum, ZERO, type Fen } from "../domain/money.js";
import { cellText, toHalfWidth, type RawCell } from "../input/cell.js";
import { PayoutError } from "../errors.js";
import { openTable, type TableColumn } from "../input/read-table.js";
import type { Policy } from "../policy/types.js";
import { auditError } from "../outputs/audit.js";
import { readBankFileTotals, writeBankFiles, type BankTemplates } from "../outputs/bank/index.js";
import { writeLedger } from "../outputs/ledger.js";
import { readPendingTotal, writePending } from "../outputs/pending.js";
import type { RunResult } from "../outputs/run-result.js";
import { supplementSummary, type SupplementLine, type SupplementResult } from "./supplement.js";

export const SUPPLEMENT_LEDGER = "补录台账.csv";
export const STILL_PENDING = "仍待补录.xlsx";
export const SUPPLEMENT_SUMMARY = "补录摘要.json";

type Key = "seq" | "id" | "programName" | "amount" | "reason" | "phone" | "payeeName" | "payeeId" | "bank" | "account";
const COLUMNS: readonly TableColumn<Key>[] = [
  { key: "seq", header: "序号" },
  { key: "id", header: "身份证号", required: true, kind: "id" },
  { key: "programName", header: "项目名称", aliases: ["项目"], required: true },
  { key: "amount", header: "金额", required: true },
  { key: "reason", header: "原因" },
  { key: "phone", header: "联系电话" },
  { key: "payeeName", header: "领款人姓名", required: true, maxLength: 100 },
  { key: "payeeId", header: "领款人身份证号", required: true, kind: "id" },
  { key: "bank", header: "开户银行", required: true },
  { key: "account", header: "银行账号", required: true, kind: "account" },
];

/** Reads the clerk's 待补录账户.xlsx through the one reader; the lines end at the 合计 row. */
export async function readSupplementLines(path: string): Promise<SupplementLine[]> {
  const table = await openTable(path, { what: "待补录账户", columns: COLUMNS });
  const lines: SupplementLine[] = [];
  const text = (cells: readonly RawCell[], k: Key): string => {
    const i = table.index[k];
    return i < 0 ? "" : toHalfWidth(cellText(cells[i])).trim();
  };
  const it = table.records[Symbol.asyncIterator]();
  for (;;) {
    const next = await it.next();
    if (next.done) break;
    const { row, cells } = next.value;
    if (/^合\s*计$/.test(text(cells, "seq")) || /^合\s*计$/.test(cellText(cells[0]).trim())) {
      // what follows 合计 (a signature block) is not a line
      await it.return?.();
      break;
    }
    const raw = table.index.amount >= 0 ? cells[table.index.amount] : undefined;
    const amount = typeof raw === "number" ? (Math.round(raw * 100) / 100).toFixed(2) : text(cells, "amount").replace(/,/g, "");
    lines.push({
      row, id: text(cells, "id"), programName: text(cells, "programName"), amount, reason: text(cells, "reason"), phone: text(cells, "phone"),
      payeeName: text(cells, "payeeName").replace(/\s+/g, ""), payeeId: text(cells, "payeeId"), bank: text(cells, "bank"), account: text(cells, "account"),
    });
  }
  if (lines.length === 0) throw new PayoutError("input-format", `待补录账户 ${path} 中没有待补录的行`);
  return lines;
}

function asRun(policy: Policy, year: number, awards: readonly Award[]): RunResult {
  return {
    year, policy, awards, problems: [], rowsRead: 0, rowsRejected: 0, rowsSetAside: 0, persons: 0, households: 0, budgetWarnings: [],
    noticeStart: 0, rosterSha256: "", policySha256: "", version: "",
  };
}

/**
 * Writes the supplement's files into `dir` (a temporary directory the caller renames into place) and
 * audits them like a run: every bank file's control line against its lines, Σ bank files = Σ filled =
 * 补录台账, 仍待补录's 合计 = Σ open, filled + open = lines.
 */
export async function writeSupplement(dir: string, result: SupplementResult, policy: Policy, templates: BankTemplates): Promise<void> {
  const year = result.filled[0]?.year ?? result.open[0]?.year ?? 0;
  const filled = asRun(policy, year, result.filled);
  const errors: string[] = [];
  const due = sum(result.filled.map((a) => a.amount));
  let banked = ZERO;
  for (const f of await writeBankFiles(filled, dir, templates)) {
    const t = await readBankFileTotals(join(dir, f.path), f.template);
    if (t.declaredCount !== t.lines || t.declaredTotal !== t.total) errors.push(`${f.path}:控制行 ${t.declaredCount} 笔 ${formatYuan(t.declaredTotal)} 元 ≠ 明细 ${t.lines} 笔 ${formatYuan(t.total)} 元`);
    banked = add(banked, t.total);
  }
  if (banked !== due) errors.push(`补录代发文件合计 ${formatYuan(banked)} ≠ 已补录款项 ${formatYuan(due)}`);
  const ledger = await writeLedger(filled, join(dir, SUPPLEMENT_LEDGER));
  if (ledger.total !== due) errors.push(`${SUPPLEMENT_LEDGER} 合计 ${formatYuan(ledger.total)} ≠ 已补录款项 ${formatYuan(due)}`);
  await writePending(asRun(policy, year, result.open), dir, { path: STILL_PENDING, title: `${policy.county}${year}年度仍待补录账户名单` });
  const open = await readPendingTotal(join(dir, STILL_PENDING));
  const openDue: Fen = sum(result.open.map((a) => a.amount));
  if (open.total !== openDue || open.detail !== openDue || open.count !== result.open.length) errors.push(`${STILL_PENDING}:合计 ${formatYuan(open.total)}(${open.count} 笔)≠ 仍待补录款项 ${formatYuan(openDue)}(${result.open.length} 笔)`);
  if (errors.length > 0) throw auditError(errors);
  await writeFile(join(dir, SUPPLEMENT_SUMMARY), JSON.stringify(supplementSummary(result), null, 2) + "\n");
}
