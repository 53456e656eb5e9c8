export type ProblemLevel = "错误" | "警告";

/** A row problem: a value, collected and reported in 数据问题.csv. */
export interface Problem {
  readonly row: number;
  readonly township: string;
  readonly village: string;
  readonly householdId: string;
  readonly name: string;
  readonly id: string;
  readonly column: string;
  readonly level: ProblemLevel;
  readonly message: string;
  /**
   * household-excluded: the warning that a row's household was excluded for another row's error;
   * set-aside: the warning that a row is a relative outside the couple and their children (not evaluated).
   */
  readonly code?: "household-excluded" | "set-aside";
}

export function compareProblems(a: Problem, b: Problem): number {
  return a.row - b.row || (a.level === b.level ? 0 : a.level === "错误" ? -1 : 1) || (a.column < b.column ? -1 : a.column > b.column ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
