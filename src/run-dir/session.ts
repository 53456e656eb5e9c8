import { readdirSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { mkdir, readdir, rm, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, isAbsolute } from "node:path";
import { PayoutError } from "../errors.js";
import { fileError } from "../file-errors.js";
import { checkRunDirectory, sealRunDirectory } from "./checksums.js";
import { notReplaceable, probeMovable, restoreProbes } from "./probe.js";
import { onInterrupt } from "./interrupt.js";
import { acquireLock, processAlive } from "./lock.js";

/** What a command that writes a run directory asks for (run, reconcile, supplement …). */
export interface RunDirRequest {
  readonly outDir: string;
  readonly force: boolean;
  /** Every file the command reads: the output may not be, or hold, any of them. */
  readonly inputs: ReadonlyArray<string | undefined>;
  readonly command: string;
  readonly version: string;
  readonly clock: Date;
  /** One line for the clerk on stderr (a stale lock or temporary directory removed …). */
  readonly notice: (message: string) => void;
}

/** An output directory being written: files go to `tmp`; `commit` puts them in place, `abort` drops them. */
export interface RunDir {
  readonly outDir: string;
  readonly tmp: string;
  commit(year: number | null): Promise<void>;
  abort(): Promise<void>;
}

const SIBLING = /^\.(.+)\.(tmp|old)-(\d+)$/;

const tempName = (out: string, kind: "tmp" | "old", pid = process.pid): string => join(dirname(out), `.${basename(out)}.${kind}-${pid}`);

function real(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

function isWithin(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
}

/** Refuses an output that is the working folder (or above it), or that holds an input of this command. */
function checkPlace(req: RunDirRequest, out: string): void {
  if (dirname(out) === out || isWithin(real(process.cwd()), real(out))) {
    throw new PayoutError("bad-argument", `--out ${req.outDir} 是当前所在的文件夹(或它的上级),结果不能写在这里:请给一个新文件夹的名字,如 --out 2027年度`);
  }
  const realOut = real(out);
  for (const input of req.inputs) {
    if (input === undefined) continue;
    if (isWithin(real(input), realOut)) {
      throw new PayoutError(
        "output-holds-input",
        `输出目录 ${req.outDir} 里有本次要读取的文件 ${input}:结果不能写进存放输入文件的目录(--force 也不会替换它)。请把结果写到一个新目录,如 --out ${basename(out)}-新`,
        { path: input },
      );
    }
  }
}

/**
 * The earlier run a payout killed between the swap's two renames left beside `out` (`.NAME.old-PID`),
 * while `out` itself is missing; the next run into `out` puts it back (cleanStaleSiblings).
 */
export function movedAsideRun(out: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(dirname(resolve(out)));
  } catch {
    return undefined;
  }
  const name = names.sort().find((n) => {
    const m = SIBLING.exec(n);
    return m !== null && m[1] === basename(resolve(out)) && m[2] === "old" && !processAlive(Number(m[3]));
  });
  return name === undefined ? undefined : join(dirname(resolve(out)), name);
}

/** Temporary siblings left by a payout that no longer runs: a moved-aside old run is put back if nothing replaced it, the rest removed. */
async function cleanStaleSiblings(out: string, notice: (message: string) => void): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dirname(out));
  } catch {
    return;
  }
  for (const name of names.sort()) {
    const m = SIBLING.exec(name);
    if (!m || m[1] !== basename(out)) continue;
    const pid = Number(m[3]);
    if (pid !== process.pid && processAlive(pid)) continue;
    const path = join(dirname(out), name);
    const outExists = await stat(out).then(() => true, () => false);
    if (m[2] === "old" && !outExists) {
      renameSync(path, out);
      notice(`上次运行在替换 ${out} 时被中断,已把原来的结果放回原处`);
    } else {
      await rm(path, { recursive: true, force: true, maxRetries: 3 });
      notice(`已删除上次被中断的运行留下的临时目录 ${path}`);
    }
  }
}

/** An existing --out that is not empty is replaced only with --force, and only when it is a run directory exactly as payout left it. */
async function checkReplaceable(req: RunDirRequest, out: string): Promise<void> {
  let entries: string[];
  try {
    const st = await stat(out);
    if (!st.isDirectory()) throw new PayoutError("output-is-file", `输出位置 ${req.outDir} 是一个文件,不是目录:请换一个目录名`, { path: out });
    entries = await readdir(out);
  } catch (err) {
    if (err instanceof PayoutError) throw err;
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
    if ((err as NodeJS.ErrnoException).code === "ENOTDIR") throw new PayoutError("output-is-file", `输出位置 ${req.outDir} 的路径中有一段是文件:请换一个目录名`, { path: out });
    throw fileError(err, "输出目录", req.outDir, "read");
  }
  if (entries.length === 0) return;
  if (!req.force) {
    throw new PayoutError("output-not-empty", `输出目录 ${req.outDir} 已存在且不为空:请换一个新的目录名;如果它是 payout 上次写出的结果、要用这次的结果替换它,加 --force`, { path: out });
  }
  const check = await checkRunDirectory(out);
  if (check.ok) return;
  if (check.kind === "not-a-run") {
    throw new PayoutError("output-not-a-run", `输出目录 ${req.outDir} 不是 payout 写出的结果目录(${check.why}),--force 也不会替换它:请换一个新的目录名`, { path: out });
  }
  throw new PayoutError(
    "output-run-changed",
    `输出目录 ${req.outDir} 是 payout 写出的结果,但之后被改动过(${check.why}),--force 不会替换它,以免删掉您的文件:请把要保留的文件移走、或换一个新的目录名`,
    { path: out },
  );
}

/**
 * Opens `outDir` for writing (DESIGN §11.2): checks the place, takes the lock, removes what an
 * interrupted run left, checks an existing directory may be replaced, and makes the temporary sibling.
 */
export async function openRunDir(req: RunDirRequest): Promise<RunDir> {
  const out = resolve(req.outDir);
  checkPlace(req, out);
  try {
    await mkdir(dirname(out), { recursive: true });
  } catch (err) {
    throw fileError(err, "输出目录所在的文件夹", dirname(out), "write");
  }
  const release = acquireLock(out, req.clock, req.notice);
  const tmp = tempName(out, "tmp");
  // registered at once: a Ctrl-C while the old run is checked (hashing it takes a while) releases the lock too
  const stopCleanup = onInterrupt("remove", () => {
    rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
    release();
  });
  try {
    await cleanStaleSiblings(out, req.notice);
    restoreProbes(out, req.notice);
    await checkReplaceable(req, out);
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp);
  } catch (err) {
    stopCleanup();
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    release();
    throw err instanceof PayoutError ? err : fileError(err, "临时目录", tmp, "write");
  }
  let done = false;
  const finish = (): void => {
    done = true;
    stopCleanup();
    release();
  };
  return {
    outDir: req.outDir,
    tmp,
    async commit(year) {
      if (done) throw new PayoutError("internal", "run directory committed twice");
      await sealRunDirectory(tmp, { version: req.version, command: req.command, year });
      // from here on synchronous: a signal cannot arrive between moving the old run aside and putting the new one in place.
      // Only a kill by force can, and then --out is missing until the next run puts the old run back (cleanStaleSiblings).
      // No order of plain renames closes that gap: rename cannot replace a non-empty directory, and an atomic exchange
      // (Linux renameat2 RENAME_EXCHANGE) is neither in Node nor on Windows.
      let old: string | undefined;
      if (statSync(out, { throwIfNoEntry: false })) {
        probeMovable(out, req.outDir);
        old = tempName(out, "old");
        try {
          renameSync(out, old);
        } catch (err) {
          throw notReplaceable(err, req.outDir, "");
        }
      }
      try {
        renameSync(tmp, out);
      } catch (err) {
        if (old) {
          try {
            renameSync(old, out);
          } catch {
            throw new PayoutError("file-io", `新的结果未能放到 ${req.outDir},上次的结果暂时在 ${old}:下次向 ${req.outDir} 运行时会自动放回原处,也可以把它改名为 ${basename(out)}`, { path: old }, { cause: err });
          }
        }
        throw fileError(err, "输出目录", req.outDir, "write");
      }
      if (old) {
        try {
          rmSync(old, { recursive: true, force: true, maxRetries: 3 });
        } catch {
          req.notice(`新的结果已写好;上次结果的备份 ${old} 未能删净(其中有完整身份证号和账号):请关闭占用它的程序后删除它,或下次向 ${req.outDir} 运行时会自动删除`);
        }
      }
      finish();
    },
    async abort() {
      if (done) return;
      try {
        rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
      } finally {
        finish();
      }
    },
  };
}
