import type { Person } from "../domain/person.js";
import type { PreviousAward } from "./previous.js";

// A household whose 户编号 changed since last year is still the same household (DESIGN §5: a
// household matches an earlier award by 户编号 or by any of its parents' IDs): the change list
// shows it once, as "户编号由 Y04 改为 Y31", never as an exit and an entry.

export interface Renumbering {
  readonly from: string;
  readonly to: string;
  readonly township: string;
  readonly village: string;
  /** The parent whose ID matched, as this year's roster names them. */
  readonly name: string;
}

export const renumberingNote = (r: Renumbering): string => `户编号由 ${r.from} 改为 ${r.to}`;

/**
 * Earlier 户编号 no longer in this year's roster whose awards were booked on (or paid to) a parent of
 * exactly one of this year's households, and that household matched no other earlier 户编号.
 */
export function findRenumbered(households: ReadonlyArray<readonly Person[]>, previousById: ReadonlyMap<string, readonly PreviousAward[]>, previousByPayee: ReadonlyMap<string, readonly PreviousAward[]>, currentIds: ReadonlySet<string>): Renumbering[] {
  const candidates = new Map<string, Map<string, Renumbering>>();
  const froms = new Map<string, Set<string>>();
  for (const members of households) {
    const to = members[0]?.householdId ?? "";
    for (const parent of members) {
      if (parent.role === "子女") continue;
      for (const p of [...(previousById.get(parent.id) ?? []), ...(previousByPayee.get(parent.id) ?? [])]) {
        if (p.householdId === to || p.householdId === "" || currentIds.has(p.householdId)) continue;
        let byTo = candidates.get(p.householdId);
        if (!byTo) candidates.set(p.householdId, (byTo = new Map()));
        if (!byTo.has(to)) byTo.set(to, { from: p.householdId, to, township: parent.township, village: parent.village, name: parent.name });
        let f = froms.get(to);
        if (!f) froms.set(to, (f = new Set()));
        f.add(p.householdId);
      }
    }
  }
  const out: Renumbering[] = [];
  for (const byTo of candidates.values()) {
    if (byTo.size !== 1) continue; // the parents went to different households: not one household renumbered
    const r = [...byTo.values()][0] as Renumbering;
    if ((froms.get(r.to)?.size ?? 0) === 1) out.push(r);
  }
  return out.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
}

/** Earlier awards under their household's new 户编号, so the change list matches them. */
export function underNewNumbers(previous: readonly PreviousAward[], renumbered: readonly Renumbering[]): readonly PreviousAward[] {
  if (renumbered.length === 0) return previous;
  const to = new Map(renumbered.map((r) => [r.from, r.to]));
  return previous.map((p) => {
    const n = to.get(p.householdId);
    return n === undefined ? p : { ...p, householdId: n };
  });
}
