import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { AuditFigures } from "./audit.js";
import { LEDGER_FILE } from "./ledger.js";
import type { RunResult } from "./run-result.js";
import { notices, townshipSheets } from "./stages.js";
import type { OutputStage } from "./write-run.js";
import type { WrittenFile } from "./written.js";

/** Stages that can run in a worker thread: they need only the ledger, the policy and the run's options. */
export const WORKER_STAGES = { township_sheets: townshipSheets, notices } as const;
export type WorkerStageName = keyof typeof WORKER_STAGES;

type PlainResult = Omit<RunResult, "policy" | "awards" | "problems" | "budgetWarnings">;

export interface WorkerJob {
  readonly stage: WorkerStageName;
  readonly dir: string;
  readonly ledgerPath: string;
  readonly policyText: string;
  readonly result: PlainResult;
}

const WORKER_FILE = fileURLToPath(new URL("./stage-worker.js", import.meta.url));
/** Below this many awards a worker's start-up costs more than it saves. */
const WORKER_THRESHOLD = 50_000;

/**
 * Runs a stage in a worker thread when the run is large and the built worker exists (not when
 * running from TypeScript sources); otherwise in this thread. The files are the same either way.
 */
export function inWorker(name: WorkerStageName, policyText: string): OutputStage {
  const inThread = WORKER_STAGES[name];
  const stage: OutputStage = async (result, dir) => {
    // PAYOUT_WORKERS=0 writes everything in this thread, =1 always uses the worker (for comparing bytes and timings)
    const mode = process.env.PAYOUT_WORKERS;
    const wanted = mode === "1" || (mode !== "0" && result.awards.length >= WORKER_THRESHOLD);
    if (!wanted || !existsSync(WORKER_FILE)) return inThread(result, dir);
    const { policy: _p, awards: _a, problems: _pr, budgetWarnings: _b, ...plain } = result;
    const job: WorkerJob = { stage: name, dir, ledgerPath: join(dir, LEDGER_FILE), policyText, result: plain };
    return new Promise<{ files: WrittenFile[]; figures?: AuditFigures }>((resolve, reject) => {
      const worker = new Worker(WORKER_FILE, { workerData: job });
      worker.once("message", resolve);
      worker.once("error", reject);
      worker.once("exit", (code) => {
        if (code !== 0) reject(new Error(`写表线程异常退出(${code})`));
      });
    });
  };
  Object.defineProperty(stage, "name", { value: name });
  return stage;
}
