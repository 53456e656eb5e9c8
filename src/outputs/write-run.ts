import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { chmod, mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { auditRun, type AuditFigures } from "./audit.js";
import { writeLedger, LEDGER_FILE } from "./ledger.js";
import { writeProblems, PROBLEMS_FILE } from "./problems.js";
import type { RunResult } from "./run-result.js";
import { summaryJson, SUMMARY_FILE } from "./summary.js";
import type { WrittenFile } from "./written.js";
import { ZERO } from "../domain/money.js";
import { PayoutError } from "../errors.js";

export const CHECKSUM_FILE = "校验值.sha256";

/** Refuses an existing non-empty --out, unless --force and it holds an earlier run (运行摘要.json). */
export async function checkOutDir(outDir: string, force: boolean, marker: string = SUMMARY_FILE): Promise<void> {
  let entries: string[];
  try {
    entries = await readdir(outDir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    if ((err as NodeJS.ErrnoException).code === "ENOTDIR") throw new PayoutError("output-is-file", `输出位置 ${outDir} 是一个文件,不是目录`);
    throw err;
  }
  if (entries.length === 0) return;
  if (!force) throw new PayoutError("output-not-empty", `输出目录 ${outDir} 已存在且不为空:换一个目录,或加 --force 覆盖上次运行的结果`);
  if (!entries.includes(marker)) throw new PayoutError("output-not-a-run", `输出目录 ${outDir} 不是 payout 上次运行的结果(没有 ${marker}),--force 也不会覆盖它`);
}

export interface StageOutput {
  readonly files: WrittenFile[];
  readonly figures?: AuditFigures;
}
export type OutputStage = (result: RunResult, dir: string) => Promise<StageOutput>;

/** Output stages: the main lane one after another, the parallel lane in worker threads meanwhile. */
export interface OutputLanes {
  readonly main: readonly OutputStage[];
  readonly parallel: readonly OutputStage[];
}

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const full = join(dir, name);
    if ((await stat(full)).isDirectory()) out.push(...(await listFiles(full, `${prefix}${name}/`)));
    else out.push(`${prefix}${name}`);
  }
  return out;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function codePointSort(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A fresh temporary sibling of `outDir`, to write into before the rename. */
export async function tempSibling(outDir: string): Promise<string> {
  const parent = dirname(outDir);
  await mkdir(parent, { recursive: true });
  const tmp = join(parent, `.${basename(outDir)}.tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp);
  return tmp;
}

/** Puts `tmp` in place of `outDir`; an earlier directory there is moved aside first and removed last. */
export async function replaceDirectory(tmp: string, outDir: string): Promise<void> {
  let old: string | undefined;
  try {
    await stat(outDir);
    old = join(dirname(outDir), `.${basename(outDir)}.old-${process.pid}`);
    await rename(outDir, old);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  await rename(tmp, outDir);
  if (old) await rm(old, { recursive: true, force: true });
}

/**
 * Writes every output into a temporary sibling directory, audits it, and renames it into place:
 * a failed run leaves no half-written directory.
 */
export async function writeRunDirectory(result: RunResult, outDir: string, force: boolean, lanes: OutputLanes, timings?: Record<string, number>): Promise<WrittenFile[]> {
  await checkOutDir(outDir, force);
  const tmp = await tempSibling(outDir);
  try {
    const t = (): number => performance.now() / 1000;
    let t0 = t();
    const written: WrittenFile[] = [];
    written.push(await writeLedger(result, join(tmp, LEDGER_FILE)));
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
      return { stage, r: await stage(result, tmp), seconds: t() - start };
    });
    // attach handlers now, so a failing worker cannot go unobserved while the main lane runs
    const settled = Promise.allSettled(parallel);
    for (const stage of lanes.main) {
      t0 = t();
      record(stage, await stage(result, tmp), t() - t0);
    }
    for (const p of await settled) {
      if (p.status === "rejected") throw p.reason;
      record(p.value.stage, p.value.r, p.value.seconds);
    }
    t0 = t();
    await auditRun(tmp, result, written, figures);
    const files = (await listFiles(tmp)).sort(codePointSort);
    let sums = "";
    for (const f of files) sums += `${await sha256Of(join(tmp, f))}  ${f}\n`;
    await writeFile(join(tmp, CHECKSUM_FILE), sums);
    if (process.platform !== "win32") {
      for (const f of written) if (f.sensitive) await chmod(join(tmp, f.path), 0o600);
    }
    if (timings) timings.audit = t() - t0;
    await replaceDirectory(tmp, outDir);
    return written;
  } catch (err) {
    await rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
