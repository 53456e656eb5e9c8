import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readBook, sheetValues } from "../outputs/fixtures.js";
import { payout, readCsvObjects, tempDir } from "./cli.js";
import { makeId } from "../helpers/ids.js";

// Identity across years (issue 9, point 6): the same household under a new 户编号, a programme code
// in another case, and 退出 reasons that are true.

const HEAD = "乡镇,村,户编号,姓名,身份证号,家庭角色,户籍性质,光荣证日期,开户银行,银行账号";
/** A rural only-child family (oc_care, priority …) and a 65-year-old couple with two sons (nothing). */
const roster = (ocHousehold: string): string =>
  [
    HEAD,
    `金沙乡,金星村,${ocHousehold},陈一,349902199803030510,夫,农业,,农村信用社,6228480000000009126`,
    `金沙乡,金星村,${ocHousehold},林二,349902199904040523,妻,农业,2024-03-10,农村信用社,6228480000000009134`,
    `金沙乡,金星村,${ocHousehold},陈小,34990220231225053X,子女,,,,`,
  ].join("\n") + "\n";

function runYear(dir: string, year: number, text: string, ...more: string[]): string {
  const rosterPath = join(dir, `roster-${year}.csv`);
  writeFileSync(rosterPath, text);
  const out = join(dir, String(year));
  const r = payout("run", rosterPath, "--year", String(year), "--out", out, ...more);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  return out;
}

async function sheet(out: string, name: string): Promise<unknown[][]> {
  const s = (await readBook(join(out, "变动名单.xlsx"))).getWorksheet(name);
  return s ? sheetValues(s) : [];
}

describe("a household renumbered from Y04 to Y31 (same parents) is the same household", () => {
  const dir = tempDir();
  const y2026 = runYear(dir, 2026, roster("Y04"));
  const y2027 = runYear(dir, 2027, roster("Y31"), "--previous", join(y2026, "发放台账.csv"));

  it("shows no 退出/新增 pair for its household programmes", async () => {
    const household = (out: string): string[] => readCsvObjects(join(out, "发放台账.csv")).filter((a) => ["oc_care", "priority"].includes(a["项目代码"] ?? "")).map((a) => `${a["户编号"] ?? ""}:${a["项目代码"] ?? ""}`);
    assert.deepEqual(household(y2026), ["Y04:oc_care", "Y04:priority"]);
    assert.deepEqual(household(y2027), ["Y31:oc_care", "Y31:priority"]);
    const exited = (await sheet(y2027, "退出")).filter((r) => r.includes("Y04") || r.includes("Y31"));
    const added = (await sheet(y2027, "新增")).filter((r) => r.includes("Y04") || r.includes("Y31"));
    assert.deepEqual(exited, []);
    assert.deepEqual(added, []);
  });
  it("notes the new number in the change list", async () => {
    const rows = await sheet(y2027, "户编号变更");
    assert.ok(rows.some((r) => r.includes("户编号由 Y04 改为 Y31")), JSON.stringify(rows));
  });
  it("keeps 本年 = 上年 − 退出 + 新增 per programme", async () => {
    for (const r of await sheet(y2027, "汇总")) {
      const [code, , previous, exited, added, current] = r as [string, string, number, number, number, number];
      if (typeof previous === "number") assert.equal(current, previous - exited + added, code);
    }
  });
});

describe("programme codes compare case-insensitively across years", () => {
  it("a one-time award paid last year as HONOR_CERT is not paid again as honor_cert", () => {
    const dir = tempDir();
    const text = roster("H01").replace("2024-03-10", "2026-03-10");
    const y2026 = runYear(dir, 2026, text);
    const ledger = join(y2026, "发放台账.csv");
    assert.ok(readCsvObjects(ledger).some((a) => a["项目代码"] === "honor_cert"));
    const upper = join(dir, "2026-upper.csv");
    writeFileSync(upper, readFileSync(ledger, "utf8").replace(/,honor_cert,/g, ",HONOR_CERT,"));
    // the certificate is back-dated a year later, as if re-entered: the award must still not repeat
    const y2027 = runYear(dir, 2027, text.replace("2026-03-10", "2027-03-10"), "--previous", upper);
    assert.ok(!readCsvObjects(join(y2027, "发放台账.csv")).some((a) => a["项目代码"] === "honor_cert"));
  });
});

describe("a child who moved to another household", () => {
  // 2026: the child is in H01, a rural only-child family, and has 城乡居民医保参保资助 (ncms_premium).
  // 2027: H01 is still there; the child is now listed in H02, a rural family with two sons, where the
  // programme's family condition does not hold.
  const child = "34990220231225053X";
  const h02 = [
    `金沙乡,金星村,H02,王大,${makeId("19800202", 11, "349902")},夫,农业,,农村信用社,6228480000000009142`,
    `金沙乡,金星村,H02,赵二,${makeId("19820303", 22, "349902")},妻,农业,,,`,
    `金沙乡,金星村,H02,王甲,${makeId("20050404", 33, "349902")},子女,农业,,,`,
    `金沙乡,金星村,H02,王乙,${makeId("20080505", 45, "349902")},子女,农业,,,`,
    `金沙乡,金星村,H02,陈小,${child},子女,农业,,,`,
  ];
  const [head, husband, wife] = roster("H01").trimEnd().split("\n") as [string, string, string];
  const dir = tempDir();
  const y2026 = runYear(dir, 2026, roster("H01"));
  const previous = ["--previous", join(y2026, "发放台账.csv")];
  const reason = async (out: string): Promise<unknown> => (await sheet(out, "退出")).find((r) => r.includes(child) && r.includes("城乡居民医保参保资助"))?.at(-1);

  it("was paid in H01 the year before", () => {
    assert.ok(readCsvObjects(join(y2026, "发放台账.csv")).some((a) => a["身份证号"] === child && a["项目代码"] === "ncms_premium"));
  });
  it("has one 退出 reason, naming the new household and why nothing is paid there, whichever household the roster lists first", async () => {
    const oldFirst = runYear(tempDir(), 2027, [head, husband, wife, ...h02].join("\n") + "\n", ...previous);
    const newFirst = runYear(tempDir(), 2027, [head, ...h02, husband, wife].join("\n") + "\n", ...previous);
    const expected = "已迁出本户,本年在户编号 H02(金星村);不再符合:农村独生子女或二女家庭";
    assert.equal(await reason(oldFirst), expected);
    assert.equal(await reason(newFirst), expected);
  });
});
