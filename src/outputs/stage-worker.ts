import { parentPort, workerData } from "node:worker_threads";
import { parsePolicyText } from "../policy/parse-policy.js";
import { uniqueFileNames } from "./file-names.js";
import { ledgerByTownship } from "../years/read-ledger.js";
import { LEDGER_WORKBOOK, openLedgerWorkbook, readLedgerWorkbookTotals } from "./ledger-workbook.js";
import type { RunResult } from "./run-result.js";
import { auditTownshipFiles } from "./stages.js";
import { townshipSheets, writeTownshipWorkbook } from "./township-sheets.js";
import { workerFailure, type WorkerJob, type WorkerReply } from "./worker-stages.js";
import type { StageOutput } from "./write-run.js";
import type { WrittenFile } from "./written.js";
import { join } from "node:path";
import { collectGarbage } from "../gc.js";

// A worker thread writes its share of the large workbooks — 发放台账.xlsx and/or some townships'
// payout sheets — from the ledger on disk, read once, while the main thread writes the other
// outputs: the xlsx writer is the bottleneck, and this machine has two cores (DESIGN.md §9).

/** Awards a worker writes between two full garbage collections. */
const GC_EVERY = 30_000;

async function work(job: WorkerJob): Promise<StageOutput> {
  const parsed = parsePolicyText(job.policyText);
  if (!parsed.ok) throw new Error("policy did not parse in the worker");
  const policy = parsed.value;
  const fileNames = uniqueFileNames(job.townships);
  const mine = new Set(job.mine);
  const ledger = job.ledgerWorkbook ? await openLedgerWorkbook(policy.levels, job.result.year, job.dir) : undefined;
  const files: WrittenFile[] = [];
  const townshipFiles: WrittenFile[] = [];
  let sinceGc = 0;
  // without the ledger workbook, only this worker's townships are parsed
  for await (const awards of ledgerByTownship(job.ledgerPath, policy, ledger ? undefined : (t) => mine.has(t))) {
    if (ledger) for (const a of awards) await ledger.add(a);
    if (mine.has(awards[0]?.township ?? "")) {
      const result: RunResult = { ...job.result, policy, awards, problems: [], budgetWarnings: [] };
      for (const t of townshipSheets(result)) townshipFiles.push(await writeTownshipWorkbook(result, job.dir, t, fileNames.get(t.township) ?? t.township));
    }
    // finished townships are garbage: collected every GC_EVERY awards, so the worker's heap stays
    // near one township's size instead of growing to V8's first limit (~100 MB more per worker)
    sinceGc += awards.length;
    if (sinceGc >= GC_EVERY) {
      collectGarbage();
      sinceGc = 0;
    }
  }
  let figures = {};
  if (ledger) {
    files.push(...(await ledger.close()));
    figures = { ledgerWorkbook: await readLedgerWorkbookTotals(join(job.dir, LEDGER_WORKBOOK)) };
  }
  files.push(...townshipFiles);
  return { files, figures: { ...figures, ...(await auditTownshipFiles(job.dir, townshipFiles)) } };
}

try {
  const done: WorkerReply = { ok: true, output: await work(workerData as WorkerJob) };
  parentPort?.postMessage(done);
} catch (err) {
  // the error's kind crosses the thread boundary, so the main thread reports it as if it were its own
  parentPort?.postMessage({ ok: false, failure: workerFailure(err) } satisfies WorkerReply);
}
