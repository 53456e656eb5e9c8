import { parentPort, workerData } from "node:worker_threads";
import { parsePolicyText } from "../policy/parse-policy.js";
import { uniqueFileNames } from "./file-names.js";
import { ledgerByTownship } from "../years/read-ledger.js";
import type { RunResult } from "./run-result.js";
import { auditTownshipFiles } from "./stages.js";
import { townshipSheets, writeTownshipWorkbook } from "./township-sheets.js";
import { workerFailure, type WorkerJob, type WorkerReply } from "./worker-stages.js";
import type { WrittenFile } from "./written.js";

// A worker thread writes the township sheets from the ledger on disk, one township at a time,
// while the main thread writes the other outputs: the xlsx writer is the bottleneck, and this
// machine has two cores (DESIGN.md §9).
const job = workerData as WorkerJob;
try {
  const parsed = parsePolicyText(job.policyText);
  if (!parsed.ok) throw new Error("policy did not parse in the worker");
  const fileNames = uniqueFileNames(job.townships);
  const files: WrittenFile[] = [];
  for await (const awards of ledgerByTownship(job.ledgerPath, parsed.value)) {
    const result: RunResult = { ...job.result, policy: parsed.value, awards, problems: [], budgetWarnings: [] };
    for (const t of townshipSheets(result)) files.push(await writeTownshipWorkbook(result, job.dir, t, fileNames.get(t.township) ?? t.township));
  }
  const done: WorkerReply = { ok: true, output: { files, figures: await auditTownshipFiles(job.dir, files) } };
  parentPort?.postMessage(done);
} catch (err) {
  // the error's kind crosses the thread boundary, so the main thread reports it as if it were its own
  parentPort?.postMessage({ ok: false, failure: workerFailure(err) } satisfies WorkerReply);
}
