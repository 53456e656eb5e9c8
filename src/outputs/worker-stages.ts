import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { LEDGER_FILE } from "./ledger.js";
import type { RunResult } from "./run-result.js";
import { townshipSheets } from "./stages.js";
import type { OutputStage, StageOutput } from "./write-run.js";

export type PlainResult = Omit<RunResult, "policy" | "awards" | "problems" | "budgetWarnings">;

/** What the township-sheet worker needs: the ledger on disk, the policy as written, the run's options. */
export interface WorkerJob {
  readonly dir: string;
  readonly ledgerPath: string;
  readonly policyText: string;
  readonly result: PlainResult;
  /** Townships in ledger order, so file names are assigned exactly as in one thread. */
  readonly townships: readonly string[];
}

const WORKER_FILE = fileURLToPath(new URL("./stage-worker.js", import.meta.url));
/** Below this many awards a worker's start-up costs more than it saves. */
const WORKER_THRESHOLD = 50_000;

/**
 * The township sheets in a worker thread when the run is large and the built worker exists (not
 * when running from TypeScript sources); otherwise in this thread. The files are the same either way.
 */
export function inWorker(policyText: string): OutputStage {
  const stage: OutputStage = async (result, dir) => {
    // PAYOUT_WORKERS=0 writes everything in this thread, =1 always uses the worker (for comparing bytes and timings)
    const mode = process.env.PAYOUT_WORKERS;
    const wanted = mode === "1" || (mode !== "0" && result.awards.length >= WORKER_THRESHOLD);
    if (!wanted || !existsSync(WORKER_FILE)) return townshipSheets(result, dir);
    const { policy: _p, awards, problems: _pr, budgetWarnings: _b, ...plain } = result;
    const townships: string[] = [];
    for (const a of awards) if (townships[townships.length - 1] !== a.township) townships.push(a.township);
    const job: WorkerJob = { dir, ledgerPath: join(dir, LEDGER_FILE), policyText, result: plain, townships };
    return new Promise<StageOutput>((resolve, reject) => {
      const worker = new Worker(WORKER_FILE, { workerData: job });
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => {
        if (code !== 0) reject(new Error(`写表线程异常退出(${code})`));
      });
    });
  };
  Object.defineProperty(stage, "name", { value: "township_sheets" });
  return stage;
}
