import { formatYuan, type Fen } from "../domain/money.js";
import type { Person } from "../domain/person.js";
import { emptyOnceRegistry, evaluateHousehold, type OnceRegistry } from "./evaluate.js";
import type { PreparedRun } from "./prepare.js";
import type { ProgramTrace } from "./trace.js";

export { showValue, type ConditionTrace, type Outcome, type ProgramTrace } from "./trace.js";

/**
 * Every programme for the people of one household (or one person of it): what decided, and why —
 * through the run's own evaluation, so excludes and one-time awards come out as the ledger has them.
 */
export function explainHousehold(members: readonly Person[], run: PreparedRun, only: Person | undefined, once: OnceRegistry = emptyOnceRegistry()): ProgramTrace[] {
  const traces: ProgramTrace[] = [];
  evaluateHousehold(members, run, once, { traces, only });
  return traces;
}

export function splitText(levels: readonly string[], values: readonly Fen[]): string {
  return levels.map((l, i) => `${l} ${formatYuan(values[i] ?? (0 as Fen))}`).join(" / ");
}
