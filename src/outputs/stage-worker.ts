import { parentPort } from "node:worker_threads";
import { join } from "node:path";
import { parsePolicy } from "../policy/parse-policy.js";
import { ledgerAwards } from "../years/read-ledger.js";
import { LEDGER_WORKBOOK, openLedgerWorkbook, readLedgerWorkbookTotals } from "./ledger-workbook.js";
import type { RunResult } from "./run-result.js";
import { auditTownshipFiles } from "./stages.js";
import { LedgerTally } from "./audit.js";
import { townshipSheets, writeTownshipWorkbook } from "./township-sheets.js";
import { workerFailure } from "../worker-failure.js";
import { type WorkerRequest, type WorkerReply, type WorkerSetup, type WorkerTask } from "./worker-stages.js";
import type { StageOutput } from "./write-run.js";
import type { WrittenFile } from "./written.js";
import type { Award } from "../domain/award.js";
import type { Policy } from "../policy/types.js";
import { WrittenSoFar } from "../input/read-csv.js";
import { collectGarbage } from "../gc.js";

// A worker thread writes large workbooks — 发放台账.xlsx, or one township's payout sheets at a
// time — from the ledger on disk, while the main thread writes the other outputs: the xlsx writer
// is the bottleneck, and this machine has two cores (DESIGN.md §9). It starts when the ledger is
// begun, writes 发放台账.xlsx as the ledger is written, then takes townships one by one until it is
// stopped.

interface Context {
  readonly setup: WorkerSetup;
  readonly policy: Policy;
}

// how much of the ledger the main thread has written: it starts this worker on 发放台账.xlsx before
// the ledger is finished, and says after each chunk how far it got (`ledger-written`)
const ledgerProgress = new WrittenSoFar();

let context: Context | undefined;
let setupFailure: unknown;
let sinceGc = 0;

/** In a large run, a full collection every so many awards: finished work is garbage, and the heap stays near one township's size. */
function counted(n: number): void {
  const every = context?.setup.collectEvery;
  if (!every) return;
  sinceGc += n;
  if (sinceGc >= every) {
    collectGarbage();
    sinceGc = 0;
  }
}

/**
 * 发放台账.xlsx from the ledger on disk, read as the main thread writes it; the same reading of the
 * ledger is the self-audit's re-read of it (its totals, its one-time awards), so the main thread
 * does not parse the file a second time. (What is read is the file's bytes: the audit also checks
 * that the finished file hashes to what was written.)
 */
async function ledgerWorkbook({ setup, policy }: Context): Promise<StageOutput> {
  const writer = await openLedgerWorkbook(policy.levels, setup.result.year, setup.dir);
  const tally = new LedgerTally(policy, setup.result.previousOnce);
  for await (const a of ledgerAwards(setup.ledgerPath, policy, undefined, ledgerProgress)) {
    tally.addAward(a);
    await writer.add(a);
    counted(1);
  }
  const files = await writer.close();
  return { files, figures: { ledgerWorkbook: await readLedgerWorkbookTotals(join(setup.dir, LEDGER_WORKBOOK)), ledgerReread: tally.result() } };
}

async function township({ setup, policy }: Context, task: Extract<WorkerTask, { kind: "township" }>): Promise<StageOutput> {
  const awards: Award[] = [];
  for await (const a of ledgerAwards(setup.ledgerPath, policy, task.span)) awards.push(a);
  const result: RunResult = { ...setup.result, policy, awards, problems: [], budgetWarnings: [] };
  const files: WrittenFile[] = [];
  for (const t of townshipSheets(result)) files.push(await writeTownshipWorkbook(result, setup.dir, t, task.fileName));
  const output = { files, figures: await auditTownshipFiles(setup.dir, files) };
  counted(awards.length);
  return output;
}

async function handle(request: Exclude<WorkerRequest, { kind: "ledger-written" | "stop" }>): Promise<StageOutput | undefined> {
  if (request.kind === "setup") {
    // no reply to a setup: what went wrong is the answer to the first task
    try {
      const parsed = parsePolicy(request.setup.policyData);
      if (!parsed.ok) throw new Error("policy did not parse in the worker");
      context = { setup: request.setup, policy: parsed.value };
    } catch (err) {
      setupFailure = err;
    }
    return undefined;
  }
  if (setupFailure !== undefined) throw setupFailure;
  if (!context) throw new Error("worker task before its setup");
  return request.task.kind === "ledger-workbook" ? ledgerWorkbook(context) : township(context, request.task);
}

// one request at a time: the main thread sends a task only after the reply to the last one (news
// of the ledger's progress is taken at once: the task under way may be waiting for it)
let queue = Promise.resolve();
parentPort?.on("message", (request: WorkerRequest) => {
  // between turns nothing is half done (worker-stages.ts StageWorker.stop)
  if (request.kind === "stop") process.exit(0);
  if (request.kind === "ledger-written") {
    ledgerProgress.update(request.bytes, request.final);
    return;
  }
  queue = queue.then(async () => {
    try {
      const output = await handle(request);
      if (output) parentPort?.postMessage({ ok: true, output } satisfies WorkerReply);
    } catch (err) {
      // the error's kind crosses the thread boundary, so the main thread reports it as if it were its own
      parentPort?.postMessage({ ok: false, failure: workerFailure(err) } satisfies WorkerReply);
    }
  });
});
