import { linkSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { basename, dirname, join } from "node:path";
import { PayoutError } from "../errors.js";
import { fileError } from "../file-errors.js";

interface LockContent {
  readonly pid: number;
  readonly host: string;
  /** When the run began, local time as the clerk reads it: 2027-03-05 14:02:11. */
  readonly started: string;
}

/** The lock file of an output directory: a sibling, so it survives the directory being replaced. */
export function lockPath(outDir: string): string {
  return join(dirname(outDir), `.${basename(outDir)}.payout-lock`);
}

/** Whether a process with this id is running on this machine (EPERM: it runs, as another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function localTime(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

function readLock(path: string): LockContent | undefined {
  try {
    const c = JSON.parse(readFileSync(path, "utf8")) as Partial<LockContent>;
    if (typeof c.pid === "number" && typeof c.started === "string") return { pid: c.pid, host: c.host ?? "", started: c.started };
  } catch {
    // unreadable or half-written: treated as another run's lock being written right now
  }
  return undefined;
}

/** Creates the lock whole or not at all: written aside, then linked into place (a link fails if the lock exists). */
function tryCreate(path: string, content: LockContent): boolean {
  const aside = `${path}.${process.pid}`;
  try {
    writeFileSync(aside, JSON.stringify(content), { mode: 0o600 });
    try {
      linkSync(aside, path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST") throw err;
      // a file system without hard links (FAT on a USB stick): create it exclusively instead
      writeFileSync(path, JSON.stringify(content), { mode: 0o600, flag: "wx" });
    }
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw fileError(err, "输出目录所在的文件夹", dirname(path), "write"); // the lock is the first file made there
  } finally {
    rmSync(aside, { force: true });
  }
}

/**
 * Takes the lock of `outDir` or refuses at once, naming when the other run began. A lock left by a
 * process that no longer runs (killed, power cut) is removed, with a notice.
 */
export function acquireLock(outDir: string, clock: Date, notice: (message: string) => void): () => void {
  const path = lockPath(outDir);
  const mine: LockContent = { pid: process.pid, host: hostname(), started: localTime(clock) };
  for (let attempt = 0; attempt < 2; attempt++) {
    if (tryCreate(path, mine)) {
      return () => {
        try {
          if (readLock(path)?.pid === process.pid) unlinkSync(path);
        } catch {
          // already gone
        }
      };
    }
    const other = readLock(path);
    const stale = other !== undefined && other.host === mine.host && !processAlive(other.pid);
    if (!stale || attempt > 0) {
      const who = other ? `(进程 ${other.pid}${other.host && other.host !== mine.host ? `,电脑 ${other.host}` : ""},开始于 ${other.started})` : "";
      throw new PayoutError(
        "output-busy",
        `另一个 payout 正在向 ${outDir} 写结果${who}:请等它结束后再运行。如果确定没有别的 payout 在运行(例如电脑曾断电),删除锁文件 ${path} 后重试`,
        { path },
      );
    }
    notice(`上次向 ${outDir} 写结果的 payout(进程 ${other.pid},开始于 ${other.started})已不在运行,已删除它留下的锁文件`);
    try {
      unlinkSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw fileError(err, "输出目录的锁文件", path, "write");
    }
  }
  throw new PayoutError("internal", "lock: unreachable");
}
