import type { PayoutErrorCode } from "../errors.js";

// Exit codes (README table): 0 clean; 1 completed but rows rejected / problems found; 2 nothing written;
// 130 / 143 interrupted by Ctrl-C (SIGINT) / stopped (SIGTERM), nothing written.
export const EXIT_OK = 0;
export const EXIT_ROWS_REJECTED = 1;
export const EXIT_FAILED = 2;
export const EXIT_SIGINT = 130;
export const EXIT_SIGTERM = 143;

/** The one table from error kind to exit code. */
export const EXIT_CODE_OF: Readonly<Record<PayoutErrorCode, number>> = {
  "bad-argument": EXIT_FAILED,
  "file-not-found": EXIT_FAILED,
  "file-is-directory": EXIT_FAILED,
  "file-denied": EXIT_FAILED,
  "file-busy": EXIT_FAILED,
  "disk-full": EXIT_FAILED,
  "name-too-long": EXIT_FAILED,
  "file-io": EXIT_FAILED,
  "input-format": EXIT_FAILED,
  "input-no-header": EXIT_FAILED,
  "input-no-sheet": EXIT_FAILED,
  "input-too-large": EXIT_FAILED,
  "policy-invalid": EXIT_FAILED,
  "policy-missing-param": EXIT_FAILED,
  "policy-runtime": EXIT_FAILED,
  "amount-out-of-range": EXIT_FAILED,
  "output-not-empty": EXIT_FAILED,
  "output-not-a-run": EXIT_FAILED,
  "output-run-changed": EXIT_FAILED,
  "output-holds-input": EXIT_FAILED,
  "output-is-file": EXIT_FAILED,
  "output-busy": EXIT_FAILED,
  "output-exists": EXIT_FAILED,
  "audit-failed": EXIT_FAILED,
  "bank-file": EXIT_FAILED,
  interrupted: EXIT_SIGINT,
  terminated: EXIT_SIGTERM,
  internal: EXIT_FAILED,
};
