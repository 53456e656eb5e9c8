import { existsSync, readdirSync, renameSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { PayoutError } from "../errors.js";
import { fileError } from "../file-errors.js";
import { MARKER_FILE } from "./marker.js";

// Whether the old run may be replaced is found out before anything of it moves (DESIGN §11.2: the old
// run is kept until the new one stands; on any failure it is restored).

/** A file of the old run moved for a moment to see whether it may be moved (see probeMovable). */
const PROBE = /^(.+)\.payout-probe-\d+$/;

/**
 * The old run cannot be replaced: one of its files (or the folder) is held open — on Windows by Excel
 * or WPS, which lets no one move or delete the file — or may not be moved (Linux `chattr +i`, no
 * permission). Nothing has moved yet when this is thrown.
 */
export function notReplaceable(err: unknown, outDir: string, file: string): PayoutError {
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  const which = file === "" ? `结果目录 ${outDir}` : `${outDir} 中的 ${file}`;
  const kept = "上次的结果原样保留,本次没有写出任何结果";
  switch (errno) {
    case "EPERM":
    case "EBUSY":
    case "ETXTBSY":
      return new PayoutError("file-busy", `无法替换上次的结果:${which} 正被其他程序占用、不能移动或删除(是否在 Excel 或 WPS 中打开着?)。请关闭它(或打开了这个文件夹的窗口)后重新运行;${kept}`, { path: outDir }, { cause: err });
    case "EACCES":
      return new PayoutError("file-denied", `无法替换上次的结果:没有权限移动或删除 ${which}。请检查这个文件夹的权限,或换一个新的 --out 目录;${kept}`, { path: outDir }, { cause: err });
    default:
      return fileError(err, "上次的结果目录", outDir, "write");
  }
}

/**
 * Before the old run is moved aside: every file and folder in it is renamed and at once renamed back
 * (deepest first). A file that Excel holds open on Windows, or one marked immutable on Linux, cannot be
 * renamed, nor deleted: this finds it while nothing has moved, so the old run stays whole and the clerk
 * is told which file to close — instead of finding it only when the old run is half deleted.
 */
export function probeMovable(out: string, outDir: string): void {
  const walk = (dir: string, rel: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      throw notReplaceable(err, outDir, rel);
    }
    for (const e of entries) {
      const path = join(dir, e.name);
      const name = rel === "" ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) walk(path, name);
      const probe = `${path}.payout-probe-${process.pid}`;
      try {
        renameSync(path, probe);
      } catch (err) {
        // a name near the file system's limit cannot take the suffix: that one file is not probed
        if ((err as NodeJS.ErrnoException).code === "ENAMETOOLONG") continue;
        throw notReplaceable(err, outDir, name);
      }
      try {
        renameSync(probe, path);
      } catch (err) {
        throw new PayoutError("file-io", `检查上次的结果时,${outDir} 中的 ${name} 被临时改名为 ${basename(probe)} 后未能改回:请把它改回原名(下次向 ${outDir} 运行时也会自动改回)`, { path: probe }, { cause: err });
      }
    }
  };
  walk(out, "");
}

/** A payout killed between the two renames of probeMovable left one file under a probe name: it gets its name back. */
export function restoreProbes(out: string, notice: (message: string) => void): void {
  let top: string[];
  try {
    top = readdirSync(out);
  } catch {
    return;
  }
  // only a run directory is ever probed; a large folder that is not one is not walked
  if (!top.some((n) => n === MARKER_FILE || n.startsWith(`${MARKER_FILE}.payout-probe-`))) return;
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, e.name);
      const m = PROBE.exec(e.name);
      const original = m ? join(dir, m[1] ?? "") : path;
      if (m && !existsSync(original)) {
        renameSync(path, original);
        notice(`上次运行在检查 ${out} 时被中断,已把其中的 ${relative(out, original)} 改回原名`);
      }
      if (e.isDirectory()) walk(original);
    }
  };
  walk(out);
}
