import { ageOn, yearOf, type DateNum } from "../domain/dates.js";
import { ageAtReference, isAliveForYear, isLiving, type HouseholdFacts, type RunDates } from "../domain/facts.js";
import { hasUsableAccount, type Person } from "../domain/person.js";

// The words a policy's conditions and amounts may use (DESIGN.md §4). Dates are numbers yyyymmdd, 0 = none.
export type FactType = "bool" | "double" | "string" | "list<double>";
export type FactScope = "年度" | "本人" | "本户" | "月份";

export interface FactDef {
  readonly name: string;
  readonly type: FactType;
  readonly scope: FactScope;
  readonly label: string;
  /** What explain calls the fact: a short Chinese term (the label is the policy author's description). */
  readonly term: string;
}

const f = (name: string, type: FactType, scope: FactScope, label: string, term: string): FactDef => ({ name, type, scope, label, term });

export const FACTS: readonly FactDef[] = [
  f("Y", "double", "年度", "发放年度,如 2027", "发放年度"),
  f("YS", "double", "年度", "年初日期,如 20270101", "年初日期"),
  f("YE", "double", "年度", "基准日期(默认年底),如 20271231", "基准日期"),
  f("age", "double", "本人", "基准日的周岁年龄(按身份证出生日期)", "周岁年龄"),
  f("birth", "double", "本人", "出生日期,如 19600315", "出生日期"),
  f("sex", "string", "本人", "性别 \"男\"/\"女\"(按身份证)", "性别"),
  f("role", "string", "本人", "家庭角色 \"夫\"/\"妻\"/\"子女\"", "家庭角色"),
  f("is_parent", "bool", "本人", "是夫或妻", "是夫或妻"),
  f("is_child", "bool", "本人", "是子女", "是子女"),
  f("is_son", "bool", "本人", "是儿子", "是儿子"),
  f("is_daughter", "bool", "本人", "是女儿", "是女儿"),
  f("alive", "bool", "本人", "当年健在:无死亡日期,或死于本年度内(死亡当年享受,次年退出)", "当年健在"),
  f("living", "bool", "本人", "现存:无死亡日期,或死亡日期晚于基准日", "现存"),
  f("death_date", "double", "本人", "死亡日期", "死亡日期"),
  f("disability_grade", "double", "本人", "伤残等级 1–4,无则 0", "伤残等级"),
  f("disability_date", "double", "本人", "伤残认定日期", "伤残认定日期"),
  f("complication_grade", "double", "本人", "并发症等级 1–3,无则 0", "并发症等级"),
  f("contraception_date", "double", "本人", "本人节育措施日期", "节育措施日期"),
  f("contraception_kind", "string", "本人", "本人节育措施 \"结扎\"/\"上环\"/\"其他\",无则 \"\"", "节育措施"),
  f("cert_date", "double", "本人", "本人光荣证日期", "光荣证日期"),
  f("waiver_date", "double", "本人", "本人放弃二孩日期", "放弃二孩日期"),
  f("illegal_birth", "bool", "本人", "本人有违法生育记录", "违法生育"),
  f("dibao", "bool", "本人", "本人低保", "低保"),
  f("pension_insured", "bool", "本人", "本人新农保参保", "新农保参保"),
  f("care_home", "bool", "本人", "本人入住养老机构", "入住养老机构"),
  f("stage", "string", "本人", "在读学段 \"学前\"/\"小学\"/\"初中\"/\"高中\"/\"大学\",无则 \"\"", "在读学段"),
  f("enroll_year", "double", "本人", "入学年份,无则 0", "入学年份"),
  f("zhongkao_year", "double", "本人", "中考年份(本人参加中考的年份),无则 0", "中考年份"),
  f("excellent", "bool", "本人", "品学兼优", "品学兼优"),
  f("adopted", "bool", "本人", "收养", "收养"),
  f("has_account", "bool", "本人", "有可用的开户银行和银行账号", "有可用账号"),
  f("rural", "bool", "本户", "农村户:每个夫/妻的户籍性质都是农业;没有夫/妻行的户按本户各行填写的户籍性质", "农村户"),
  f("oc_family", "bool", "本户", "独生子女家庭:夫或妻持光荣证(日期不晚于基准日)且曾生育/收养子女恰为1个", "独生子女家庭"),
  f("two_girls", "bool", "本户", "二女家庭:子女恰为2个且都是女儿", "二女家庭"),
  f("girls_only", "bool", "本户", "纯女户:至少1个子女且没有儿子", "纯女户"),
  f("children_ever", "double", "本户", "曾有子女数(生育和收养,含已死亡)", "曾有子女数"),
  f("children_living", "double", "本户", "现存子女数", "现存子女数"),
  f("sons_ever", "double", "本户", "曾有儿子数", "曾有儿子数"),
  f("daughters_ever", "double", "本户", "曾有女儿数", "曾有女儿数"),
  f("sons_living", "double", "本户", "现存儿子数", "现存儿子数"),
  f("daughters_living", "double", "本户", "现存女儿数", "现存女儿数"),
  f("mother_age", "double", "本户", "女方年龄:当年健在的妻的周岁;无则夫的周岁", "女方年龄"),
  f("parents_count", "double", "本户", "夫、妻行数", "夫妻人数"),
  f("any_illegal_birth", "bool", "本户", "本户任一行有违法生育记录", "本户有违法生育"),
  f("hardship", "bool", "本户", "困难家庭(任一行标“是”)", "困难家庭"),
  f("hh_sterilised", "bool", "本户", "结扎户:夫或妻的节育措施为结扎", "结扎户"),
  f("hh_complication", "bool", "本户", "本户有人有手术并发症(并发症等级 1–3)", "本户有手术并发症"),
  f("hh_cert_date", "double", "本户", "本户最早的光荣证日期(不晚于基准日)", "本户光荣证日期"),
  f("hh_contraception_date", "double", "本户", "本户夫妻最早的节育措施日期", "本户节育措施日期"),
  f("hh_waiver_date", "double", "本户", "本户夫妻最早的放弃二孩日期", "本户放弃二孩日期"),
  f("hh_cert_years", "list<double>", "本户", "夫妻光荣证(不晚于基准日)的发证年份列表,如 [1996];用法 Y in hh_cert_years", "光荣证发证年份"),
  f("hh_waiver_years", "list<double>", "本户", "夫妻放弃二孩日期的年份列表", "放弃二孩年份"),
  f("hh_contraception_years", "list<double>", "本户", "夫妻节育措施日期的年份列表;用法 hh_contraception_years.exists(y, y < Y)", "节育措施年份"),
  f("only_child_birth", "double", "本户", "独子女(曾有子女恰为1个)的出生日期,否则 0", "独子女出生日期"),
  f("only_child_death", "double", "本户", "独子女的死亡日期,否则 0", "独子女死亡日期"),
  f("only_child_disability_grade", "double", "本户", "独子女的伤残等级,否则 0", "独子女伤残等级"),
  f("only_child_disability_date", "double", "本户", "独子女的伤残认定日期,否则 0", "独子女伤残认定日期"),
  f("month_start", "double", "月份", "按月规则中当月第一天,如 20270301", "当月第一天"),
  f("month_end", "double", "月份", "按月规则中当月最后一天,如 20270331", "当月最后一天"),
];

export const FACT_NAMES = new Set(FACTS.map((x) => x.name));

const TERMS = new Map(FACTS.map((x) => [x.name, x.term]));

/** The Chinese term of a fact, as explain prints it ("现存子女数" for children_living). */
export function factTerm(name: string): string {
  return TERMS.get(name) ?? name;
}

/** Evaluation context: one flat object per person evaluated (a fixed shape is fast in V8). */
export type FactContext = Record<string, unknown>;

export function buildContext(person: Person, hh: HouseholdFacts, d: RunDates): FactContext {
  const only = hh.onlyChild;
  return {
    Y: d.year, YS: d.start, YE: d.reference,
    age: ageAtReference(person, d), birth: person.birth, sex: person.sex, role: person.role,
    is_parent: person.role !== "子女", is_child: person.role === "子女",
    is_son: person.role === "子女" && person.sex === "男", is_daughter: person.role === "子女" && person.sex === "女",
    alive: isAliveForYear(person, d), living: isLiving(person, d), death_date: person.deathDate,
    disability_grade: person.disabilityGrade, disability_date: person.disabilityDate,
    complication_grade: person.complicationGrade, contraception_date: person.contraceptionDate, contraception_kind: person.contraceptionKind,
    cert_date: person.honorCertDate, waiver_date: person.waiverDate, illegal_birth: person.illegalBirth,
    dibao: person.dibao, pension_insured: person.pensionInsured, care_home: person.careHome,
    stage: person.stage, enroll_year: person.enrollYear, zhongkao_year: person.zhongkaoYear, excellent: person.excellent, adopted: person.adopted,
    has_account: hasUsableAccount(person),
    rural: hh.rural, oc_family: hh.onlyChildFamily, two_girls: hh.twoGirls, girls_only: hh.girlsOnly,
    children_ever: hh.childrenEver, children_living: hh.childrenLiving, sons_ever: hh.sonsEver,
    daughters_ever: hh.daughtersEver, sons_living: hh.sonsLiving, daughters_living: hh.daughtersLiving,
    mother_age: hh.motherAge, parents_count: hh.parents.length, any_illegal_birth: hh.anyIllegalBirth,
    hardship: hh.hardship, hh_sterilised: hh.sterilised, hh_complication: hh.complication, hh_cert_date: hh.honorCertDate, hh_contraception_date: hh.contraceptionDate,
    hh_waiver_date: hh.waiverDate,
    hh_cert_years: hh.certYears, hh_waiver_years: hh.waiverYears, hh_contraception_years: hh.contraceptionYears,
    only_child_birth: only ? only.birth : 0, only_child_death: only ? only.deathDate : 0,
    only_child_disability_grade: only ? only.disabilityGrade : 0,
    only_child_disability_date: only ? only.disabilityDate : 0,
    month_start: 0, month_end: 0,
    row: person.cells ?? EMPTY_ROW,
    p: EMPTY_ROW,
  };
}

const EMPTY_ROW: Readonly<Record<string, never>> = Object.freeze({});

/** Helper functions available in expressions. */
export const FUNCTIONS = {
  year: (d: number): number => yearOf(d),
  age_at: (birth: number, on: number): number => (birth ? ageOn(birth as DateNum, on as DateNum) : -1),
};
