import { readFileSync } from "node:fs";
import type { Award, PayeeKind } from "../../src/domain/award.js";
import type { Role } from "../../src/domain/person.js";
import { fen } from "../../src/domain/money.js";
import { parsePolicyText } from "../../src/policy/parse-policy.js";
import type { Policy } from "../../src/policy/types.js";
import type { RunResult } from "../../src/outputs/run-result.js";
import { makeId } from "../helpers/ids.js";

/** The sample policy, with the bank section of test/fixtures/bank when the sample does not carry one yet. */
export function samplePolicy(sampleText = readFileSync("samples/policy.yaml", "utf8")): Policy {
  let text = sampleText;
  if (!/^bank:/m.test(text)) text += "\n" + readFileSync("test/fixtures/bank/sample-bank-section.yaml", "utf8");
  const parsed = parsePolicyText(text);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.value;
}

export const LI = makeId("19620304", 11); // 夫
export const WANG = makeId("19640506", 22); // 妻
export const CHILD = makeId("20100101", 32);
export const ZHANG = makeId("19700808", 33);
export const ZHANG_D1 = makeId("20090909", 42);
export const ZHANG_D2 = makeId("20110303", 44);

interface AwardSpec {
  township?: string;
  village?: string;
  hh: string;
  name: string;
  id: string;
  role?: Role;
  code: string;
  yuan: number;
  kind?: PayeeKind;
  payee: [string, string] | "";
  bank?: string;
  account?: string;
}

export function award(policy: Policy, s: AwardSpec): Award {
  const program = policy.programs.find((p) => p.code === s.code);
  if (!program) throw new Error(s.code);
  const amount = fen(Math.round(s.yuan * 100));
  const kind = s.kind ?? "个人";
  return {
    year: 2027,
    township: s.township ?? "城关镇",
    village: s.village ?? "东村",
    householdId: s.hh,
    name: s.name,
    id: s.id,
    role: s.role ?? "妻",
    sex: "女",
    birth: 19640506,
    code: s.code,
    programName: program.name,
    category: program.category,
    amount,
    payeeKind: kind,
    payeeName: s.payee === "" ? "" : s.payee[0],
    payeeId: s.payee === "" ? "" : s.payee[1],
    bank: kind === "个人" || kind === "待补录" ? (s.bank ?? "农村信用社") : "",
    account: kind === "个人" ? (s.account ?? "6228480000000000018") : "",
    levels: policy.levels.map((_, i) => (i === 3 ? amount : fen(0))),
    explanation: "",
  };
}

/** A small fixed run: two banks (one per template), aggregation cases, and awards no bank file carries. */
export function smallRun(policy: Policy = samplePolicy(), extra: Award[] = []): RunResult {
  const a = (s: AwardSpec): Award => award(policy, s);
  const wang: [string, string] = ["王秀英", WANG];
  const zhang: [string, string] = ["张建军", ZHANG];
  const awards: Award[] = [
    a({ hh: "CG-001", name: "李建国", id: LI, role: "夫", code: "jiangfu", yuan: 1200, payee: ["李建国", LI], account: "6228480000000000026" }),
    a({ hh: "CG-001", name: "王秀英", id: WANG, code: "jiangfu", yuan: 1200, payee: wang }),
    a({ hh: "CG-001", name: "王秀英", id: WANG, code: "oc_care", yuan: 120, payee: wang }),
    a({ hh: "CG-001", name: "王秀英", id: WANG, code: "ncms_premium", yuan: 400, kind: "机构", payee: ["县医疗保障基金", ""] }),
    a({ hh: "CG-001", name: "李小明", id: CHILD, role: "子女", code: "hs_grant", yuan: 1500, payee: wang }),
    a({ hh: "CG-001", name: "王秀英", id: WANG, code: "priority", yuan: 0, kind: "资格", payee: "" }),
    a({ village: "西村", hh: "XC-002", name: "张建军", id: ZHANG, role: "夫", code: "contra_bonus", yuan: 300, payee: zhang, bank: "示例县农村商业银行", account: "6230910000000000012" }),
    a({ village: "西村", hh: "XC-002", name: "张一", id: ZHANG_D1, role: "子女", code: "hs_grant", yuan: 1500, payee: zhang, bank: "示例县农村商业银行", account: "6230910000000000012" }),
    a({ village: "西村", hh: "XC-002", name: "张二", id: ZHANG_D2, role: "子女", code: "hs_grant", yuan: 1500, payee: zhang, bank: "示例县农村商业银行", account: "6230910000000000012" }),
    a({ village: "西村", hh: "XC-002", name: "张二", id: ZHANG_D2, role: "子女", code: "girl_aid", yuan: 1600, payee: zhang, bank: "示例县农村商业银行", account: "6230910000000000012" }),
    a({ township: "河口镇", village: "南村", hh: "HK-003", name: "赵丽", id: makeId("19600101", 24), code: "jiangfu", yuan: 1200, kind: "待补录", payee: ["赵丽", makeId("19600101", 24)], bank: "" }),
    ...extra,
  ];
  return {
    year: 2027, policy, awards, problems: [], rowsRead: 9, rowsRejected: 0, rowsSetAside: 0, persons: 9, households: 3, budgetWarnings: [],
    noticeStart: 20270915, rosterSha256: "", policySha256: "", version: "0.0.0-test",
  };
}
