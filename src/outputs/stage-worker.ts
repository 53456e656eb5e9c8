import { parentPort, workerData } from "node:worker_threads";
import { parsePolicyText } from "../policy/parse-policy.js";
import { uniqueFileNames } from "./file-names.js";
import { ledgerAwards, ledgerByTownship } from "../years/read-ledger.js";
import type { RunResult } from "./run-result.js";
import { auditTownshipFiles, ledgerWorkbookOutput } from "./stages.js";
import { townshipSheets, writeTownshipWorkbook } from "./township-sheets.js";
import { workerFailure, type WorkerJob, type WorkerReply } from "./worker-stages.js";
import type { Policy } from "../policy/types.js";
import type { StageOutput } from "./write-run.js";
import type { WrittenFile } from "./written.js";

// A worker thread writes the township sheets (one township at a time), or 发放台账.xlsx, from the
// ledger on disk while the main thread writes the other outputs: the xlsx writer is the
// bottleneck, and this machine has two cores (DESIGN.md §9).

async function writeTownships(job: WorkerJob, policy: Policy): Promise<StageOutput> {
  const fileNames = uniqueFileNames(job.townships);
  const files: WrittenFile[] = [];
  for await (const awards of ledgerByTownship(job.ledgerPath, policy)) {
    const result: RunResult = { ...job.result, policy, awards, problems: [], budgetWarnings: [] };
    for (const t of townshipSheets(result)) files.push(await writeTownshipWorkbook(result, job.dir, t, fileNames.get(t.township) ?? t.township));
  }
  return { files, figures: await auditTownshipFiles(job.dir, files) };
}

const job = workerData as WorkerJob;
try {
  const parsed = parsePolicyText(job.policyText);
  if (!parsed.ok) throw new Error("policy did not parse in the worker");
  const policy = parsed.value;
  const output =
    job.kind === "township_sheets" ? await writeTownships(job, policy) : await ledgerWorkbookOutput(ledgerAwards(job.ledgerPath, policy), policy.levels, job.result.year, job.dir);
  const done: WorkerReply = { ok: true, output };
  parentPort?.postMessage(done);
} catch (err) {
  // the error's kind crosses the thread boundary, so the main thread reports it as if it were its own
  parentPort?.postMessage({ ok: false, failure: workerFailure(err) } satisfies WorkerReply);
}
