// Exit codes (README table): 0 clean; 1 completed but rows rejected / problems found; 2 nothing written.
export const EXIT_OK = 0;
export const EXIT_ROWS_REJECTED = 1;
export const EXIT_FAILED = 2;

/** Thrown by commands; only the entry file turns it into process.exitCode. */
export class ExitError extends Error {
  constructor(readonly code: number, message: string) {
    super(message);
  }
}
