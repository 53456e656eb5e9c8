import type { Award } from "../domain/award.js";
import type { Policy, Program } from "../policy/types.js";

/**
 * Groups items by a key, keeping the order in which keys first appear (the ledger's order). In
 * ledger order an item mostly has the key of the one before: the map is looked up once per run.
 */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  let lastKey: K | undefined;
  let last: T[] | undefined;
  for (const item of items) {
    const k = key(item);
    if (last !== undefined && k === lastKey) {
      last.push(item);
      continue;
    }
    last = groups.get(k);
    if (last) last.push(item);
    else groups.set(k, (last = [item]));
    lastKey = k;
  }
  return groups;
}

/** The programmes that have awards, in the policy's order; the awards of each in ledger order. */
export function byProgram(policy: Policy, awards: readonly Award[]): Array<{ program: Program; awards: Award[] }> {
  const groups = groupBy(awards, (a) => a.code);
  const out: Array<{ program: Program; awards: Award[] }> = [];
  for (const program of policy.programs) {
    const found = groups.get(program.code);
    if (found) out.push({ program, awards: found });
    groups.delete(program.code);
  }
  // A code the policy does not know (a ledger from elsewhere) still shows, after the others.
  for (const [code, found] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const first = found[0];
    if (first) out.push({ program: unknownProgram(code, first), awards: found });
  }
  return out;
}

function unknownProgram(code: string, award: Award): Program {
  return {
    code,
    name: award.programName,
    category: "地方",
    basis: "",
    target: "household",
    conditions: [],
    amount: award.payeeKind === "资格" ? { kind: "qualification" } : { kind: "money", parts: [], monthRule: [] },
    payee: { kind: "household" },
    notice: false,
    once: false,
    from: undefined,
    until: undefined,
    budget: undefined,
    excludes: [],
  };
}

export const isQualification = (program: Program): boolean => program.amount.kind === "qualification";

/** The institution an award is paid to: the policy's name for it, else what the ledger says. */
export function institutionOf(program: Program, award: Award): string {
  return program.payee.kind === "institution" ? program.payee.name : award.payeeName;
}
