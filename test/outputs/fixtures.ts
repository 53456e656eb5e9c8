import { readFileSync } from "node:fs";
import type { Workbook, Worksheet } from "exceljs";
import ExcelJS from "../../src/input/exceljs.js";
import { compareAwards, type Award, type PayeeKind } from "../../src/domain/award.js";
import { checkDigit } from "../../src/domain/id-number.js";
import { splitByShares, ZERO, type Fen } from "../../src/domain/money.js";
import type { Role, Sex } from "../../src/domain/person.js";
import { parsePolicyText } from "../../src/policy/parse-policy.js";
import type { Policy } from "../../src/policy/types.js";
import type { RunResult } from "../../src/outputs/run-result.js";
import { tempDir as makeTempDir } from "../helpers/temp-dir.js";

// A small hand-made run of the sample policy: two townships, a few programmes of each payee kind.

export function samplePolicy(): Policy {
  const parsed = parsePolicyText(readFileSync(new URL("../../samples/policy.yaml", import.meta.url), "utf8"));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

/** A valid 18-digit ID: address code, birth date, sequence (odd male, even female). */
export function makeId(birth: number, seq: number, area = "341122"): string {
  const first17 = `${area}${birth}${String(seq).padStart(3, "0")}`;
  return first17 + checkDigit(first17);
}

export interface AwardSpec {
  readonly township: string;
  readonly village: string;
  readonly householdId: string;
  readonly name: string;
  readonly role: Role;
  readonly sex: Sex;
  readonly birth: number;
  readonly seq: number;
  readonly code: string;
  readonly yuan: number;
  readonly payeeKind: PayeeKind;
  readonly payeeName?: string;
  readonly payeeId?: string;
  readonly bank?: string;
  readonly account?: string;
}

export function makeAward(policy: Policy, s: AwardSpec): Award {
  const program = policy.programs.find((p) => p.code === s.code);
  if (!program) throw new Error(`no programme ${s.code}`);
  const amount = Math.round(s.yuan * 100) as Fen;
  const levels =
    program.amount.kind === "qualification" || !program.amount.parts[0]
      ? policy.levels.map(() => ZERO)
      : splitByShares(amount, program.amount.parts[0].shares[program.amount.parts[0].shares.length - 1]?.bp ?? []);
  const id = makeId(s.birth, s.seq);
  return {
    year: 2027,
    township: s.township,
    village: s.village,
    householdId: s.householdId,
    name: s.name,
    id,
    role: s.role,
    sex: s.sex,
    birth: s.birth,
    code: s.code,
    programName: program.name,
    category: program.category,
    amount,
    payeeKind: s.payeeKind,
    payeeName: s.payeeName ?? (program.payee.kind === "institution" ? program.payee.name : s.name),
    payeeId: s.payeeId ?? (s.payeeKind === "机构" ? "" : id),
    bank: s.bank ?? (s.payeeKind === "个人" ? "农村信用社" : ""),
    account: s.account ?? (s.payeeKind === "个人" ? `62210000${String(s.seq).padStart(11, "0")}` : ""),
    levels,
    explanation: "",
  };
}

const E = "东山镇";
const W = "西河乡";

export const SPECS: readonly AwardSpec[] = [
  // 东山镇 前进村: an old couple on 奖扶; the husband's account is missing.
  { township: E, village: "前进村", householdId: "H001", name: "张大山", role: "夫", sex: "男", birth: 19600305, seq: 11, code: "jiangfu", yuan: 1200, payeeKind: "个人" },
  { township: E, village: "前进村", householdId: "H001", name: "李秀英", role: "妻", sex: "女", birth: 19620708, seq: 22, code: "jiangfu", yuan: 1200, payeeKind: "待补录", bank: "", account: "" },
  { township: E, village: "前进村", householdId: "H001", name: "李秀英", role: "妻", sex: "女", birth: 19620708, seq: 22, code: "priority", yuan: 0, payeeKind: "资格" },
  // A child on the notice (hs_grant) and on institution programmes: a minor, name masked.
  { township: E, village: "前进村", householdId: "H002", name: "王小明", role: "子女", sex: "男", birth: 20110915, seq: 31, code: "hs_grant", yuan: 1500, payeeKind: "个人", payeeName: "王建国", payeeId: makeId(19820101, 33) },
  { township: E, village: "前进村", householdId: "H002", name: "王小明", role: "子女", sex: "男", birth: 20110915, seq: 31, code: "ncms_premium", yuan: 400, payeeKind: "机构" },
  { township: E, village: "前进村", householdId: "H002", name: "王建国", role: "夫", sex: "男", birth: 19820101, seq: 33, code: "pension_subsidy", yuan: 70, payeeKind: "机构" },
  // A name that would be a formula if written raw, and an invalid account.
  { township: E, village: "红星村", householdId: "H101", name: "=HYPERLINK(\"x\")", role: "妻", sex: "女", birth: 19700101, seq: 42, code: "special_loss", yuan: 7080, payeeKind: "待补录", bank: "农业银行", account: "12AB" },
  { township: E, village: "红星村", householdId: "H102", name: "赵德", role: "夫", sex: "男", birth: 19550505, seq: 51, code: "jiangfu", yuan: 1200, payeeKind: "个人" },
  { township: E, village: "红星村", householdId: "H102", name: "赵德", role: "夫", sex: "男", birth: 19550505, seq: 51, code: "care_home", yuan: 3000, payeeKind: "机构" },
  { township: E, village: "红星村", householdId: "H103", name: "孙丽", role: "妻", sex: "女", birth: 19900202, seq: 62, code: "honor_cert", yuan: 1000, payeeKind: "个人" },
  { township: E, village: "红星村", householdId: "H103", name: "孙丽", role: "妻", sex: "女", birth: 19900202, seq: 62, code: "oc_care", yuan: 120, payeeKind: "个人" },
  // 西河乡: a payee who died (usable account, still pending), and a child on the insurance.
  { township: W, village: "河口村", householdId: "W001", name: "周福", role: "夫", sex: "男", birth: 19500808, seq: 71, code: "jiangfu", yuan: 1200, payeeKind: "待补录", bank: "邮储银行", account: "6210981234567890123" },
  { township: W, village: "河口村", householdId: "W002", name: "吴桂兰", role: "妻", sex: "女", birth: 19671111, seq: 82, code: "special_disabled", yuan: 5520, payeeKind: "个人" },
  { township: W, village: "河口村", householdId: "W003", name: "郑小花", role: "子女", sex: "女", birth: 20240303, seq: 92, code: "child_insurance", yuan: 32, payeeKind: "机构" },
  { township: W, village: "河口村", householdId: "W003", name: "郑强", role: "夫", sex: "男", birth: 19950101, seq: 93, code: "contra_bonus", yuan: 300, payeeKind: "个人" },
];

export function sampleResult(overrides: Partial<RunResult> = {}): RunResult {
  const policy = overrides.policy ?? samplePolicy();
  const awards = SPECS.map((s) => makeAward(policy, s)).sort(compareAwards);
  return {
    year: 2027,
    policy,
    awards,
    problems: [],
    rowsRead: 20,
    rowsRejected: 0,
    rowsSetAside: 0,
    persons: 20,
    households: 10,
    budgetWarnings: [],
    noticeStart: 0,
    rosterSha256: "",
    policySha256: "",
    version: "0.0.0-test",
    ...overrides,
  };
}

/** A folder for a test's outputs, removed when the test process ends. */
export async function tempDir(): Promise<string> {
  return makeTempDir("payout-outputs-");
}

export async function readBook(path: string): Promise<Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book;
}

/** Every cell of a sheet as plain values (row-major), for searching. */
export function sheetValues(sheet: Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, n) => {
    rows[n - 1] = Array.isArray(row.values) ? row.values.slice(1) : [];
  });
  return rows;
}

/** The first row whose first cell equals `label`. */
export function rowStartingWith(sheet: Worksheet, label: string): unknown[] | undefined {
  return sheetValues(sheet).find((r) => r?.[0] === label);
}

export const fen = (yuan: unknown): number => Math.round(Number(yuan) * 100);
