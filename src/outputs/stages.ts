import { join } from "node:path";
import { formatYuan, sum, type Fen } from "../domain/money.js";
import { readBankFileTotals, writeBankFiles, type BankTemplates } from "./bank/index.js";
import { writeChanges } from "./changes-workbook.js";
import { LEDGER_WORKBOOK, readLedgerWorkbookTotals, writeLedgerWorkbook } from "./ledger-workbook.js";
import { readFundingTotals, writeFunding } from "./funding.js";
import { readInstitutionTotals, writeInstitutions } from "./institutions.js";
import { writeNotices } from "./notices.js";
import { readPendingTotal, writePending } from "./pending.js";
import { readTownshipWorkbookTotals, writeTownshipSheets } from "./township-sheets.js";
import type { AuditFigures } from "./audit.js";
import type { OutputLanes, OutputStage } from "./write-run.js";
import type { WrittenFile } from "./written.js";

// The outputs derived from the ledger (a registry: one entry per kind). Each writes its files and
// re-reads them with its own reader, so the self-audit compares what is on disk with the ledger.

/** Re-reads township workbooks: each one's 汇总 must equal its sheets, and each sheet's lines its 合计. */
export async function auditTownshipFiles(dir: string, files: readonly WrittenFile[]): Promise<AuditFigures> {
  const totals: Fen[] = [];
  const errors: string[] = [];
  for (const f of files) {
    const t = await readTownshipWorkbookTotals(join(dir, f.path));
    totals.push(t.total);
    if (t.summaryTotal !== t.total) errors.push(`${f.path}:汇总表合计 ${formatYuan(t.summaryTotal)} ≠ 各项目表合计 ${formatYuan(t.total)}`);
    for (const s of t.sheets) if (s.detail !== s.total) errors.push(`${f.path} ${s.sheet}:明细之和 ${formatYuan(s.detail)} ≠ 合计行 ${formatYuan(s.total)}`);
  }
  return { townshipSheets: sum(totals), crossErrors: errors };
}

/** A stage under its name, the key of its timing (set here: the packed build renames functions). */
function named(name: string, write: OutputStage): OutputStage {
  return Object.defineProperty(write, "name", { value: name });
}

export const townshipSheets = named("township_sheets", async (result, dir) => {
  const files = await writeTownshipSheets(result, dir);
  return { files, figures: await auditTownshipFiles(dir, files) };
});

const notices = named("notices", async (result, dir) => {
  return { files: await writeNotices(result, dir) };
});

const funding = named("funding", async (result, dir) => {
  const files = await writeFunding(result, dir);
  const f = files[0];
  if (!f) return { files };
  const t = await readFundingTotals(join(dir, f.path));
  const errors = t.townshipTotal !== t.total ? [`资金分担:按乡镇合计 ${formatYuan(t.townshipTotal)} ≠ 汇总合计 ${formatYuan(t.total)}`] : [];
  t.townshipLevels.forEach((v, i) => {
    if (v !== t.levels[i]) errors.push(`资金分担:按乡镇 ${result.policy.levels[i]} 级 ${formatYuan(v)} ≠ 汇总 ${formatYuan(t.levels[i] ?? (0 as Fen))}`);
  });
  return { files, figures: { fundingTotal: t.total, fundingLevels: t.levels, crossErrors: errors } };
});

const institutions = named("institutions", async (result, dir) => {
  const files = await writeInstitutions(result, dir);
  const f = files[0];
  if (!f) return { files };
  const t = await readInstitutionTotals(join(dir, f.path));
  const errors = t.detailTotal !== t.total || t.detailSum !== t.total ? [`机构拨付:汇总 ${formatYuan(t.total)}、明细合计 ${formatYuan(t.detailTotal)}、明细之和 ${formatYuan(t.detailSum)} 不一致`] : [];
  return { files, figures: { institutions: t.total, crossErrors: errors } };
});

const pending = named("pending", async (result, dir) => {
  const files = await writePending(result, dir);
  const f = files[0];
  if (!f) return { files };
  const t = await readPendingTotal(join(dir, f.path));
  const errors = t.detail !== t.total ? [`待补录账户:明细之和 ${formatYuan(t.detail)} ≠ 合计 ${formatYuan(t.total)}`] : [];
  return { files, figures: { pending: t.total, crossErrors: errors } };
});

/** 发放台账.xlsx, read back for the self-audit (which compares it with the ledger); in a worker see stage-worker.ts. */
export const ledgerWorkbook = named("ledger_workbook", async (result, dir) => {
  const files = await writeLedgerWorkbook(result.awards, result.policy.levels, result.year, dir);
  return { files, figures: { ledgerWorkbook: await readLedgerWorkbookTotals(join(dir, LEDGER_WORKBOOK)) } };
});

const changes = named("changes", async (result, dir) => {
  return { files: await writeChanges(result, dir) };
});

function bankFiles(templates: BankTemplates): OutputStage {
  return named("bank_files", async (result, dir) => {
    const files = await writeBankFiles(result, dir, templates);
    const totals: Fen[] = [];
    const errors: string[] = [];
    for (const f of files) {
      const t = await readBankFileTotals(join(dir, f.path), f.template);
      totals.push(t.total);
      if (t.declaredCount !== t.lines || t.declaredTotal !== t.total) {
        errors.push(`${f.path}:控制行 ${t.declaredCount} 笔 ${formatYuan(t.declaredTotal)} 元 ≠ 明细 ${t.lines} 笔 ${formatYuan(t.total)} 元`);
      }
    }
    return { files, figures: { bankFiles: sum(totals), crossErrors: errors } };
  });
}

/**
 * The two largest kinds of workbook, the township sheets and 发放台账.xlsx, are written by a
 * worker thread from the ledger on disk (this thread joins in for the townships left once its own
 * outputs are written), while the rest are written here: a worker's heap is small, so its garbage
 * collection stays cheap, where this thread holds every award.
 */
export async function outputLanes(templates: BankTemplates, policyData: unknown): Promise<OutputLanes> {
  const { largeWorkbooks } = await import("./worker-stages.js");
  return { main: [bankFiles(templates), pending, institutions, funding, notices, changes], parallel: largeWorkbooks(policyData) };
}
