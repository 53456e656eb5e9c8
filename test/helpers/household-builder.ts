// Small builders for hand-made persons and households in the pure-core tests.
import { readFileSync } from "node:fs";
import { checkDigit, withLuhn, type IdNumber } from "../../src/domain/id-number.js";
import type { Person, Role, Sex } from "../../src/domain/person.js";
import { parsePolicyText } from "../../src/policy/parse-policy.js";
import type { Policy } from "../../src/policy/types.js";

/** A synthetic ID (region 3499xx) with a valid check digit; the 17th digit carries the sex. */
export function idFor(birth: number, sex: Sex, n = 0, region = "349901"): IdNumber {
  const seq = String(n % 100).padStart(2, "0") + (sex === "男" ? "1" : "2");
  const first17 = region + String(birth) + seq;
  return (first17 + checkDigit(first17)) as IdNumber;
}

/** A valid Luhn account of 19 digits, different for each n. */
export function accountFor(n: number): string {
  return withLuhn("621700" + String(n).padStart(12, "0"));
}

let counter = 0;

export type PersonSpec = Partial<Omit<Person, "role" | "birth">> & { readonly role: Role; readonly birth: number };

/**
 * A person with sensible defaults: sex from the role (a child is a son unless told), an ID made
 * from the birth date and sex, rural, and for a parent a bank account.
 */
export function person(spec: PersonSpec): Person {
  const n = ++counter;
  const sex: Sex = spec.sex ?? (spec.role === "妻" ? "女" : "男");
  const isParent = spec.role !== "子女";
  return {
    row: n + 1,
    township: "城关镇",
    village: "东村",
    householdId: "H001",
    name: `${spec.role}${n}`,
    id: idFor(spec.birth, sex, n),
    sex,
    adopted: false,
    rural: isParent ? true : undefined,
    deathDate: 0,
    disabilityGrade: 0,
    disabilityDate: 0,
    complicationGrade: 0,
    contraceptionDate: 0,
    contraceptionKind: "",
    honorCertDate: 0,
    waiverDate: 0,
    illegalBirth: false,
    dibao: false,
    pensionInsured: false,
    careHome: false,
    stage: "",
    enrollYear: 0,
    zhongkaoYear: 0,
    excellent: false,
    hardship: false,
    payeeFlag: false,
    bank: isParent ? "农商银行" : "",
    account: isParent ? accountFor(n) : "",
    phone: "",
    regionCode: "",
    cells: undefined,
    ...spec,
  };
}

/** The members of one household: same 户编号, township and village; rows numbered in order. */
export function household(householdId: string, members: readonly Person[], firstRow = 2): Person[] {
  return members.map((p, i) => ({ ...p, householdId, row: firstRow + i }));
}

export const husband = (birth: number, extra: Partial<Person> = {}): Person => person({ role: "夫", birth, ...extra });
export const wife = (birth: number, extra: Partial<Person> = {}): Person => person({ role: "妻", birth, ...extra });
export const son = (birth: number, extra: Partial<Person> = {}): Person => person({ role: "子女", birth, sex: "男", ...extra });
export const daughter = (birth: number, extra: Partial<Person> = {}): Person => person({ role: "子女", birth, sex: "女", ...extra });

export function parseOrThrow(text: string): Policy {
  const r = parsePolicyText(text);
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path} (line ${String(i.line)}): ${i.message}`).join("\n"));
  return r.value;
}

export const SAMPLE_POLICY_PATH = new URL("../../samples/policy.yaml", import.meta.url);
export const samplePolicyText = (): string => readFileSync(SAMPLE_POLICY_PATH, "utf8");

let sample: Policy | undefined;
export function samplePolicy(): Policy {
  sample ??= parseOrThrow(samplePolicyText());
  return sample;
}
