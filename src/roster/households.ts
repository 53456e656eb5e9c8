import { ageOn } from "../domain/dates.js";
import { maskId } from "../domain/id-number.js";
import type { Person } from "../domain/person.js";
import type { Problem, ProblemLevel } from "./problem.js";
import { FirstIndexById } from "./id-table.js";

export interface CheckedHouseholds {
  /** Households with no error, in the order they first appear. */
  readonly households: Person[][];
  readonly problems: Problem[];
  readonly rowsRejected: number;
}

const problemOf = (p: Person, column: string, level: ProblemLevel, message: string): Problem => ({
  row: p.row, township: p.township, village: p.village, householdId: p.householdId, name: p.name, id: p.id, column, level, message,
});

/**
 * The warning on each row of a household that another row's error excluded. A literal of its own:
 * `{ ...problemOf(…), code }` gave every such problem a hidden class of its own (V8 11 makes a new
 * one for each spread that adds a property), and the code reading problems went megamorphic.
 */
const excludedProblem = (p: Person): Problem => ({
  row: p.row, township: p.township, village: p.village, householdId: p.householdId, name: p.name, id: p.id,
  column: "", level: "警告", message: "同户存在错误,本户暂不发放", code: "household-excluded",
});

/** An ID on more than one row: its first row, the row of its second, how many repeats. */
interface Repeated {
  repeats: number;
  readonly second: number;
  readonly first: Person;
}

/** Rows as a message lists them: a few, then how many ("第 3、4、5 行等 20000 行"). */
function rowList(people: readonly Person[]): string {
  const shown = people.slice(0, 5).map((p) => p.row).join("、");
  return people.length > 5 ? `第 ${shown} 行等 ${people.length} 行` : `第 ${shown} 行`;
}

/**
 * Groups rows into households and applies the checks that need more than one row (DESIGN.md §3).
 * A household with any error is excluded whole; its other rows are warned.
 */
export function checkHouseholds(rows: readonly Person[], rowsWithErrors: ReadonlySet<Person>): CheckedHouseholds {
  const problems: Problem[] = [];
  const bad = new Set<Person>(rowsWithErrors);
  const error = (p: Person, column: string, message: string): void => {
    problems.push(problemOf(p, column, "错误", message));
    bad.add(p);
  };

  // a duplicate names the first row only, so 20,000 drag-filled rows cost 20,000 short messages;
  // the table holds the first row of each ID, and only repeated IDs get a record of their own
  const firstOf = new FirstIndexById(rows.length);
  const repeated = new Map<string, Repeated>();
  // the rows of a repeated ID (the first once per ID), so the messages come in row order as before
  const involved: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const p = rows[i] as Person;
    const f = firstOf.firstOrAdd(p.id, i);
    if (f < 0) continue;
    const r = repeated.get(p.id);
    if (r) r.repeats++;
    else {
      repeated.set(p.id, { repeats: 1, second: p.row, first: rows[f] as Person });
      involved.push(f);
    }
    involved.push(i);
  }
  if (involved.length > 0) {
    for (const i of involved.sort((a, b) => a - b)) {
      const p = rows[i] as Person;
      const r = repeated.get(p.id) as Repeated;
      if (r.first === p) error(p, "身份证号", `身份证号 ${maskId(p.id)} 与第 ${r.second} 行重复${r.repeats > 1 ? `(共 ${r.repeats + 1} 行相同)` : ""}`);
      else error(p, "身份证号", `身份证号 ${maskId(p.id)} 与第 ${r.first.row} 行重复`);
    }
  }

  // a household's rows usually come together: the map is looked up once per run of them
  const groups = new Map<string, Person[]>();
  let lastKey: string | undefined;
  let lastGroup: Person[] = [];
  for (const p of rows) {
    const key = p.householdId === "" ? `\u0000${p.row}` : p.householdId;
    if (key === lastKey) {
      lastGroup.push(p);
      continue;
    }
    let g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, (g = [p]));
    lastKey = key;
    lastGroup = g;
  }

  const households: Person[][] = [];
  let rowsRejected = 0;
  for (const members of groups.values()) {
    const first = members[0] as Person;
    // one pass counts what the checks below look at; a list is made only for a household that needs one
    let husbands = 0;
    let wives = 0;
    let marked = 0;
    let parents = 0;
    let couple = false;
    let rural = false;
    for (const p of members) {
      if (p.township !== first.township || p.village !== first.village) {
        error(p, "户编号", `同一户编号 ${p.householdId} 出现在不同的乡镇/村(第 ${first.row} 行为 ${first.township}${first.village})`);
      }
      if (p.role === "夫") husbands++;
      else if (p.role === "妻") wives++;
      if (p.role !== "子女") {
        couple = true;
        if (p.birth > 0) parents++;
      }
      if (p.rural !== undefined) rural = true;
      if (p.payeeFlag) marked++;
    }
    for (const [role, count] of [["夫", husbands], ["妻", wives]] as const) {
      if (count <= 1) continue;
      const holders = members.filter((p) => p.role === role);
      for (const p of holders) error(p, "家庭角色", `本户有 ${holders.length} 个“${role}”(${rowList(holders)})`);
    }
    if (!couple && !rural) {
      error(first, "户籍性质", `户编号 ${first.householdId} 没有夫、妻行,各行也都没有填户籍性质:无法判断是农村户还是城镇户,请在本户各行填写户籍性质`);
    }
    if (marked > 1) {
      const payees = members.filter((p) => p.payeeFlag);
      for (const p of payees) error(p, "领款人", `本户有 ${payees.length} 个领款人(${rowList(payees)}),只能标一个`);
    }
    // more than one 夫 and one 妻 is already an error: comparing every child with each would be quadratic
    if (parents > 0 && parents <= 2) {
      const elders = members.filter((p) => p.role !== "子女" && p.birth > 0);
      for (const c of members) {
        if (c.role !== "子女" || c.birth === 0) continue;
        for (const parent of elders) {
          if (c.birth < parent.birth) problems.push(problemOf(c, "身份证号", "警告", `子女比${parent.role}(第 ${parent.row} 行)年长,请核对`));
          else if (ageOn(parent.birth, c.birth) < 15) problems.push(problemOf(c, "身份证号", "警告", `子女出生时${parent.role}(第 ${parent.row} 行)未满15周岁,请核对`));
        }
      }
    }
    if (members.some((p) => bad.has(p))) {
      rowsRejected += members.length;
      for (const p of members) if (!bad.has(p)) problems.push(excludedProblem(p));
    } else {
      households.push(members);
    }
  }
  return { households, problems, rowsRejected };
}
