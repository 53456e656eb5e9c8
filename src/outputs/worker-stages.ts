import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { LEDGER_FILE } from "./ledger.js";
import type { RunResult } from "./run-result.js";
import { ledgerWorkbook, townshipSheets } from "./stages.js";
import type { OutputStage, StageOutput } from "./write-run.js";
import { onInterrupt } from "../run-dir/index.js";
import { PayoutError, type PayoutErrorCode, type PayoutErrorFacts } from "../errors.js";

export type PlainResult = Omit<RunResult, "policy" | "awards" | "problems" | "budgetWarnings">;

/** The outputs a worker thread writes from the ledger on disk. */
export type WorkerKind = "township_sheets" | "ledger_workbook";
const IN_THREAD: Record<WorkerKind, OutputStage> = { township_sheets: townshipSheets, ledger_workbook: ledgerWorkbook };

/** What a worker needs: the ledger on disk, the policy as written, the run's options. */
export interface WorkerJob {
  readonly kind: WorkerKind;
  readonly dir: string;
  readonly ledgerPath: string;
  readonly policyText: string;
  readonly result: PlainResult;
  /** Townships in ledger order, so file names are assigned exactly as in one thread. */
  readonly townships: readonly string[];
}

/** An error of the worker thread, as plain data: a PayoutError's code and facts, or a file-system error's errno. */
export interface WorkerFailure {
  readonly message: string;
  readonly stack?: string | undefined;
  readonly payoutCode?: PayoutErrorCode | undefined;
  readonly facts?: PayoutErrorFacts | undefined;
  readonly errno?: { readonly code: string; readonly syscall?: string | undefined; readonly path?: string | undefined } | undefined;
}
export type WorkerReply = { readonly ok: true; readonly output: StageOutput } | { readonly ok: false; readonly failure: WorkerFailure };

export function workerFailure(err: unknown): WorkerFailure {
  if (err instanceof PayoutError) return { message: err.message, stack: err.stack, payoutCode: err.code, facts: { ...err.facts, problems: undefined } };
  const e = err as NodeJS.ErrnoException;
  if (err instanceof Error && typeof e.code === "string") return { message: err.message, stack: err.stack, errno: { code: e.code, syscall: e.syscall, path: e.path } };
  return { message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined };
}

function fromWorkerFailure(f: WorkerFailure): Error {
  if (f.payoutCode) return Object.assign(new PayoutError(f.payoutCode, f.message, f.facts), { stack: f.stack });
  const err = Object.assign(new Error(f.message), f.errno ?? {});
  if (f.stack) err.stack = f.stack;
  return err;
}

const WORKER_FILE = fileURLToPath(new URL("./stage-worker.js", import.meta.url));
/** Below this many awards a worker's start-up costs more than it saves. */
const WORKER_THRESHOLD = 50_000;

/**
 * The stage `kind` in a worker thread when the run is large and the built worker exists (not when
 * running from TypeScript sources); otherwise in this thread. The files are the same either way.
 */
export function inWorker(kind: WorkerKind, policyText: string): OutputStage {
  const stage: OutputStage = async (result, dir, stop) => {
    // PAYOUT_WORKERS=0 writes everything in this thread, =1 always uses the worker (for comparing bytes and timings)
    const mode = process.env.PAYOUT_WORKERS;
    const wanted = mode === "1" || (mode !== "0" && result.awards.length >= WORKER_THRESHOLD);
    if (!wanted || !existsSync(WORKER_FILE)) return IN_THREAD[kind](result, dir);
    const { policy: _p, awards, problems: _pr, budgetWarnings: _b, ...plain } = result;
    const townships: string[] = [];
    for (const a of awards) if (townships[townships.length - 1] !== a.township) townships.push(a.township);
    const job: WorkerJob = { kind, dir, ledgerPath: join(dir, LEDGER_FILE), policyText, result: plain, townships };
    return new Promise<StageOutput>((resolve, reject) => {
      const worker = new Worker(WORKER_FILE, { workerData: job });
      // Ctrl-C, or a failure in the main lane: the worker stops before the temporary directory is removed
      const terminate = async (): Promise<void> => void (await worker.terminate());
      const offInterrupt = onInterrupt("stop", terminate);
      stop?.addEventListener("abort", () => void terminate(), { once: true });
      worker.once("exit", offInterrupt);
      worker.once("message", (reply: WorkerReply) => (reply.ok ? resolve(reply.output) : reject(fromWorkerFailure(reply.failure))));
      worker.once("error", reject);
      worker.once("exit", (code) => {
        if (code !== 0) reject(new Error(`写表线程异常退出(${code})`));
      });
    });
  };
  Object.defineProperty(stage, "name", { value: kind });
  return stage;
}
