import { chmod, readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { auditRun, rereadLedger, type AuditFigures } from "./audit.js";
import { writeLedger, LEDGER_FILE } from "./ledger.js";
import { writeProblems, PROBLEMS_FILE } from "./problems.js";
import type { RunResult } from "./run-result.js";
import { summaryJson, SUMMARY_FILE } from "./summary.js";
import type { WrittenFile } from "./written.js";
import { ZERO } from "../domain/money.js";
import { PayoutError } from "../errors.js";
import type { RunDir } from "../run-dir/index.js";

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

/** Output stages: the main lane one after another, the parallel lane in worker threads meanwhile. */
export interface OutputLanes {
  readonly main: readonly OutputStage[];
  readonly parallel: readonly OutputStage[];
}

/**
 * Writes every output into a temporary sibling directory, audits it, and renames it into place:
 * a failed run leaves no half-written directory.
 */
export async function writeRunDirectory(result: RunResult, runDir: RunDir, lanes: OutputLanes, timings?: Record<string, number>): Promise<WrittenFile[]> {
  const tmp = runDir.tmp;
  const stop = new AbortController();
  let settled: Promise<unknown> = Promise.resolve();
  try {
    const t = (): number => performance.now() / 1000;
    let t0 = t();
    const written: WrittenFile[] = [];
    written.push(await writeLedger(result, join(tmp, LEDGER_FILE)));
    // the self-audit's re-read of the ledger goes on meanwhile (it is awaited, and its errors raised, at the end)
    const reread = rereadLedger(tmp, result);
    reread.catch(() => undefined);
    written.push(await writeProblems(result, join(tmp, PROBLEMS_FILE)));
    await writeFile(join(tmp, SUMMARY_FILE), summaryJson(result));
    written.push({ path: SUMMARY_FILE, total: ZERO, count: 0, sensitive: false });
    if (timings) timings.write_ledger = t() - t0;
    let figures: AuditFigures = {};
    const record = (stage: OutputStage, r: StageOutput, seconds: number): void => {
      written.push(...r.files);
      figures = { ...figures, ...r.figures, crossErrors: [...(figures.crossErrors ?? []), ...(r.figures?.crossErrors ?? [])] };
      if (timings) {
        timings[`write_${stage.name || "stage"}`] = seconds;
        timings[`rss_after_${stage.name || "stage"}_mb`] = process.memoryUsage().rss / 2 ** 20;
      }
    };
    const parallel = lanes.parallel.map(async (stage) => {
      const start = t();
      return { stage, r: await stage(result, tmp, stop.signal), seconds: t() - start };
    });
    // attach handlers now, so a failing worker cannot go unobserved while the main lane runs
    const parallelDone = Promise.allSettled(parallel);
    settled = parallelDone;
    for (const stage of lanes.main) {
      t0 = t();
      record(stage, await stage(result, tmp), t() - t0);
    }
    for (const p of await parallelDone) {
      if (p.status === "rejected") throw p.reason;
      record(p.value.stage, p.value.r, p.value.seconds);
    }
    t0 = t();
    await auditRun(tmp, result, written, figures, reread);
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
    throw err;
  }
}
