import { chmod, readdir, writeFile } from "node:fs/promises";
import { join, sep } from "node:path";
import { auditError, auditRun, rereadLedger, type AuditFigures } from "./audit.js";
import { writeLedger, LEDGER_FILE } from "./ledger.js";
import { writeProblems, PROBLEMS_FILE } from "./problems.js";
import type { RunResult } from "./run-result.js";
import { summaryJson, SUMMARY_FILE } from "./summary.js";
import type { WrittenFile } from "./written.js";
import { ZERO } from "../domain/money.js";
import { PayoutError } from "../errors.js";
import { actionOf, fileError, isFileSystemError } from "../file-errors.js";
import { growHeapWhileWriting } from "../gc.js";
import type { RunDir } from "../run-dir/index.js";
import type { LedgerSpan } from "../years/read-ledger.js";

export { CHECKSUM_FILE } from "../run-dir/index.js";

/** Whether something is at `outDir` already (the guided run asks before it starts; it never replaces). */
export async function checkOutDir(outDir: string): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(outDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    if ((err as NodeJS.ErrnoException).code === "ENOTDIR") throw new PayoutError("output-is-file", `输出位置 ${outDir} 是一个文件,不是目录`);
    throw err;
  }
  if (entries.length > 0) throw new PayoutError("output-not-empty", `输出目录 ${outDir} 已存在且不为空`);
}

export interface StageOutput {
  readonly files: WrittenFile[];
  readonly figures?: AuditFigures;
}
/** A stage writes its files into `dir`; `stop` aborts when the run failed elsewhere (a worker is terminated). */
export type OutputStage = (result: RunResult, dir: string, stop?: AbortSignal) => Promise<StageOutput>;

/** The ledger as written: its path and where each township's lines are. */
export interface LedgerLayout {
  readonly path: string;
  readonly spans: readonly LedgerSpan[];
}

/** A lane of outputs under way beside the main lane (in worker threads). */
export interface ParallelRun {
  /** Settles when the lane's own threads are done; rejects at their first failure. */
  readonly done: Promise<void>;
  /** This thread takes a share of what is left, once the main lane is done; resolves when nothing is left. */
  help(): Promise<void>;
  /** What the lane wrote, once `done` and `help` have settled. */
  output(): StageOutput;
  /** The lane re-reads the ledger for the self-audit (its output's figures.ledgerReread): this thread need not. */
  readonly readsLedger: boolean;
}

/** Told after each chunk of the ledger is on disk how many bytes are (`final`: all, the file is closed). */
export type LedgerWritten = (bytes: number, final: boolean) => void;

/** A lane's work begun with the ledger. */
export interface BegunWithLedger {
  readonly written: LedgerWritten;
  /** Settles when that work is done or stopped (a failed run removes its folder only then); never rejects. */
  readonly settled: Promise<void>;
}

export interface ParallelLane {
  readonly name: string;
  /** Called as the ledger is begun at `ledgerPath`: the lane may begin reading it, told how far it is written. */
  beforeLedger?(result: RunResult, dir: string, ledgerPath: string, stop: AbortSignal): BegunWithLedger | undefined;
  /** Starts once the ledger is written: the lane works from it. */
  start(result: RunResult, dir: string, ledger: LedgerLayout, stop: AbortSignal): ParallelRun;
}

/** Output stages: the main lane one after another, the parallel lane in worker threads meanwhile. */
export interface OutputLanes {
  readonly main: readonly OutputStage[];
  readonly parallel: ParallelLane;
}

/**
 * Writes every output into a temporary sibling directory, audits it, and renames it into place:
 * a failed run leaves no half-written directory.
 */
export async function writeRunDirectory(result: RunResult, runDir: RunDir, lanes: OutputLanes, timings?: Record<string, number>): Promise<WrittenFile[]> {
  const tmp = runDir.tmp;
  const stop = new AbortController();
  growHeapWhileWriting();
  let settled: Promise<unknown> = Promise.resolve();
  try {
    const t = (): number => performance.now() / 1000;
    let t0 = t();
    const written: WrittenFile[] = [];
    const ledgerPath = join(tmp, LEDGER_FILE);
    const begun = lanes.parallel.beforeLedger?.(result, tmp, ledgerPath, stop.signal);
    if (begun) settled = begun.settled;
    const { spans, ...ledgerFile } = await writeLedger(result, ledgerPath, begun?.written);
    written.push(ledgerFile);
    written.push(await writeProblems(result, join(tmp, PROBLEMS_FILE)));
    await writeFile(join(tmp, SUMMARY_FILE), summaryJson(result));
    written.push({ path: SUMMARY_FILE, total: ZERO, count: 0, sensitive: false });
    if (timings) timings.write_ledger = t() - t0;
    let figures: AuditFigures = {};
    const record = (name: string, r: StageOutput, seconds: number): void => {
      written.push(...r.files);
      figures = { ...figures, ...r.figures, crossErrors: [...(figures.crossErrors ?? []), ...(r.figures?.crossErrors ?? [])] };
      if (timings) {
        timings[`write_${name || "stage"}`] = seconds;
        timings[`rss_after_${name || "stage"}_mb`] = process.memoryUsage().rss / 2 ** 20;
      }
    };
    const parallelStart = t();
    const parallel = lanes.parallel.start(result, tmp, { path: ledgerPath, spans }, stop.signal);
    // a handler now, so a failing worker cannot go unobserved while the main lane runs
    settled = parallel.done.catch(() => undefined);
    // the self-audit's re-read of the ledger goes on meanwhile (it is awaited, and its errors raised,
    // at the end), here unless the parallel lane's reading of the ledger is that re-read
    const reread = parallel.readsLedger ? undefined : rereadLedger(tmp, result);
    reread?.catch(() => undefined);
    for (const stage of lanes.main) {
      t0 = t();
      record(stage.name, await stage(result, tmp), t() - t0);
    }
    await parallel.help();
    await parallel.done;
    record(lanes.parallel.name, parallel.output(), t() - parallelStart);
    t0 = t();
    const ledgerReread = reread ?? (figures.ledgerReread ? Promise.resolve(figures.ledgerReread) : Promise.reject(auditError([`${LEDGER_FILE} 没有读回(写表线程没有给出回读结果)`])));
    await auditRun(tmp, result, written, figures, ledgerReread);
    if (process.platform !== "win32") {
      for (const f of written) if (f.sensitive) await chmod(join(tmp, f.path), 0o600);
    }
    await runDir.commit(result.year);
    if (timings) timings.audit = t() - t0;
    return written;
  } catch (err) {
    // a worker still writing into the temporary directory is stopped before it is removed
    stop.abort();
    await settled;
    await runDir.abort();
    // a write to an open file fails without naming it (a disk filling up), and a file in the temporary
    // folder is gone with it: the clerk is told which output folder
    const inTmp = (path: string | undefined): boolean => path === undefined || path === tmp || path.startsWith(tmp + sep);
    throw isFileSystemError(err) && inTmp(err.path) ? fileError(err, "输出目录", runDir.outDir, actionOf(err)) : err;
  }
}
