// One synthetic household: parents 夫/妻 and children 子女 with plausible ages, dates and flags.
import type { DateNum } from "../../src/domain/dates.js";
import {
  ageOn, formatDate, randomAccount, randomDate, randomDateInYear, randomName, randomPhone, randomSurname, type IdAllocator,
} from "./people.js";
import type { Rng } from "./random.js";
import { COL, emptyCells } from "./row.js";

export type HouseholdKind = "oc" | "one" | "two" | "twoGirls" | "girls3" | "multi" | "lost" | "disabled" | "none";
export type Stage = "学前" | "小学" | "初中" | "高中" | "大学";

/** Choices a curated household may force; anything left out is drawn at random. */
export interface Knobs {
  readonly kind?: HouseholdKind;
  readonly urban?: boolean;
  readonly fatherBirthYear?: number;
  readonly motherBirthYear?: number;
  /** Only this parent has a row (widowed long ago, divorced). */
  readonly singleParent?: "夫" | "妻";
  /** Age on 12-31 of the run year of the first child. */
  readonly childAge?: number;
  readonly firstChildSex?: "男" | "女";
  readonly certYear?: number;
  readonly childDeathYear?: number;
  readonly disabilityGrade?: number;
  readonly disabilityYear?: number;
  readonly waiverYear?: number;
  /** Year of the long-acting contraception; 0 for none. */
  readonly contraceptionYear?: number;
  readonly complicationGrade?: number;
  readonly dibao?: boolean;
  readonly pension?: boolean;
  readonly careHome?: boolean;
  readonly firstChildStage?: Stage;
  readonly excellent?: boolean;
  readonly hardship?: boolean;
  readonly illegalBirth?: boolean;
  /** Parents stay alive (no random deaths). */
  readonly noDeaths?: boolean;
  readonly noAccount?: boolean;
}

export interface Place {
  readonly township: string;
  readonly village: string;
  readonly householdId: string;
  readonly regionCode: string;
  readonly urbanShare: number;
}

const STAGE_START: Record<Stage, number> = { 学前: 3, 小学: 6, 初中: 12, 高中: 15, 大学: 18 };
const OTHER_REGIONS = ["349921", "349922", "349923", "349924", "349925", "349926", "349927"];

function kindFor(rng: Rng, motherYear: number): HouseholdKind {
  if (motherYear < 1950) return rng.weighted({ multi: 40, two: 28, twoGirls: 6, girls3: 3, one: 10, oc: 5, lost: 1.5, disabled: 1, none: 1 });
  if (motherYear < 1976) return rng.weighted({ oc: 34, two: 28, twoGirls: 8, girls3: 2, multi: 12, one: 6, lost: 2, disabled: 2, none: 2 });
  if (motherYear < 1993) return rng.weighted({ oc: 38, two: 36, twoGirls: 7, girls3: 1, multi: 5, one: 5, lost: 1, disabled: 1.5, none: 3 });
  return rng.weighted({ oc: 26, two: 22, twoGirls: 4, girls3: 0, one: 14, multi: 1, lost: 0.5, disabled: 1, none: 31 });
}

function childCount(rng: Rng, kind: HouseholdKind): number {
  switch (kind) {
    case "none": return 0;
    case "oc": case "one": case "lost": case "disabled": return 1;
    case "two": case "twoGirls": return 2;
    case "girls3": return 3;
    case "multi": return 3 + (rng.chance(0.35) ? 1 : 0) + (rng.chance(0.12) ? 1 : 0);
    default: { const never: never = kind; return never; }
  }
}

function stageFor(rng: Rng, age: number): Stage | "" {
  if (age >= 3 && age <= 5) return rng.chance(0.7) ? "学前" : "";
  if (age >= 6 && age <= 11) return "小学";
  if (age >= 12 && age <= 14) return "初中";
  if (age >= 15 && age <= 17) return rng.chance(0.7) ? "高中" : "";
  if (age >= 18 && age <= 21) return rng.chance(0.45) ? "大学" : "";
  return "";
}

/** A death date in `year` (or a random recent year) that is not before `birth` nor after `lastDay`. */
function deathIn(rng: Rng, year: number, birth: DateNum, lastDay: DateNum): DateNum {
  const d = randomDateInYear(rng, year);
  const from = Math.max(birth, year * 10000 + 101);
  return d < from ? randomDate(rng, from, Math.min(year * 10000 + 1231, lastDay)) : Math.min(d, lastDay);
}

const yn = (b: boolean): string => (b ? "是" : "");

export function buildHousehold(rng: Rng, ids: IdAllocator, year: number, place: Place, k: Knobs = {}): string[][] {
  const YE = year * 10000 + 1231;
  let fy = k.fatherBirthYear ?? (k.motherBirthYear !== undefined ? k.motherBirthYear - rng.int(-1, 4) : 1936 + Math.round(((rng.next() + rng.next()) / 2) * 66));
  let my = k.motherBirthYear ?? fy + rng.int(-1, 4);
  fy = Math.min(fy, year - 20);
  my = Math.min(my, year - 20);
  const younger = Math.max(fy, my);
  let kind = k.kind ?? kindFor(rng, my);
  let n = childCount(rng, kind);
  const gaps: number[] = [];
  for (let i = 1; i < n; i++) gaps.push(rng.int(1, 5));
  const span = gaps.reduce((a, b) => a + b, 0);
  let first = k.childAge !== undefined ? year - k.childAge : my + rng.int(21, 30);
  if (k.childAge === undefined) {
    first = Math.max(first, younger + 19);
    if (first + span > year) first = year - span;
    if (first < younger + 19) {
      // Too young for this many children: one child at most.
      kind = year - younger - 19 >= 0 && rng.chance(0.6) ? (rng.chance(0.7) ? "oc" : "one") : "none";
      n = kind === "none" ? 0 : 1;
      gaps.length = 0;
      first = rng.int(younger + 19, year);
    }
  }
  const urban = k.urban ?? rng.chance(place.urbanShare);
  const mixed = !urban && k.urban === undefined && rng.chance(0.03);
  const rural = !urban && !mixed;
  const surname = randomSurname(rng);
  const rows: string[][] = [];
  const parentRows: { row: string[]; role: "夫" | "妻"; birth: DateNum; dead: boolean }[] = [];

  const single = k.singleParent ?? (rng.chance(0.05) ? (rng.chance(0.7) ? "妻" : "夫") : undefined);
  for (const role of ["夫", "妻"] as const) {
    if (single !== undefined && single !== role) continue;
    const male = role === "夫";
    const region = rng.chance(male ? 0.85 : 0.65) ? place.regionCode : rng.pick(OTHER_REGIONS);
    const wanted = randomDateInYear(rng, male ? fy : my);
    const { id, birth } = ids.allocate(region, wanted, male);
    const row = emptyCells();
    row[COL.姓名] = male ? randomName(rng, true, surname) : randomName(rng, false);
    row[COL.身份证号] = id;
    row[COL.家庭角色] = role;
    row[COL.户籍性质] = urban || (mixed && male) ? "非农业" : "农业";
    const age = ageOn(birth, YE);
    let dead = false;
    if (!k.noDeaths) {
      const pDead = age >= 62 ? Math.min(0.45, (age - 62) * 0.013) : age >= 40 ? 0.003 : 0;
      if (rng.chance(parentRows.some((p) => p.dead) ? pDead / 2 : pDead)) {
        dead = true;
        row[COL.死亡日期] = formatDate(deathIn(rng, rng.chance(0.12) ? year : rng.int(year - 6, year - 1), birth, YE));
      }
    }
    if (rural && age >= 16 && (k.pension ?? rng.chance(0.65))) row[COL.新农保参保] = "是";
    if (!dead && age >= 70 && (k.careHome ?? rng.chance(0.03)) && (k.careHome === undefined || male || single)) row[COL.入住养老机构] = "是";
    if (!(k.noAccount ?? rng.chance(0.03))) {
      const acct = randomAccount(rng, !urban);
      row[COL.开户银行] = acct.bank;
      row[COL.银行账号] = acct.account;
    }
    if (!dead && rng.chance(0.75)) row[COL.联系电话] = randomPhone(rng);
    parentRows.push({ row, role, birth, dead });
    rows.push(row);
  }

  const childBirths: DateNum[] = [];
  const childRows: string[][] = [];
  let year0 = first;
  for (let i = 0; i < n; i++) {
    if (i > 0) year0 += gaps[i - 1] ?? 1;
    const male = i === 0 && k.firstChildSex
      ? k.firstChildSex === "男"
      : kind === "twoGirls" || kind === "girls3" ? false : rng.chance(kind === "oc" ? 0.55 : 0.52);
    let wanted = randomDateInYear(rng, year0);
    if (wanted > YE) wanted = YE;
    const { id, birth } = ids.allocate(rng.chance(0.97) ? place.regionCode : rng.pick(OTHER_REGIONS), wanted, male);
    const row = emptyCells();
    row[COL.姓名] = randomName(rng, male, rng.chance(0.9) ? surname : randomSurname(rng));
    row[COL.身份证号] = id;
    row[COL.家庭角色] = "子女";
    if (rng.chance(0.2)) row[COL.户籍性质] = urban ? "非农业" : "农业";
    if (rng.chance(0.01)) row[COL.收养] = "是";
    childBirths.push(birth);
    childRows.push(row);
  }
  // "two": at least one son.
  if (kind === "two" && childRows.every((r) => Number((r[COL.身份证号] ?? "").charAt(16)) % 2 === 0)) {
    const { id, birth } = ids.allocate(place.regionCode, childBirths[1] ?? YE, true);
    const row = childRows[1];
    if (row) {
      childBirths[1] = birth;
      row[COL.身份证号] = id;
      row[COL.姓名] = randomName(rng, true, surname);
    }
  }

  const child0 = childRows[0];
  const birth0 = childBirths[0] ?? 0;
  const lastBirth = childBirths[childBirths.length - 1] ?? 0;
  const byYear = (y: number, notBefore: DateNum): DateNum => Math.min(YE, Math.max(notBefore, randomDateInYear(rng, y)));
  const wife = parentRows.find((p) => p.role === "妻") ?? parentRows[0];
  const husband = parentRows.find((p) => p.role === "夫") ?? parentRows[0];

  if (child0 && (kind === "lost" || kind === "disabled" || kind === "oc")) {
    const certYear = k.certYear ?? Math.min(year, Math.max(1979, Math.floor(birth0 / 10000) + Number(rng.weighted({ 0: 40, 1: 35, 2: 15, 3: 10 }))));
    const cert = formatDate(byYear(certYear, birth0));
    if (wife) wife.row[COL.光荣证日期] = cert;
    if (husband && husband !== wife && rng.chance(0.3)) husband.row[COL.光荣证日期] = cert;
  }
  if (child0 && kind === "lost") {
    const y = k.childDeathYear ?? (rng.chance(0.08) ? year : rng.int(Math.min(year, Math.floor(birth0 / 10000) + 1), year));
    child0[COL.死亡日期] = formatDate(deathIn(rng, y, birth0, YE));
  }
  if (child0 && kind === "disabled") {
    child0[COL.伤残等级] = String(k.disabilityGrade ?? Number(rng.weighted({ 1: 15, 2: 30, 3: 35, 4: 20 })));
    const y = k.disabilityYear ?? (rng.chance(0.08) ? year : rng.int(Math.min(year, Math.floor(birth0 / 10000) + 2), year));
    child0[COL.伤残认定日期] = formatDate(byYear(y, birth0));
  }
  // Adult children of older couples sometimes died; they still count as children ever.
  childRows.forEach((row, i) => {
    const b = childBirths[i] ?? 0;
    if (kind !== "lost" && !row[COL.死亡日期] && ageOn(b, YE) >= 25 && rng.chance(0.015)) {
      row[COL.死亡日期] = formatDate(deathIn(rng, rng.int(year - 10, year), b, YE));
    }
  });

  const familyOf = kind === "oc" || kind === "lost" || kind === "disabled" || kind === "twoGirls";
  if (wife && n === 1 && rural && (k.waiverYear !== undefined || rng.chance(0.12))) {
    const y = k.waiverYear ?? Math.min(year, Math.floor(birth0 / 10000) + rng.int(1, 6));
    wife.row[COL.放弃二孩日期] = formatDate(byYear(y, birth0));
  }
  const contraYear = k.contraceptionYear ?? (n > 0 && rng.chance(familyOf && rural ? 0.55 : 0.25) ? Math.min(year, Math.floor(lastBirth / 10000) + rng.int(0, 2)) : 0);
  if (contraYear && wife) {
    const who = rng.chance(0.85) || !husband ? wife : husband;
    who.row[COL.节育措施日期] = formatDate(byYear(contraYear, lastBirth));
    const grade = k.complicationGrade ?? (rng.chance(0.004) ? Number(rng.weighted({ 1: 20, 2: 35, 3: 45 })) : 0);
    if (grade) who.row[COL.并发症等级] = String(grade);
  } else if (k.complicationGrade && wife) {
    wife.row[COL.并发症等级] = String(k.complicationGrade);
  }
  if (kind === "multi" && husband && (k.illegalBirth ?? childBirths.slice(2).some((b) => b >= 19730101 && b <= 20011231 && rng.chance(0.3)))) {
    husband.row[COL.违法生育] = "是";
  }

  const dibao = k.dibao ?? rng.chance(rural ? 0.06 : 0.03);
  const members = [...parentRows.map((p) => ({ row: p.row, birth: p.birth })), ...childRows.map((row, i) => ({ row, birth: childBirths[i] ?? 0 }))];
  for (const m of members) if (dibao && (k.dibao || rng.chance(0.8))) m.row[COL.低保] = "是";
  childRows.forEach((row, i) => {
    const b = childBirths[i] ?? 0;
    const age = ageOn(b, YE);
    if (rural && age >= 16 && rng.chance(0.5)) row[COL.新农保参保] = "是";
    if (row[COL.死亡日期]) return;
    const stage = i === 0 && k.firstChildStage ? k.firstChildStage : stageFor(rng, age);
    if (!stage) return;
    row[COL.在读学段] = stage;
    row[COL.入学年份] = String(Math.min(year, year - (age - STAGE_START[stage])));
    const excellent = i === 0 && k.excellent !== undefined ? k.excellent : rng.chance(stage === "初中" || stage === "高中" ? 0.15 : 0.08);
    row[COL.品学兼优] = yn(excellent);
  });
  const flagRow = wife ?? husband;
  if ((k.hardship ?? rng.chance(0.06)) && flagRow) flagRow.row[COL.困难家庭] = "是";
  if (rng.chance(0.04)) {
    const payee = parentRows.find((p) => !p.dead && p.row[COL.银行账号]);
    if (payee) payee.row[COL.领款人] = "是";
  }

  rows.push(...childRows);
  deriveKindAndExam(rows, rural);
  for (const row of rows) {
    row[COL.乡镇] = place.township;
    row[COL.村] = place.village;
    row[COL.户编号] = place.householdId;
  }
  return rows;
}

/**
 * 节育措施 and 中考年份, derived from the household's other cells without drawing from the generator
 * (so adding them changed no other cell of a seeded county): a husband's measure is 结扎, so is
 * that of a rural 纯女户 (the county's 结扎 policy for them); others 结扎 or 上环 or 其他 by the ID's
 * digits. A child in 初中 sits 中考 three years after entering; one in 高中 sat it the year she entered.
 */
function deriveKindAndExam(rows: readonly string[][], rural: boolean): void {
  const children = rows.filter((r) => r[COL.家庭角色] === "子女");
  const girlsOnly = children.length > 0 && children.every((r) => Number((r[COL.身份证号] ?? "").charAt(16)) % 2 === 0);
  for (const row of rows) {
    if (row[COL.节育措施日期]) {
      const digits = [...(row[COL.身份证号] ?? "")].reduce((s, ch) => s + (Number(ch) || 0), 0);
      row[COL.节育措施] = row[COL.家庭角色] === "夫" || (rural && girlsOnly) ? "结扎" : digits % 10 < 5 ? "结扎" : digits % 10 < 9 ? "上环" : "其他";
    }
    const entered = Number(row[COL.入学年份] || 0);
    if (entered && row[COL.在读学段] === "初中") row[COL.中考年份] = String(entered + 3);
    else if (entered && row[COL.在读学段] === "高中") row[COL.中考年份] = String(entered);
  }
}
