import type { Fen } from "../domain/money.js";

/** A file an output wrote, with the control figures the run's self-audit checks against the ledger. */
export interface WrittenFile {
  /** Path relative to the output directory, with forward slashes (e.g. "银行代发/农村信用社.csv"). */
  readonly path: string;
  /** Σ of the amounts the file carries (0 for files without money). */
  readonly total: Fen;
  /** Number of award lines (or payment lines) it carries. */
  readonly count: number;
  /** True for files holding full ID numbers or bank accounts: created owner-readable only on POSIX. */
  readonly sensitive: boolean;
  /** SHA-256 of the bytes as written, when the writer kept it (the ledger: the self-audit checks it is unchanged). */
  readonly sha256?: string | undefined;
}
