import type { Award } from "../domain/award.js";
import type { Fen } from "../domain/money.js";
import type { OnceRegistry } from "../policy/evaluate.js";
import type { Policy } from "../policy/types.js";
import type { ProgramTrace } from "../policy/trace.js";
import type { Person } from "../domain/person.js";
import type { Problem } from "../roster/problem.js";
import type { ChangeList } from "../years/changes.js";
import type { WithheldAward } from "../years/objections.js";

/** payout explain: one household as the run evaluated it. */
export interface Explained {
  readonly members: readonly Person[];
  /** The person asked for (by ID), or undefined for the whole household (by 户编号). */
  readonly only: Person | undefined;
  readonly traces: readonly ProgramTrace[];
}

/** Everything a run produced before writing: the single input of every output module. */
export interface RunResult {
  readonly year: number;
  readonly policy: Policy;
  /** The ledger, sorted by 乡镇, 村, 户编号, 身份证号, 项目代码 (code-point order). */
  readonly awards: readonly Award[];
  readonly problems: readonly Problem[];
  readonly rowsRead: number;
  /** Rows not evaluated (rows_rejected): those of households with errors plus the rows set aside. */
  readonly rowsRejected: number;
  /** Of rowsRejected, rows of relatives outside the couple and their children (a warning, not an error). */
  readonly rowsSetAside: number;
  readonly persons: number;
  readonly households: number;
  readonly budgetWarnings: ReadonlyArray<{ readonly code: string; readonly name: string; readonly budget: Fen; readonly amount: Fen }>;
  /** --notice-start as yyyymmdd, or 0 when not given. */
  readonly noticeStart: number;
  readonly rosterSha256: string;
  readonly policySha256: string;
  readonly version: string;
  /** With --previous: 新增, 退出 (with reasons), 金额变动 against the earlier ledgers. */
  readonly changes?: ChangeList | undefined;
  /** One-time awards of the --previous ledgers: the self-audit checks none is paid again (DESIGN §8). */
  readonly previousOnce?: OnceRegistry | undefined;
  /** payout explain: the household asked for, traced through this evaluation. */
  readonly explained?: Explained | undefined;
  /** With --exclude: awards withheld after the notice period's objections (not in the ledger). */
  readonly withheld?: readonly WithheldAward[] | undefined;
  /** 区划代码 of each village (key: villageKey(乡镇, 村)) when the roster has the column. */
  readonly regionCodes?: ReadonlyMap<string, string> | undefined;
}
