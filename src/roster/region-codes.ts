import type { Person } from "../domain/person.js";
import type { Problem } from "./problem.js";

// 区划代码 (统计用区划代码, 12 digits: 省2 市2 县2 乡镇3 村3) across rows: a township's villages share
// its first 9 digits, and a village has one code. The most frequent value is taken as right (ties:
// the one seen first); each row that differs is an error naming the value it should agree with.

/** The 12-digit code of the township that holds a village code: its first 9 digits, then 000. */
export const townshipCode = (village: string): string => (village.length === 12 ? `${village.slice(0, 9)}000` : "");
/** The 12-digit code of the county (区县): its first 6 digits, then 000000. */
export const countyCode = (village: string): string => (village.length === 12 ? `${village.slice(0, 6)}000000` : "");

function majority(values: readonly string[]): string {
  const counts = new Map<string, number>();
  let best = "";
  for (const v of values) {
    const n = (counts.get(v) ?? 0) + 1;
    counts.set(v, n);
    if (n > (counts.get(best) ?? 0)) best = v;
  }
  return best;
}

export function checkRegionCodes(rows: readonly Person[]): { problems: Problem[]; withErrors: Set<Person> } {
  const problems: Problem[] = [];
  const withErrors = new Set<Person>();
  // most rosters have no 区划代码 column: one cheap pass and nothing else
  if (!rows.some((p) => p.regionCode !== "")) return { problems, withErrors };
  const byTownship = new Map<string, Person[]>();
  const blankVillages = new Map<string, Person>();
  for (const p of rows) {
    if (p.regionCode === "") {
      const key = villageKey(p.township, p.village);
      if (!blankVillages.has(key)) blankVillages.set(key, p);
      continue;
    }
    const list = byTownship.get(p.township);
    if (list) list.push(p);
    else byTownship.set(p.township, [p]);
  }
  const error = (p: Person, message: string): void => {
    problems.push({ row: p.row, township: p.township, village: p.village, householdId: p.householdId, name: p.name, id: p.id, column: "区划代码", level: "错误", message });
    withErrors.add(p);
  };
  const owner = new Map<string, string>();
  for (const [township, members] of byTownship) {
    const prefix = majority(members.map((p) => p.regionCode.slice(0, 9)));
    const other = owner.get(prefix);
    if (other !== undefined) {
      for (const p of members) error(p, `区划代码的乡镇部分 ${prefix} 与乡镇“${other}”相同:不同乡镇的代码前9位应不同,请核对`);
      continue;
    }
    owner.set(prefix, township);
    const byVillage = new Map<string, Person[]>();
    for (const p of members) {
      if (!p.regionCode.startsWith(prefix)) {
        error(p, `区划代码 ${p.regionCode} 的前9位与本乡镇(${township})其他行的 ${prefix} 不一致,请核对`);
        continue;
      }
      byVillage.set(p.village, [...(byVillage.get(p.village) ?? []), p]);
    }
    for (const [village, people] of byVillage) {
      const code = majority(people.map((p) => p.regionCode));
      for (const p of people) if (p.regionCode !== code) error(p, `区划代码 ${p.regionCode} 与本村(${village})其他行的 ${code} 不一致:一个村只有一个区划代码`);
    }
  }
  // a partly filled column: the first row of each village without a code, in a township that has codes
  for (const p of blankVillages.values()) {
    if (!byTownship.has(p.township)) continue;
    problems.push({ row: p.row, township: p.township, village: p.village, householdId: p.householdId, name: p.name, id: p.id, column: "区划代码", level: "警告", message: `本乡镇其他村已填区划代码,${p.village}未填:一卡通发放清单中该村的区划代码将为空` });
  }
  return { problems, withErrors };
}

/** Village key (乡镇, 村) → its 区划代码, from rows that passed the checks. */
export function regionCodesByVillage(households: readonly (readonly Person[])[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const h of households) for (const p of h) if (p.regionCode !== "") out.set(villageKey(p.township, p.village), p.regionCode);
  return out;
}

export const villageKey = (township: string, village: string): string => `${township}\u0000${village}`;
