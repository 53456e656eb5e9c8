import { PayoutError, type PayoutErrorCode } from "./errors.js";

/**
 * A file-system failure said for the clerk: what happened to which file, and what to do about it.
 * `what` names the file's role ("花名册", "政策文件", "输出目录" …); `action` whether we were reading or writing.
 */
export function fileError(err: unknown, what: string, path: string, action: "read" | "write" = "read"): PayoutError {
  const errno = (err as NodeJS.ErrnoException | undefined)?.code;
  const where = path ? `${what} ${path}` : what;
  const verb = action === "read" ? "读取" : "写入";
  const say = (code: PayoutErrorCode, message: string): PayoutError => new PayoutError(code, message, { path }, { cause: err });
  switch (errno) {
    case "ENOENT":
      return action === "read"
        ? say("file-not-found", `找不到${where}:请检查文件名和所在的文件夹(可以把文件拖进命令行窗口,得到它的完整路径)`)
        : say("file-not-found", `无法${verb}${where}:它所在的文件夹不存在或在写入时被移走了,请检查路径后重新运行`);
    case "EISDIR":
      return say("file-is-directory", `${where} 是一个文件夹,不是文件:请给出文件夹里的那个文件`);
    case "ENOTDIR":
      return say("file-not-found", `${where} 的路径中有一段是文件而不是文件夹:请检查路径`);
    case "EACCES":
    case "EPERM":
      return say("file-denied", `没有权限${verb}${where}:如果它正在 Excel 或 WPS 中打开,请先关闭再运行;否则请检查该文件(夹)的权限或换一个位置`);
    case "EBUSY":
    case "ETXTBSY":
      return say("file-busy", `${where} 正被其他程序占用(是否在 Excel 或 WPS 中打开着?):请关闭后重新运行`);
    case "ENOSPC":
    case "EDQUOT":
      return say("disk-full", `磁盘空间不足,${verb}${where} 失败:请清理磁盘,或把 --out 换到空间足够的磁盘后重新运行`);
    case "ENAMETOOLONG":
      return say("name-too-long", `路径太长,无法${verb}:${where}:请换一个较短的文件夹或文件名`);
    case "EROFS":
      return say("file-denied", `${where} 所在的磁盘是只读的,无法${verb}:请换一个可写的位置`);
    case "EMFILE":
    case "ENFILE":
      return say("file-io", `同时打开的文件太多,${verb}${where} 失败:请关闭其他程序后重新运行`);
    case "ELOOP":
      return say("file-io", `${where} 是循环的快捷方式(符号链接):请给出真实的文件`);
    case "EEXIST":
      return say("output-exists", `${where} 已存在`);
    default:
      return say("file-io", `${verb}${where} 时出错(${errno ?? (err instanceof Error ? err.message : String(err))}):请检查该文件和磁盘后重新运行`);
  }
}

/** True for errors raised by the file system (they carry an errno code), as opposed to our own bugs. */
export function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).code === "string" && typeof (err as NodeJS.ErrnoException).syscall === "string";
}

const WRITING_CALLS = new Set(["write", "mkdir", "rename", "unlink", "rmdir", "rm", "copyfile", "symlink", "link", "chmod", "ftruncate", "fsync", "close", "utime"]);

/** Whether a file-system error came from writing (by its system call, or a full or read-only disk) or from reading. */
export function actionOf(err: NodeJS.ErrnoException): "read" | "write" {
  return WRITING_CALLS.has(err.syscall ?? "") || ["ENOSPC", "EDQUOT", "EROFS"].includes(err.code ?? "") ? "write" : "read";
}
