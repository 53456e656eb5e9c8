// The shipped sample county (samples/roster*.csv|xlsx): small, clean, and every programme of the
// sample policy has recipients for a 2027 run, thanks to a few curated households among random ones.
import { BadRows } from "./bad-rows.js";
import { householdId, type Village } from "./county.js";
import { buildHousehold, type Knobs } from "./households.js";
import { IdAllocator } from "./people.js";
import { Rng, deriveSeed } from "./random.js";
import { BAD_KINDS, type GeneratedRow } from "./row.js";

const V = (township: string, village: string, code: string, villageNo: number, urbanShare: number): Village =>
  ({ township, village, regionCode: code, villageNo, urbanShare });

const SAMPLE_VILLAGES: readonly Village[] = [
  V("白沙镇", "白沙社区", "349901", 1, 0.6),
  V("白沙镇", "前进村", "349901", 2, 0.05),
  V("白沙镇", "红旗村", "349901", 3, 0.05),
  V("金沙乡", "金星村", "349902", 1, 0.05),
  V("金沙乡", "银河村", "349902", 2, 0.05),
  V("金沙乡", "柳树村", "349902", 3, 0.05),
];

/** Households that make sure each programme of the sample policy has someone to pay in year `y`. */
export function curatedHouseholds(y: number): Knobs[] {
  const rural = { urban: false, noDeaths: true } as const;
  return [
    // honor_cert, oc_care, child_insurance: a baby born this year, 光荣证 issued this year.
    { ...rural, kind: "oc", fatherBirthYear: y - 31, motherBirthYear: y - 29, childAge: 0, certYear: y },
    // waive_second: one child, the waiver signed this year.
    { ...rural, kind: "oc", fatherBirthYear: y - 33, motherBirthYear: y - 32, childAge: 3, waiverYear: y },
    // contra_bonus: 二女户, contraception years ago, parents under 60.
    { ...rural, kind: "twoGirls", fatherBirthYear: y - 43, motherBirthYear: y - 42, childAge: 14, contraceptionYear: y - 10 },
    // jiangfu: rural couple over 60, one living child.
    { ...rural, kind: "one", fatherBirthYear: y - 67, motherBirthYear: y - 65, childAge: 40 },
    // special_loss: the only child died years ago, mother over 49.
    { ...rural, kind: "lost", fatherBirthYear: y - 57, motherBirthYear: y - 55, childAge: 30, childDeathYear: y - 12 },
    // special_disabled: the only child disabled (grade 2), mother over 49.
    { ...rural, kind: "disabled", fatherBirthYear: y - 55, motherBirthYear: y - 53, childAge: 28, disabilityGrade: 2, disabilityYear: y - 8 },
    // complication: grade 2 after the operation.
    { ...rural, kind: "two", fatherBirthYear: y - 48, motherBirthYear: y - 47, childAge: 24, contraceptionYear: y - 17, complicationGrade: 2 },
    // consolation_death (and special_loss): the only child died this year.
    { ...rural, kind: "lost", fatherBirthYear: y - 51, motherBirthYear: y - 49, childAge: 22, childDeathYear: y },
    // consolation_disabled, grade 4 (mother too young for special_disabled).
    { ...rural, kind: "disabled", fatherBirthYear: y - 43, motherBirthYear: y - 42, childAge: 12, disabilityGrade: 4, disabilityYear: y },
    // consolation_disabled, grade 1 (and special_disabled).
    { ...rural, kind: "disabled", fatherBirthYear: y - 58, motherBirthYear: y - 57, childAge: 31, disabilityGrade: 1, disabilityYear: y },
    // pension_subsidy: insured, 16–59.
    { ...rural, kind: "oc", fatherBirthYear: y - 48, motherBirthYear: y - 47, childAge: 22, pension: true },
    // pension_topup (and jiangfu): 二女户 over 60, insured.
    { ...rural, kind: "twoGirls", fatherBirthYear: y - 69, motherBirthYear: y - 67, childAge: 44, pension: true },
    // dibao_topup: rural oc family on 低保.
    { ...rural, kind: "oc", fatherBirthYear: y - 46, motherBirthYear: y - 45, childAge: 16, dibao: true },
    // care_home: over 60, in a care home.
    { ...rural, kind: "oc", fatherBirthYear: y - 77, motherBirthYear: y - 75, childAge: 48, careHome: true },
    // urban_dibao_oc: urban oc family over 60 on 低保.
    { urban: true, noDeaths: true, kind: "oc", fatherBirthYear: y - 68, motherBirthYear: y - 66, childAge: 40, dibao: true },
    // hs_grant: the only child in 高中.
    { ...rural, kind: "oc", fatherBirthYear: y - 45, motherBirthYear: y - 44, childAge: 16, firstChildStage: "高中" },
    // college_award: entered 大学 this year.
    { ...rural, kind: "twoGirls", fatherBirthYear: y - 46, motherBirthYear: y - 45, childAge: 18, firstChildStage: "大学" },
    // girl_aid: 二女户, daughter in 高中, 品学兼优, 困难家庭.
    { ...rural, kind: "twoGirls", fatherBirthYear: y - 44, motherBirthYear: y - 43, childAge: 16, firstChildStage: "高中", excellent: true, hardship: true },
    // girl_aid: 纯女户 of three, eldest in 初中.
    { ...rural, kind: "girls3", fatherBirthYear: y - 40, motherBirthYear: y - 39, childAge: 13, firstChildStage: "初中", excellent: true, hardship: true },
    // Not paid: a multi-child household with a birth against the policy.
    { ...rural, kind: "multi", fatherBirthYear: y - 64, motherBirthYear: y - 62, childAge: 38, illegalBirth: true },
    // 待补录: an elderly oc couple without a bank account.
    { ...rural, kind: "oc", fatherBirthYear: y - 66, motherBirthYear: y - 64, childAge: 39, noAccount: true },
  ];
}

export interface SampleOptions {
  readonly seed: number;
  readonly year: number;
  readonly householdsPerVillage: number;
  /** Villages to use (the first n of the sample county). */
  readonly villages: number;
  /** Bad rows of each kind to plant (0 for the clean sample). */
  readonly badEach: number;
  /** Whether to mix in the curated households. */
  readonly curated: boolean;
}

export function generateSample(opts: SampleOptions): GeneratedRow[] {
  const rng = new Rng(opts.seed);
  const ids = new IdAllocator();
  const villages = SAMPLE_VILLAGES.slice(0, opts.villages);
  const curated = opts.curated ? curatedHouseholds(opts.year) : [];
  const rows: GeneratedRow[] = [];
  let c = 0;
  villages.forEach((v, vi) => {
    for (let h = 1; h <= opts.householdsPerVillage; h++) {
      // Spread the curated households over the villages, one every few households.
      const knobs = curated.length > 0 && h % 3 === 2 && (h * villages.length + vi) % 2 === 0 ? curated[c++] ?? {} : {};
      const place = { ...v, householdId: householdId(v, h) };
      for (const cells of buildHousehold(rng, ids, opts.year, place, knobs)) rows.push({ cells, bad: undefined });
    }
  });
  for (; c < curated.length; c++) {
    const v = villages[c % villages.length];
    if (!v) break;
    const place = { ...v, householdId: householdId(v, opts.householdsPerVillage + 1 + Math.floor(c / villages.length)) };
    for (const cells of buildHousehold(rng, ids, opts.year, place, curated[c])) rows.push({ cells, bad: undefined });
  }
  if (opts.badEach > 0) plantBadRows(rows, opts.badEach, new Rng(deriveSeed(opts.seed, 3)), opts.year);
  return rows;
}

/** Spoils `each` rows of every bad kind at evenly spread positions. */
function plantBadRows(rows: GeneratedRow[], each: number, rng: Rng, year: number): void {
  const bad = new BadRows(rng, year);
  const total = each * BAD_KINDS.length;
  const at = new Map<number, number>();
  for (let j = 0; j < total; j++) at.set(Math.floor(((j + 0.5) * rows.length) / total), j);
  rows.forEach((row, i) => {
    const j = at.get(i);
    if (j === undefined) bad.remember(row);
    else bad.spoil(row, BAD_KINDS[j % BAD_KINDS.length] ?? "check-digit");
  });
}
