import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { RunResult } from "./run-result.js";
import { auditTownshipFiles, ledgerWorkbook, townshipSheets } from "./stages.js";
import type { AuditFigures } from "./audit.js";
import { sum, type Fen } from "../domain/money.js";
import { uniqueFileNames } from "./file-names.js";
import { townshipSheets as townshipContent, writeTownshipWorkbook } from "./township-sheets.js";
import type { LedgerLayout, ParallelLane, ParallelRun, StageOutput } from "./write-run.js";
import type { LedgerSpan } from "../years/read-ledger.js";
import { onInterrupt } from "../run-dir/index.js";
import { COLLECT_FROM_AWARDS } from "../gc.js";
import { fromWorkerFailure, type WorkerFailure } from "../worker-failure.js";

export type PlainResult = Omit<RunResult, "policy" | "awards" | "problems" | "budgetWarnings">;

/** What every task of a run needs: the ledger on disk, the policy file's YAML as plain values, the run's options. */
export interface WorkerSetup {
  readonly dir: string;
  readonly ledgerPath: string;
  readonly policyData: unknown;
  readonly result: PlainResult;
  /** Collect garbage every so many awards (a large run), so a worker's heap stays small. */
  readonly collectEvery: number | undefined;
}

/**
 * One piece of work: 发放台账.xlsx from the whole ledger (read while it is written), or one
 * township's workbook from its lines, under its file name (unique and safe over all townships).
 */
export type WorkerTask = { readonly kind: "ledger-workbook" } | { readonly kind: "township"; readonly span: LedgerSpan; readonly fileName: string };
export type WorkerRequest =
  | { readonly kind: "setup"; readonly setup: WorkerSetup }
  | { readonly kind: "task"; readonly task: WorkerTask }
  /** How many bytes of the ledger are on disk; `final`: all of them, the file is closed. */
  | { readonly kind: "ledger-written"; readonly bytes: number; readonly final: boolean }
  /** End the thread at its next turn (see StageWorker.stop). */
  | { readonly kind: "stop" };
export type WorkerReply = { readonly ok: true; readonly output: StageOutput } | { readonly ok: false; readonly failure: WorkerFailure };

const WORKER_FILE = fileURLToPath(new URL("./stage-worker.js", import.meta.url));
/** Below this many awards a worker's start-up costs more than it saves. */
const WORKER_THRESHOLD = 50_000;
/**
 * In a large run (gc.ts COLLECT_FROM_AWARDS), the worker collects garbage every GC_EVERY awards
 * (memory, at a CPU cost). 1M rows, three runs each: every 10,000 awards 33.5–33.8 s, peak median
 * 902 MB; every 25,000 31.4–34.5 s, 876 MB; every 50,000 32.0–32.5 s, 917 MB. (Much of that cost
 * was marking what the self-audit's tally wrongly kept, see audit.ts `detached`; since then,
 * alternating on 1M rows: every 25,000 awards the large workbooks took 12.3–13.4 s, every 100,000
 * 11.8–12.7 s, never 11.2–12.0 s. Never collecting leaves the worker's garbage unbounded: RSS while
 * writing rose from ~740 to ~840 MB (sampled); every 100,000 keeps it near 740 MB.)
 */
const GC_EVERY = 100_000;
/** PAYOUT_WORKERS=0 writes everything in this thread, =1 always uses the workers (for comparing bytes and timings). */
const mode = (): string | undefined => process.env.PAYOUT_WORKERS;

/** How long a worker asked to stop may take before it is cut off (it answers between turns, within milliseconds). */
const STOP_GRACE_MS = 5000;

/**
 * The writing worker's young generation, in MB. What it allocates lives for a row or a chunk of the
 * ledger, yet V8 let its young generation grow as the main thread's does: 100,000 rows peaked ~20 MB
 * higher and touched ~7% more fresh pages (each a page fault: ~13 µs on the machine of issue 12's
 * twelfth round). Capped, the worker collects more often (109 -> 179 young collections at 100,000
 * rows) for the same time (164 -> 157 ms); a million rows are unchanged within the noise.
 */
const WORKER_YOUNG_MB = 8;

/** A worker thread that takes tasks one at a time; idle, it does not keep the process alive. */
class StageWorker {
  private readonly worker = new Worker(WORKER_FILE, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
  private pending: { resolve: (o: StageOutput) => void; reject: (e: unknown) => void } | undefined;
  private failed: Error | undefined;
  private readonly exited = new Promise<number>((resolve) => this.worker.once("exit", resolve));

  constructor() {
    this.worker.unref();
    this.worker.on("message", (reply: WorkerReply) => {
      const p = this.settle();
      if (reply.ok) p?.resolve(reply.output);
      else p?.reject(fromWorkerFailure(reply.failure));
    });
    this.worker.on("error", (err) => this.fail(err));
    this.worker.on("exit", (code) => this.fail(new Error(`写表线程异常退出(${code})`)));
  }

  private settle(): StageWorker["pending"] {
    const p = this.pending;
    this.pending = undefined;
    this.worker.unref();
    return p;
  }

  private fail(err: Error): void {
    this.failed ??= err;
    this.settle()?.reject(err);
  }

  send(request: WorkerRequest): void {
    this.worker.postMessage(request);
  }

  run(task: WorkerTask): Promise<StageOutput> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.ref();
      this.send({ kind: "task", task });
    });
  }

  /**
   * The worker is asked to end itself at its next turn of the event loop, and cut off only if it has
   * not within STOP_GRACE_MS. Cut off mid-statement, it could be inside a zlib stream's constructor
   * (every small zip entry makes one), and Node then aborted the whole process while freeing the
   * thread ("close before init", a native stack on the clerk's screen): seen once in CI, when a disk
   * filled up, and at once when a thread deflating in a loop is terminated at random moments.
   */
  async stop(): Promise<number> {
    this.failed ??= new Error("写表线程已停止");
    this.send({ kind: "stop" });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<number>((resolve) => {
      timer = setTimeout(() => void this.worker.terminate().then(resolve), STOP_GRACE_MS);
    });
    const code = await Promise.race([this.exited, late]);
    clearTimeout(timer);
    return code;
  }
}

/**
 * The worker thread for the large workbooks, started when the ledger is begun. One, not two:
 * with a second one taking townships, runs used more CPU (each thread loads its code and parses
 * its share of the ledger again, with its own garbage collection) on two cores already kept busy
 * by this thread and the first worker, and were slower: 100,000 rows 4.02–4.26 s against
 * 3.79–3.96 s, 1,000,000 rows 31.0 s against 28.7 s (50 against 45 CPU-s). (Started earlier, while
 * the roster was evaluated, it measured no faster: evaluation is short, and the worker has nothing
 * to read until the ledger is begun. Nor did writing the ledger while evaluating, households in
 * ledger order, so the worker had it to read: the second core is not idle then, V8's concurrent
 * marking and compiling use it, and evaluation took ~2.5 s longer at 1M rows for ~3 s gained later.)
 */
export class WorkerPool {
  private constructor(readonly worker: StageWorker) {}
  private readonly offInterrupt = onInterrupt("stop", () => this.close());

  static start(): WorkerPool {
    return new WorkerPool(new StageWorker());
  }

  /** The worker's exit code once closed: 0 when it ended itself, as asked; 1 when it had to be cut off. */
  exitCode: number | undefined;
  private closing: Promise<void> | undefined;

  /**
   * Stops the worker; every caller (a failed run, Ctrl-C) awaits the same stop, and Ctrl-C's cleanup
   * stays registered until the thread is gone: the process must not exit while it still runs.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.exitCode = await this.worker.stop();
      this.offInterrupt();
    })();
    return this.closing;
  }
}

/** The townships in the order they are handed out: largest first, so the threads finish about together. */
export function townshipQueue(spans: readonly LedgerSpan[]): LedgerSpan[] {
  return spans.map((s, i) => ({ s, i })).sort((a, b) => b.s.count - a.s.count || a.i - b.i).map(({ s }) => s);
}

/** The outputs of every task as one stage's, townships in ledger order: the files, the township totals added up. */
function combine(ledger: StageOutput | undefined, ordered: readonly StageOutput[]): StageOutput {
  const figures: AuditFigures[] = ordered.map((o) => o.figures ?? {});
  const township = figures.map((f) => f.townshipSheets).filter((v): v is Fen => v !== undefined);
  return {
    files: [...(ledger?.files ?? []), ...ordered.flatMap((o) => o.files)],
    figures: {
      ...(ledger?.figures?.ledgerWorkbook ? { ledgerWorkbook: ledger.figures.ledgerWorkbook } : {}),
      ...(ledger?.figures?.ledgerReread ? { ledgerReread: ledger.figures.ledgerReread } : {}),
      ...(township.length > 0 ? { townshipSheets: sum(township) } : {}),
      crossErrors: [...(ledger?.figures?.crossErrors ?? []), ...figures.flatMap((f) => f.crossErrors ?? [])],
    },
  };
}

/** One township's workbook written in this thread, from the awards in memory, and read back. */
async function townshipHere(result: RunResult, dir: string, span: LedgerSpan, fileName: string): Promise<StageOutput> {
  const part: RunResult = { ...result, awards: result.awards.slice(span.first, span.first + span.count) };
  const files = [];
  for (const t of townshipContent(part)) files.push(await writeTownshipWorkbook(part, dir, t, fileName));
  return { files, figures: await auditTownshipFiles(dir, files) };
}

/** Whether the run's awards list each township in one stretch (the ledger's spans; a sorted run's do). */
function townshipsContiguous(awards: RunResult["awards"]): boolean {
  const seen = new Set<string>();
  let last: string | undefined;
  for (const a of awards) {
    if (a.township === last) continue;
    if (seen.has(a.township)) return false;
    seen.add(a.township);
    last = a.township;
  }
  return true;
}

/** The worker and its 发放台账.xlsx under way, begun before the ledger is written. */
interface LedgerWorkbookRun {
  readonly pool: WorkerPool;
  /** Settles with 发放台账.xlsx written and read back; rejects if the worker fails. */
  readonly done: Promise<StageOutput>;
  /** Settles when 发放台账.xlsx is done, or the worker has stopped. */
  readonly settled: Promise<void>;
}

function beginLedgerWorkbook(result: RunResult, dir: string, ledgerPath: string, policyData: unknown, stop: AbortSignal): LedgerWorkbookRun {
  const pool = WorkerPool.start();
  stop.addEventListener("abort", () => void pool.close(), { once: true });
  const { policy: _p, awards, problems: _pr, budgetWarnings: _b, ...plain } = result;
  const setup: WorkerSetup = { dir, ledgerPath, policyData, result: plain, collectEvery: awards.length >= COLLECT_FROM_AWARDS ? GC_EVERY : undefined };
  pool.worker.send({ kind: "setup", setup });
  const done = pool.worker.run({ kind: "ledger-workbook" });
  // the worker is stopped (by `stop`, or here when it failed) before a failed run removes its folder
  const settled = done.then(() => undefined, () => pool.close());
  return { pool, done, settled };
}

/**
 * 发放台账.xlsx and the township payout workbooks, the largest outputs. In a large run the worker
 * begins 发放台账.xlsx when this thread begins the ledger (`beforeLedger`), reading each chunk of
 * the ledger from disk once it is written: the second core, idle while the ledger is written, is put
 * to work. Then the worker takes townships, largest first, one at a time; so does this thread once
 * its own outputs are written (`help`). A small run, or PAYOUT_WORKERS=0, writes them here. The
 * files are the same either way.
 */
export function largeWorkbooks(policyData: unknown): ParallelLane {
  let begun: LedgerWorkbookRun | undefined;
  const inWorker = (result: RunResult): boolean => {
    const wanted = mode() === "1" || (mode() !== "0" && result.awards.length >= WORKER_THRESHOLD);
    return wanted && townshipsContiguous(result.awards) && existsSync(WORKER_FILE);
  };
  return {
    name: "large_workbooks",
    beforeLedger(result, dir, ledgerPath, stop) {
      if (!inWorker(result)) return undefined;
      const run = beginLedgerWorkbook(result, dir, ledgerPath, policyData, stop);
      begun = run;
      return { written: (bytes, final) => run.pool.worker.send({ kind: "ledger-written", bytes, final }), settled: run.settled };
    },
    start(result, dir, ledger) {
      const run = begun;
      begun = undefined;
      // begun with the ledger (beforeLedger), or everything is written here
      if (run) return shared(result, dir, ledger, run);
      let output: StageOutput | undefined;
      const done = (async () => {
        const l = await ledgerWorkbook(result, dir);
        const t = await townshipSheets(result, dir);
        output = combine(l, [t]);
      })();
      return { done, help: async () => undefined, output: () => output ?? { files: [] }, readsLedger: false };
    },
  };
}

function shared(result: RunResult, dir: string, ledger: LedgerLayout, { pool, done: ledgerDone }: LedgerWorkbookRun): ParallelRun {
  const fileNames = uniqueFileNames(ledger.spans.map((s) => s.township));
  const fileName = (span: LedgerSpan): string => fileNames.get(span.township) ?? span.township;
  const queue = townshipQueue(ledger.spans);
  const townships: Array<{ span: LedgerSpan; output: StageOutput }> = [];
  let failed = false;
  const take = async (write: (span: LedgerSpan) => Promise<StageOutput>): Promise<void> => {
    for (let span = queue.shift(); span && !failed; span = queue.shift()) {
      try {
        townships.push({ span, output: await write(span) });
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const { worker } = pool;
  let ledgerOutput: StageOutput | undefined;
  const done = ledgerDone.then((o) => {
    ledgerOutput = o;
    return take((span) => worker.run({ kind: "township", span, fileName: fileName(span) }));
  }).then(
    () => pool.close(),
    async (err: unknown) => {
      failed = true;
      await pool.close();
      throw err;
    },
  );
  return {
    done,
    help: () => take((span) => townshipHere(result, dir, span, fileName(span))),
    // the worker writing 发放台账.xlsx re-reads the ledger for the self-audit as it goes
    readsLedger: true,
    // whoever wrote them, the files are listed as one thread lists them
    output: () => combine(ledgerOutput, [...townships].sort((a, b) => a.span.first - b.span.first).map((t) => t.output)),
  };
}
