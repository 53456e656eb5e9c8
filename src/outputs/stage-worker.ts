import { parentPort } from "node:worker_threads";
import { join } from "node:path";
import { parsePolicyText } from "../policy/parse-policy.js";
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
import { collectGarbage } from "../gc.js";

// A worker thread writes large workbooks — 发放台账.xlsx, or one township's payout sheets at a
// time — from the ledger on disk, while the main thread writes the other outputs: the xlsx writer
// is the bottleneck, and this machine has two cores (DESIGN.md §9). It starts when the ledger is
// written, then takes tasks one by one until it is stopped.

interface Context {
  readonly setup: WorkerSetup;
  readonly policy: Policy;
  readonly fileNames: ReadonlyMap<string, string>;
}

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
 * 发放台账.xlsx from the ledger on disk; the same reading of the ledger is the self-audit's re-read
 * of it (its totals, its one-time awards), so the main thread does not parse the file a second time.
 */
async function ledgerWorkbook({ setup, policy }: Context): Promise<StageOutput> {
  const writer = await openLedgerWorkbook(policy.levels, setup.result.year, setup.dir);
  const tally = new LedgerTally(policy, setup.result.previousOnce);
  for await (const a of ledgerAwards(setup.ledgerPath, policy)) {
    tally.addAward(a);
    await writer.add(a);
    counted(1);
  }
  const files = await writer.close();
  return { files, figures: { ledgerWorkbook: await readLedgerWorkbookTotals(join(setup.dir, LEDGER_WORKBOOK)), ledgerReread: tally.result() } };
}

async function township({ setup, policy, fileNames }: Context, task: Extract<WorkerTask, { kind: "township" }>): Promise<StageOutput> {
  const awards: Award[] = [];
  for await (const a of ledgerAwards(setup.ledgerPath, policy, task.span)) awards.push(a);
  const result: RunResult = { ...setup.result, policy, awards, problems: [], budgetWarnings: [] };
  const files: WrittenFile[] = [];
  for (const t of townshipSheets(result)) files.push(await writeTownshipWorkbook(result, setup.dir, t, fileNames.get(t.township) ?? t.township));
  const output = { files, figures: await auditTownshipFiles(setup.dir, files) };
  counted(awards.length);
  return output;
}

async function handle(request: WorkerRequest): Promise<StageOutput | undefined> {
  if (request.kind === "setup") {
    // no reply to a setup: what went wrong is the answer to the first task
    try {
      const parsed = parsePolicyText(request.setup.policyText);
      if (!parsed.ok) throw new Error("policy did not parse in the worker");
      context = { setup: request.setup, policy: parsed.value, fileNames: new Map(request.setup.fileNames) };
    } catch (err) {
      setupFailure = err;
    }
    return undefined;
  }
  if (setupFailure !== undefined) throw setupFailure;
  if (!context) throw new Error("worker task before its setup");
  return request.task.kind === "ledger-workbook" ? ledgerWorkbook(context) : township(context, request.task);
}

// one request at a time: the main thread sends a task only after the reply to the last one
let queue = Promise.resolve();
parentPort?.on("message", (request: WorkerRequest) => {
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
