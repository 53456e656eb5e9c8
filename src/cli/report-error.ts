import { PayoutError } from "../errors.js";
import { actionOf, fileError, isFileSystemError } from "../file-errors.js";
import { err as colour } from "./colour.js";
import { EXIT_CODE_OF } from "./exit.js";

/** Any full ID number or account that slipped into an error text (a library's message) is cut to its tail. */
function maskDigits(text: string): string {
  return text.replace(/(?<!\d)\d{11,}(\d{4}|\d{3}[Xx])(?!\d)/g, (_m, tail: string) => `****${tail}`);
}

/** The error said for the clerk, or an internal one: a PayoutError as it is, a file-system error in words. */
export function asPayoutError(err: unknown): PayoutError | undefined {
  if (err instanceof PayoutError) return err;
  if (isFileSystemError(err)) {
    const path = err.path ?? (err as { dest?: string }).dest ?? "";
    return fileError(err, "文件", path, actionOf(err));
  }
  return undefined;
}

/**
 * Prints one error and returns the exit code (from the one table in exit.ts). A stack trace only with
 * --debug; an unexpected error says it is a bug, with its message but no stack.
 */
export function reportError(err: unknown, debug: boolean): number {
  const known = asPayoutError(err);
  const stack = (e: unknown): string => {
    let out = "";
    for (let c: unknown = e, depth = 0; c instanceof Error && depth < 5; c = c.cause, depth++) {
      out += `${depth > 0 ? "起因:" : ""}${maskDigits(c.stack ?? c.message)}\n`;
    }
    return out;
  };
  if (known) {
    process.stderr.write(`${colour.red("错误")}:${maskDigits(known.message)}\n`);
    if (debug) process.stderr.write(stack(err));
    return EXIT_CODE_OF[known.code];
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(
    `${colour.red("内部错误")}:${maskDigits(message)}\n` +
      "这是 payout 的程序缺陷,不是您的操作问题;本次没有写出任何结果。请把这段信息和所用的命令报告给维护者" +
      "(加 --debug 重新运行可显示详细的调试信息)。\n",
  );
  if (debug) process.stderr.write(stack(err));
  return EXIT_CODE_OF.internal;
}
