import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { compareAwards, type Award } from "../../src/domain/award.js";
import { formatDate, fromUtcDate } from "../../src/domain/dates.js";
import type { Person, Sex } from "../../src/domain/person.js";
import { emptyOnceRegistry, evaluateHousehold } from "../../src/policy/evaluate.js";
import { prepareRun, type PreparedRun } from "../../src/policy/prepare.js";
import { checkHouseholds } from "../../src/roster/households.js";
import { validateRow, type RawCell } from "../../src/roster/validate-row.js";
import { accountFor, idFor, samplePolicy } from "../helpers/household-builder.js";
import { cellsOf, FULL_MAP, toFullWidth } from "../helpers/roster-row.js";

// Random rosters through validateRow → checkHouseholds → evaluateHousehold with the sample policy
// (DESIGN.md §8). Rosters are built as raw cells, some of them corrupted as clerks and Excel do.

const runs = new Map<number, PreparedRun>();
const runFor = (year: number): PreparedRun => {
  let run = runs.get(year);
  if (!run) {
    run = prepareRun(samplePolicy(), year);
    runs.set(year, run);
  }
  return run;
};

const dateIn = (fromYear: number, toYear: number): fc.Arbitrary<number> =>
  fc.integer({ min: Date.UTC(fromYear, 0, 1), max: Date.UTC(toYear, 11, 31) }).map((ms) => fromUtcDate(new Date(ms)) as number);
const maybe = <T>(arb: fc.Arbitrary<T>, blank: T, freq = 3): fc.Arbitrary<T> => fc.oneof({ arbitrary: fc.constant(blank), weight: freq }, { arbitrary: arb, weight: 1 });
const dateCell = (fromYear: number, toYear: number): fc.Arbitrary<RawCell> =>
  maybe(
    fc.oneof(
      dateIn(fromYear, toYear).map((d) => formatDate(d)),
      dateIn(fromYear, toYear).map((d) => `${Math.floor(d / 10000)}年${Math.floor(d / 100) % 100}月${d % 100}日`),
      dateIn(fromYear, toYear).map((d) => String(d)),
    ),
    "" as RawCell,
  );
const yesNo = fc.constantFrom<RawCell>("", "", "", "否", "是", "是", "1", "√");

type Kind = "夫" | "妻" | "子女";
const memberArb = (kind: Kind) =>
  fc.record({
    kind: fc.constant(kind),
    birth: kind === "子女" ? dateIn(1960, 2027) : dateIn(1928, 2000),
    sexIfChild: fc.constantFrom<Sex>("男", "女"),
    roleCell: kind === "子女" ? fc.constantFrom("子女", "子女", "子", "女", "儿子", "女儿", "养女") : fc.constant(kind),
    n: fc.integer({ min: 0, max: 99 }),
    hukou: kind === "子女" ? fc.constantFrom("", "", "农业") : fc.constantFrom("农业", "农业", "农业", "非农业", "农村"),
    death: maybe(dateIn(1990, 2027).map((d) => formatDate(d)), "", 6),
    disability: maybe(fc.constantFrom("1", "2", "3", "4", "三级"), "", 4),
    disabilityDate: dateCell(2015, 2027),
    complication: maybe(fc.constantFrom("1", "2", "3"), "", 6),
    contraception: dateCell(1985, 2027),
    honorCert: dateCell(1985, 2027),
    waiver: dateCell(2020, 2027),
    illegal: maybe(fc.constant("是"), "", 8),
    dibao: yesNo,
    pension: yesNo,
    careHome: maybe(fc.constant("是"), "", 6),
    stage: fc.constantFrom("", "", "学前", "小学", "初中", "高中", "大学"),
    enroll: fc.constantFrom("", "2022", "2025", "2026", "2027"),
    excellent: yesNo,
    hardship: maybe(fc.constant("是"), "", 4),
    payee: maybe(fc.constant("是"), "", 5),
    account: fc.constantFrom("acc", "acc", "acc", "", "bad-luhn"),
  });

/** A household: usually at most one 夫 and one 妻 (sometimes two), at least one of them, 0–3 children. */
const householdArb = fc
  .record({
    village: fc.constantFrom("东村", "西村"),
    husbands: fc.integer({ min: 0, max: 8 }).map((n) => (n === 8 ? 2 : n === 0 ? 0 : 1)),
    wives: fc.integer({ min: 0, max: 8 }).map((n) => (n === 8 ? 2 : n === 0 ? 0 : 1)),
    children: fc.integer({ min: 0, max: 3 }),
  })
  .chain(({ village, husbands, wives, children }) =>
    fc.record({
      village: fc.constant(village),
      members: fc.tuple(
        ...[...Array<Kind>(husbands).fill("夫"), ...Array<Kind>(wives).fill("妻"), ...Array<Kind>(children).fill("子女")].map((k) => memberArb(k)),
      ),
    }),
  )
  // at least one parent row: a household of children only has its payee left to row order (see the report)
  .filter((h) => h.members.some((m) => m.kind !== "子女"));

/** What may go wrong with one cell of a row. */
const corruptionArb = fc.oneof(
  { arbitrary: fc.constant(null), weight: 15 },
  {
    arbitrary: fc.record({
      column: fc.constantFrom("身份证号", "家庭角色", "性别", "户籍性质", "死亡日期", "低保", "银行账号", "伤残等级", "乡镇", "姓名", "光荣证日期"),
      kind: fc.constantFrom("garbage", "number", "scientific", "fullwidth", "blank", "truncated", "lowercase"),
    }),
    weight: 1,
  },
);

const rosterArb = fc.record({
  year: fc.integer({ min: 2022, max: 2027 }),
  households: fc.array(fc.tuple(householdArb, fc.array(corruptionArb, { minLength: 6, maxLength: 6 })), { minLength: 1, maxLength: 12 }),
});

type Member = ReturnType<typeof memberArb> extends fc.Arbitrary<infer M> ? M : never;
interface Roster {
  readonly year: number;
  readonly rows: RawCell[][];
}

function corrupt(values: Record<string, RawCell>, c: { column: string; kind: string }): void {
  const v = values[c.column];
  const text = typeof v === "string" ? v : String(v ?? "");
  switch (c.kind) {
    case "garbage":
      values[c.column] = "??不详";
      break;
    case "number":
      values[c.column] = /^\d+$/.test(text) ? Number(text) : 12345;
      break;
    case "scientific":
      values[c.column] = "3.49901196E+17";
      break;
    case "fullwidth":
      values[c.column] = toFullWidth(` ${text} `);
      break;
    case "blank":
      values[c.column] = "";
      break;
    case "truncated":
      values[c.column] = text.length > 3 ? text.slice(0, -3) + "000" : text;
      break;
    case "lowercase":
      values[c.column] = text.toLowerCase();
      break;
  }
}

const CHILD_SEX: Readonly<Record<string, Sex>> = { 子: "男", 儿子: "男", 女: "女", 女儿: "女", 养女: "女" };

function buildRoster(r: { year: number; households: ReadonlyArray<readonly [{ village: string; members: readonly Member[] }, ReadonlyArray<{ column: string; kind: string } | null>]> }): Roster {
  const rows: RawCell[][] = [];
  let counter = 0;
  r.households.forEach(([hh, corruptions], h) => {
    // at most one 领款人 mark per household: two marks leave the payee to row order (see the report)
    const payeeIndex = hh.members.findIndex((m) => m.payee === "是");
    hh.members.forEach((m, i) => {
      counter++;
      const sex: Sex = m.kind === "夫" ? "男" : m.kind === "妻" ? "女" : (CHILD_SEX[m.roleCell] ?? m.sexIfChild);
      const values: Record<string, RawCell> = {
        乡镇: "城关镇",
        村: hh.village,
        户编号: `H${String(h).padStart(3, "0")}`,
        姓名: `人${counter}`,
        身份证号: idFor(m.birth, sex, m.n),
        家庭角色: m.roleCell,
        户籍性质: m.hukou,
        死亡日期: m.death,
        伤残等级: m.disability,
        伤残认定日期: m.disabilityDate,
        并发症等级: m.complication,
        节育措施日期: m.contraception,
        光荣证日期: m.honorCert,
        放弃二孩日期: m.waiver,
        违法生育: m.illegal,
        低保: m.dibao,
        新农保参保: m.pension,
        入住养老机构: m.careHome,
        在读学段: m.stage,
        入学年份: m.enroll,
        品学兼优: m.excellent,
        困难家庭: m.hardship,
        领款人: i === payeeIndex ? "是" : "",
        开户银行: m.account === "" ? "" : "农商银行",
        银行账号: m.account === "acc" ? accountFor(counter) : m.account === "bad-luhn" ? accountFor(counter).slice(0, -1) + "0" : "",
      };
      const c = corruptions[i];
      if (c) corrupt(values, c);
      rows.push(cellsOf(values));
    });
  });
  return { year: r.year, rows };
}
interface Outcome {
  readonly rowsRead: number;
  readonly rowsKept: number;
  readonly rowsRejected: number;
  readonly households: readonly Person[][];
  readonly awards: Award[];
}

function runPipeline(roster: Roster): Outcome {
  const persons: Person[] = [];
  const withErrors = new Set<Person>();
  roster.rows.forEach((cells, i) => {
    const r = validateRow(cells, i + 2, FULL_MAP, roster.year, false);
    persons.push(r.person);
    if (r.hasError) withErrors.add(r.person);
  });
  const checked = checkHouseholds(persons, withErrors);
  const run = runFor(roster.year);
  const once = emptyOnceRegistry();
  const awards: Award[] = [];
  for (const members of checked.households) awards.push(...evaluateHousehold(members, run, once).awards);
  return {
    rowsRead: roster.rows.length,
    rowsKept: checked.households.reduce((n, h) => n + h.length, 0),
    rowsRejected: checked.rowsRejected,
    households: checked.households,
    awards: awards.sort(compareAwards),
  };
}

const rosters = rosterArb.map(buildRoster);
const NUM_RUNS = 300;

describe("invariants over random rosters (DESIGN.md §8)", () => {
  test("rows read = rows in valid households + rows rejected", () => {
    fc.assert(
      fc.property(rosters, (roster) => {
        const o = runPipeline(roster);
        assert.equal(o.rowsKept + o.rowsRejected, o.rowsRead);
      }),
      { numRuns: NUM_RUNS },
    );
  });
  test("every award's levels sum to its amount", () => {
    fc.assert(
      fc.property(rosters, (roster) => {
        for (const a of runPipeline(roster).awards) {
          assert.equal(a.levels.length, 4);
          assert.equal(a.levels.reduce((x, y) => x + y, 0), a.amount, `${a.code} ${a.amount}`);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
  test("amounts and level parts are non-negative whole fen; only qualifications are 0", () => {
    fc.assert(
      fc.property(rosters, (roster) => {
        for (const a of runPipeline(roster).awards) {
          assert.ok(Number.isSafeInteger(a.amount) && a.amount >= 0, `${a.code} ${a.amount}`);
          for (const l of a.levels) assert.ok(Number.isSafeInteger(l) && l >= 0, `${a.code} level ${l}`);
          assert.equal(a.amount === 0, a.payeeKind === "资格", a.code);
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
  test("every award belongs to a valid household and is booked on one of its rows", () => {
    fc.assert(
      fc.property(rosters, (roster) => {
        const o = runPipeline(roster);
        const ids = new Map<string, Set<string>>();
        for (const h of o.households) ids.set(h[0]?.householdId ?? "", new Set(h.map((p) => p.id)));
        for (const a of o.awards) {
          assert.ok(ids.get(a.householdId)?.has(a.id), `${a.code} on ${a.householdId}`);
          if (a.payeeKind === "个人") assert.match(a.account, /^\d{8,30}$/);
          if (a.payeeKind === "机构") assert.equal(a.account, "");
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
  test("the result does not depend on the order of the rows within the roster", () => {
    fc.assert(
      fc.property(
        rosters.chain((roster) =>
          fc
            .shuffledSubarray(roster.rows.map((_, i) => i), { minLength: roster.rows.length, maxLength: roster.rows.length })
            .map((order) => ({ roster, shuffled: { year: roster.year, rows: order.map((i) => roster.rows[i] as RawCell[]) } })),
        ),
        ({ roster, shuffled }) => {
          const a = runPipeline(roster);
          const b = runPipeline(shuffled);
          assert.equal(a.rowsRejected, b.rowsRejected);
          assert.deepEqual(b.awards, a.awards);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
