import { ageOn, yearOf, type DateNum } from "./dates.js";
import { hasUsableAccount, type Person } from "./person.js";

/** The run's dates: year Y, reference date YE (default Y-12-31), year start YS, payment date (default YE). */
export interface RunDates {
  readonly year: number;
  readonly start: DateNum;
  readonly reference: DateNum;
  readonly end: DateNum;
  readonly payment: DateNum;
}

export function runDates(year: number, referenceMonthDay = 1231, paymentMonthDay = referenceMonthDay): RunDates {
  return { year, start: year * 10000 + 101, reference: year * 10000 + referenceMonthDay, end: year * 10000 + 1231, payment: year * 10000 + paymentMonthDay };
}

/** Dead on or before the payment date: money paid into the account would reach no one (DESIGN §11.3). */
export const isDeadByPayment = (p: Person, d: RunDates): boolean => p.deathDate !== 0 && p.deathDate <= d.payment;

/** Alive for the year: no death date, or died on or after 1 January — paid for the year of death. */
export const isAliveForYear = (p: Person, d: RunDates): boolean => p.deathDate === 0 || p.deathDate >= d.start;

/** Living ("现存") for household composition: no death date, or died after the reference date. */
export const isLiving = (p: Person, d: RunDates): boolean => p.deathDate === 0 || p.deathDate > d.reference;

export const ageAtReference = (p: Person, d: RunDates): number => ageOn(p.birth, d.reference);

export interface HouseholdFacts {
  readonly parents: readonly Person[];
  readonly children: readonly Person[];
  readonly rural: boolean;
  readonly childrenEver: number;
  readonly childrenLiving: number;
  readonly sonsEver: number;
  readonly daughtersEver: number;
  readonly sonsLiving: number;
  readonly daughtersLiving: number;
  /** 独生子女家庭: a parent holds 光荣证 dated by the reference date and exactly one child ever. */
  readonly onlyChildFamily: boolean;
  /** 二女家庭: exactly two children ever, both daughters. */
  readonly twoGirls: boolean;
  /** 纯女户: at least one child, no son ever. */
  readonly girlsOnly: boolean;
  readonly motherAge: number;
  readonly anyIllegalBirth: boolean;
  readonly hardship: boolean;
  /** A parent's 节育措施 is 结扎 (the household is a 结扎户). */
  readonly sterilised: boolean;
  /** A member has a 手术并发症 grade. */
  readonly complication: boolean;
  /** The earliest 光荣证日期 among the parents, 0 when none. */
  readonly honorCertDate: DateNum;
  /** The earliest 节育措施日期 among the parents, 0 when none. */
  readonly contraceptionDate: DateNum;
  /** The earliest 放弃二孩日期 among the parents, 0 when none. */
  readonly waiverDate: DateNum;
  /** The years of the parents' 光荣证 (dated by the reference date), 放弃二孩 and 节育措施 dates. */
  readonly certYears: readonly number[];
  readonly waiverYears: readonly number[];
  readonly contraceptionYears: readonly number[];
  /** The only child (exactly one child ever), or undefined. */
  readonly onlyChild: Person | undefined;
  readonly payee: Person | undefined;
}

/** The earlier of two dates where 0 is none (a falsy date is skipped). */
const earlier = (best: DateNum, v: DateNum): DateNum => (v && (best === 0 || v < best) ? v : best);

/**
 * The household payee: the row marked 领款人; else the first of 妻, 夫 alive for the year with an
 * account; else the first of 妻, 夫 alive for the year; else the 妻 (else the 夫). Two rows marked
 * 领款人 are a roster error (checkHouseholds), so the mark is never ambiguous here.
 */
export function householdPayee(members: readonly Person[], d: RunDates): Person | undefined {
  const marked = members.find((p) => p.payeeFlag);
  if (marked) return marked;
  const wife = members.find((p) => p.role === "妻");
  const husband = members.find((p) => p.role === "夫");
  const ordered = [wife, husband].filter((p): p is Person => p !== undefined);
  if (ordered.length > 0) {
    return ordered.find((p) => isAliveForYear(p, d) && hasUsableAccount(p)) ?? ordered.find((p) => isAliveForYear(p, d)) ?? ordered[0];
  }
  // No 夫/妻 row (§4 is silent): the eldest member, by the same preferences, whatever the row order.
  const eldest = [...members].sort((a, b) => a.birth - b.birth || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return eldest.find((p) => isAliveForYear(p, d) && hasUsableAccount(p)) ?? eldest.find((p) => isAliveForYear(p, d)) ?? eldest[0];
}

/**
 * Rural: every parent row is 农业; a household without 夫/妻 rows (DESIGN §11.3) is rural only when
 * its own rows say so — every row that gives 户籍性质 gives 农业, and at least one gives it (the
 * roster check refuses a household where none does).
 */
export function isRural(members: readonly Person[], parents: readonly Person[] = members.filter((p) => p.role !== "子女")): boolean {
  if (parents.length > 0) return parents.every((p) => p.rural === true);
  const given = members.filter((p) => p.rural !== undefined);
  return given.length > 0 && given.every((p) => p.rural === true);
}

export function householdFacts(members: readonly Person[], d: RunDates): HouseholdFacts {
  // one pass over the members and one over the parents (this runs for every household of the roster)
  const parents: Person[] = [];
  const children: Person[] = [];
  let childrenLiving = 0;
  let sonsEver = 0;
  let sonsLiving = 0;
  let daughtersLiving = 0;
  let anyIllegalBirth = false;
  let hardship = false;
  let complication = false;
  for (const p of members) {
    if (p.role !== "子女") parents.push(p);
    else {
      children.push(p);
      if (p.sex === "男") sonsEver++;
      if (isLiving(p, d)) {
        childrenLiving++;
        if (p.sex === "男") sonsLiving++;
        else if (p.sex === "女") daughtersLiving++;
      }
    }
    if (p.illegalBirth) anyIllegalBirth = true;
    if (p.hardship) hardship = true;
    if (p.complicationGrade > 0) complication = true;
  }
  let honorCertDate = 0;
  let contraceptionDate = 0;
  let waiverDate = 0;
  let sterilised = false;
  let wifeAlive: Person | undefined;
  let husband: Person | undefined;
  // the years of the parents' dates, in the parents' order
  const certYears: number[] = [];
  const waiverYears: number[] = [];
  const contraceptionYears: number[] = [];
  for (const p of parents) {
    const cert = p.honorCertDate <= d.reference ? p.honorCertDate : 0;
    honorCertDate = earlier(honorCertDate, cert);
    contraceptionDate = earlier(contraceptionDate, p.contraceptionDate);
    waiverDate = earlier(waiverDate, p.waiverDate);
    if (p.contraceptionKind === "结扎") sterilised = true;
    if (!wifeAlive && p.role === "妻" && isAliveForYear(p, d)) wifeAlive = p;
    if (!husband && p.role === "夫") husband = p;
    if (cert > 0) certYears.push(yearOf(cert));
    if (p.waiverDate > 0) waiverYears.push(yearOf(p.waiverDate));
    if (p.contraceptionDate > 0) contraceptionYears.push(yearOf(p.contraceptionDate));
  }
  const mother = wifeAlive ?? husband;
  return {
    parents,
    children,
    rural: isRural(members, parents),
    childrenEver: children.length,
    childrenLiving,
    sonsEver,
    daughtersEver: children.length - sonsEver,
    sonsLiving,
    daughtersLiving,
    onlyChildFamily: honorCertDate !== 0 && children.length === 1,
    twoGirls: children.length === 2 && sonsEver === 0,
    girlsOnly: children.length >= 1 && sonsEver === 0,
    motherAge: mother ? ageAtReference(mother, d) : -1,
    anyIllegalBirth,
    hardship,
    sterilised,
    complication,
    honorCertDate,
    contraceptionDate,
    waiverDate,
    certYears,
    waiverYears,
    contraceptionYears,
    onlyChild: children.length === 1 ? children[0] : undefined,
    payee: householdPayee(members, d),
  };
}

export { yearOf };
