import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { LEDGER_FILE } from "./ledger.js";
import type { RunResult } from "./run-result.js";
import { ledgerWorkbook, townshipSheets } from "./stages.js";
import type { AuditFigures } from "./audit.js";
import { sum, type Fen } from "../domain/money.js";
import type { OutputStage, StageOutput } from "./write-run.js";
import { onInterrupt } from "../run-dir/index.js";
import { PayoutError, type PayoutErrorCode, type PayoutErrorFacts } from "../errors.js";

export type PlainResult = Omit<RunResult, "policy" | "awards" | "problems" | "budgetWarnings">;

/** What a worker needs: the ledger on disk, the policy as written, the run's options, and its share. */
export interface WorkerJob {
  readonly dir: string;
  readonly ledgerPath: string;
  readonly policyText: string;
  readonly result: PlainResult;
  /** Townships in ledger order, so file names are assigned exactly as in one thread. */
  readonly townships: readonly string[];
  /** The townships whose payout workbooks this worker writes. */
  readonly mine: readonly string[];
  /** Whether this worker writes 发放台账.xlsx. */
  readonly ledgerWorkbook: boolean;
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
 * 发放台账.xlsx's cost per award against a township workbook's: measured ~1.0 s against ~1.8 s of
 * CPU for the 70,000 awards of a 100,000-row bench county.
 */
const LEDGER_WORKBOOK_WEIGHT = 0.55;

export interface WorkerShare {
  readonly ledgerWorkbook: boolean;
  readonly mine: readonly string[];
}

/**
 * The two workers' shares: 发放台账.xlsx to the first, then each township, largest first, to the
 * one with less to do, so both finish about together (one worker doing all townships finished
 * last, well after the other).
 */
export function shareWork(awardsPerTownship: ReadonlyArray<readonly [string, number]>): WorkerShare[] {
  const total = awardsPerTownship.reduce((n, [, c]) => n + c, 0);
  const lanes = [
    { ledgerWorkbook: true, mine: [] as string[], load: total * LEDGER_WORKBOOK_WEIGHT },
    { ledgerWorkbook: false, mine: [] as string[], load: 0 },
  ];
  const largestFirst = awardsPerTownship.map(([t, n], i) => ({ t, n, i })).sort((a, b) => b.n - a.n || a.i - b.i);
  for (const { t, n } of largestFirst) {
    const lane = lanes.reduce((a, b) => (b.load < a.load ? b : a));
    lane.mine.push(t);
    lane.load += n;
  }
  return lanes.map(({ ledgerWorkbook: l, mine }) => ({ ledgerWorkbook: l, mine }));
}

/** The outputs of both shares as one stage's: the files in order, the township totals added up. */
function combine(outputs: readonly StageOutput[]): StageOutput {
  const figures: AuditFigures[] = outputs.map((o) => o.figures ?? {});
  const township = figures.map((f) => f.townshipSheets).filter((v): v is Fen => v !== undefined);
  return {
    files: outputs.flatMap((o) => o.files),
    figures: {
      ledgerWorkbook: figures.find((f) => f.ledgerWorkbook)?.ledgerWorkbook,
      ...(township.length > 0 ? { townshipSheets: sum(township) } : {}),
      crossErrors: figures.flatMap((f) => f.crossErrors ?? []),
    },
  };
}

function runWorker(job: WorkerJob, stop: AbortSignal | undefined): Promise<StageOutput> {
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
}

/**
 * 发放台账.xlsx and the township payout workbooks, the largest outputs: shared between two worker
 * threads when the run is large and the built worker exists (not when running from TypeScript
 * sources); otherwise written in this thread. The files are the same either way.
 */
export function largeWorkbooks(policyText: string): OutputStage {
  const stage: OutputStage = async (result, dir, stop) => {
    // PAYOUT_WORKERS=0 writes everything in this thread, =1 always uses the workers (for comparing bytes and timings)
    const mode = process.env.PAYOUT_WORKERS;
    const wanted = mode === "1" || (mode !== "0" && result.awards.length >= WORKER_THRESHOLD);
    if (!wanted || !existsSync(WORKER_FILE)) return combine([await ledgerWorkbook(result, dir), await townshipSheets(result, dir)]);
    const { policy: _p, awards, problems: _pr, budgetWarnings: _b, ...plain } = result;
    const counts: Array<[string, number]> = [];
    for (const a of awards) {
      const last = counts[counts.length - 1];
      if (last && last[0] === a.township) last[1]++;
      else counts.push([a.township, 1]);
    }
    const townships = counts.map(([t]) => t);
    const shares = shareWork(counts).filter((s) => s.ledgerWorkbook || s.mine.length > 0);
    const outputs = await Promise.all(shares.map((share) => runWorker({ dir, ledgerPath: join(dir, LEDGER_FILE), policyText, result: plain, townships, ...share }, stop)));
    return combine(outputs);
  };
  Object.defineProperty(stage, "name", { value: "large_workbooks" });
  return stage;
}
