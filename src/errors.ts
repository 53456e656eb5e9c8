/**
 * The one error that stops a command. Its `code` says which kind of failure it is (as zod's issues
 * do); src/cli/exit.ts maps every code to an exit code in one table. The message is Chinese, for the
 * clerk, and says what to do. Row problems are not errors: they are collected as values (Problem).
 */
export type PayoutErrorCode =
  // the command line
  | "bad-argument"
  // a file we are handed (roster, policy, earlier ledger, objections, corrections, bank return)
  | "file-not-found"
  | "file-is-directory"
  | "file-denied"
  | "file-busy"
  | "disk-full"
  | "name-too-long"
  | "file-io"
  | "input-format"
  | "input-no-header"
  | "input-no-sheet"
  | "input-too-large"
  // the policy
  | "policy-invalid"
  | "policy-missing-param"
  | "policy-runtime"
  | "amount-out-of-range"
  // where we write
  | "output-not-empty"
  | "output-not-a-run"
  | "output-run-changed"
  | "output-holds-input"
  | "output-is-file"
  | "output-busy"
  | "output-exists"
  // the run's own checks
  | "audit-failed"
  | "bank-file"
  // signals
  | "interrupted"
  | "terminated"
  // a bug
  | "internal";

/** Facts some errors carry for tests and callers; the message already says them in words. */
export interface PayoutErrorFacts {
  readonly path?: string;
  readonly param?: string;
  readonly date?: number;
  readonly program?: string;
  readonly failures?: readonly string[];
  readonly problems?: readonly unknown[];
}

export class PayoutError extends Error {
  override readonly name = "PayoutError";
  constructor(
    readonly code: PayoutErrorCode,
    message: string,
    readonly facts: PayoutErrorFacts = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isPayoutError(err: unknown, code?: PayoutErrorCode): err is PayoutError {
  return err instanceof PayoutError && (code === undefined || err.code === code);
}
