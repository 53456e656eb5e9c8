import { PayoutError, type PayoutErrorCode, type PayoutErrorFacts } from "./errors.js";

// An error crosses from a worker thread to the main thread as plain data (structured clone drops a
// class): a PayoutError keeps its code and facts, a file-system error its errno, so the clerk sees
// the same message, and the same exit code, as if the work had been done in the main thread.

/** An error of a worker thread, as plain data: a PayoutError's code and facts, or a file-system error's errno. */
export interface WorkerFailure {
  readonly message: string;
  readonly stack?: string | undefined;
  readonly payoutCode?: PayoutErrorCode | undefined;
  readonly facts?: PayoutErrorFacts | undefined;
  readonly errno?: { readonly code: string; readonly syscall?: string | undefined; readonly path?: string | undefined } | undefined;
}

export function workerFailure(err: unknown): WorkerFailure {
  if (err instanceof PayoutError) return { message: err.message, stack: err.stack, payoutCode: err.code, facts: { ...err.facts, problems: undefined } };
  const e = err as NodeJS.ErrnoException;
  if (err instanceof Error && typeof e.code === "string") return { message: err.message, stack: err.stack, errno: { code: e.code, syscall: e.syscall, path: e.path } };
  return { message: err instanceof Error ? err.message : String(err), stack: err instanceof Error ? err.stack : undefined };
}

export function fromWorkerFailure(f: WorkerFailure): Error {
  if (f.payoutCode) return Object.assign(new PayoutError(f.payoutCode, f.message, f.facts), { stack: f.stack });
  const err = Object.assign(new Error(f.message), f.errno ?? {});
  if (f.stack) err.stack = f.stack;
  return err;
}
