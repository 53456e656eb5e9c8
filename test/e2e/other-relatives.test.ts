import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readSheetRows } from "../../src/input/read-sheets.js";
import { makeId } from "../helpers/ids.js";
import { payout, readCsvObjects, ROOT, tempDir } from "./cli.js";

// A household register lists everyone under one roof: parents, a son-in-law (28), a daughter-in-law (38),
// grandchildren. Those rows are a warning and no part of the household's facts; they are no rejection.

const POLICY = ["--policy", join(ROOT, "samples", "policy.yaml")];
const HEADER = "乡镇,村,户编号,姓名,身份证号,与户主关系,户籍性质,光荣证日期,开户银行,银行账号";
const ids = {
  head: makeId("19600315", 11), wife: makeId("19620420", 22), daughter: makeId("19880610", 32),
  sonInLaw: makeId("19860101", 41), grandson: makeId("20150101", 51), father: makeId("19350202", 61), daughterInLaw: makeId("19900303", 72),
};
const couple = [
  `金沙乡,金星村,H01,陈一,${ids.head},户主,农业,1985-01-05,农村信用社,6228480000000009126`,
  `金沙乡,金星村,H01,林二,${ids.wife},10,农业,,农村信用社,6228480000000009134`,
  `金沙乡,金星村,H01,陈小,${ids.daughter},长女,,,,`,
];
const relatives = [
  `金沙乡,金星村,H01,王婿,${ids.sonInLaw},28,农业,,农村信用社,6228480000000009142`,
  `金沙乡,金星村,H01,陈孙,${ids.grandson},孙子,,,,`,
  `金沙乡,金星村,H01,陈父,${ids.father},父亲,农业,,,`,
  `金沙乡,金星村,H01,李媳,${ids.daughterInLaw},38,农业,,,`,
];

function run(rows: string[]): { dir: string; out: string; code: number; stdout: string; stderr: string } {
  const dir = tempDir();
  const roster = join(dir, "户籍.csv");
  writeFileSync(roster, [HEADER, ...rows].join("\n"));
  const out = join(dir, "out");
  return { dir, out, ...payout("run", roster, "--year", "2027", "--out", out, ...POLICY) };
}

const withoutKeys = (rows: Array<Record<string, string>>): string => JSON.stringify(rows);

describe("rows of relatives outside the couple and their children (父母, 孙子女, 女婿 28, 儿媳 38)", () => {
  const plain = run(couple);
  const mixed = run([couple[0] as string, relatives[0] as string, couple[1] as string, relatives[1] as string, couple[2] as string, relatives[2] as string, relatives[3] as string]);

  it("is a clean run: exit 0, no 错误, and a 警告 naming each such row", () => {
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(mixed.code, 0, mixed.stderr + mixed.stdout);
    const problems = readCsvObjects(join(mixed.out, "数据问题.csv"));
    assert.deepEqual(problems.filter((p) => p["级别"] === "错误"), [], JSON.stringify(problems));
    const setAside = problems.filter((p) => /不计入本户的家庭情况,不参与核定/.test(p["问题"] ?? ""));
    assert.deepEqual(setAside.map((p) => [p["行号"], p["姓名"], p["级别"]]), [["3", "王婿", "警告"], ["5", "陈孙", "警告"], ["7", "陈父", "警告"], ["8", "李媳", "警告"]]);
    assert.match(setAside[0]?.["问题"] ?? "", /女婿/);
    assert.match(setAside[3]?.["问题"] ?? "", /儿媳/);
  });

  it("leaves the household's facts as they were: the same awards as without those rows (one child, 奖扶 at 60)", () => {
    const before = readCsvObjects(join(plain.out, "发放台账.csv"));
    const after = readCsvObjects(join(mixed.out, "发放台账.csv"));
    assert.ok(before.length > 0, "the couple has awards");
    assert.ok(before.some((a) => a["项目名称"]?.includes("奖励扶助")), JSON.stringify(before.map((a) => a["项目名称"])));
    assert.equal(withoutKeys(after), withoutKeys(before));
    assert.ok(!after.some((a) => ["王婿", "陈孙", "陈父", "李媳"].includes(a["姓名"] ?? "")));
  });

  it("counts them among the rows not evaluated (rows_read = persons + rows_rejected) and apart as rows_set_aside", () => {
    const s = JSON.parse(readFileSync(join(mixed.out, "运行摘要.json"), "utf8"));
    assert.deepEqual([s.rows_read, s.persons, s.rows_rejected, s.rows_set_aside], [7, 3, 4, 4]);
    assert.equal(s.rows_read, s.persons + s.rows_rejected);
    const p = JSON.parse(readFileSync(join(plain.out, "运行摘要.json"), "utf8"));
    assert.equal(p.rows_set_aside, 0);
    assert.match(mixed.stdout, /剔除 0 行;另有 4 行为夫妻及其子女以外的亲属.*不参与核定/);
  });

  it("passes payout verify", () => {
    const v = payout("verify", mixed.out);
    assert.equal(v.code, 0, v.stdout + v.stderr);
  });

  it("check: exit 0 and the same wording", () => {
    const c = payout("check", join(mixed.dir, "户籍.csv"), ...POLICY, "--year", "2027");
    assert.equal(c.code, 0, c.stdout + c.stderr);
    assert.match(c.stdout, /错误 0 条.*剔除 0 行;另有 4 行为夫妻及其子女以外的亲属.*不参与核定/);
  });

  it("with a real error elsewhere: exit 1, and 剔除 counts only the rows of the household in error", () => {
    const bad = run([...couple, ...relatives, `金沙乡,金星村,H02,赵甲,${makeId("19700101", 81)},户主,,,,`]);
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stdout, /剔除 1 行;另有 4 行为夫妻及其子女以外的亲属/);
    const s = JSON.parse(readFileSync(join(bad.out, "运行摘要.json"), "utf8"));
    assert.deepEqual([s.rows_read, s.persons, s.rows_rejected, s.rows_set_aside], [8, 3, 5, 4]);
  });
});

describe("a person paid last year who is now listed as a relative in another household (moved in with his son)", () => {
  const ids2 = { mother: makeId("19370303", 62), aunt: makeId("19620505", 64) };
  const household2 = (fatherRole: string): string[] => [
    `金沙乡,金星村,${fatherRole === "户主" ? "H02" : "H01"},陈父,${ids.father},${fatherRole},农业,,农村信用社,6228480000000009142`,
    `金沙乡,金星村,H02,陈母,${ids2.mother},${fatherRole === "户主" ? "配偶" : "户主"},农业,,,`,
    `金沙乡,金星村,H02,陈姑,${ids2.aunt},长女,,,,`,
  ];
  const dir = tempDir();
  const write = (name: string, rows: string[]): string => {
    const path = join(dir, name);
    writeFileSync(path, [HEADER, ...rows].join("\n"));
    return path;
  };
  const r2026 = write("2026.csv", [...couple, ...household2("户主")]);
  const r2027 = write("2027.csv", [...couple, ...household2("父亲")]);
  const first = payout("run", r2026, "--year", "2026", "--out", join(dir, "2026"), ...POLICY);
  const second = payout("run", r2027, "--year", "2027", "--out", join(dir, "2027"), ...POLICY, "--previous", join(dir, "2026", "发放台账.csv"));

  it("变动名单 退出 says he is listed as 父亲 and not evaluated, not that he left the roster", async () => {
    assert.equal(first.code, 0, first.stderr);
    assert.equal(second.code, 0, second.stderr);
    assert.ok(readCsvObjects(join(dir, "2026", "发放台账.csv")).some((a) => a["姓名"] === "陈父" && Number(a["金额"]) > 0));
    const exited: string[] = [];
    for await (const { sheet, cells } of readSheetRows(join(dir, "2027", "变动名单.xlsx"))) if (sheet === "退出" && cells[4] === "陈父") exited.push(String(cells[8]));
    assert.ok(exited.length > 0);
    for (const reason of exited) assert.equal(reason, "本年花名册中与户主关系为“父亲”,不是夫、妻或其子女,不参与核定");
  });

  it("explain on his ID says why he is not evaluated and where his household is", () => {
    const e = payout("explain", r2027, ids.father, "--year", "2027", ...POLICY);
    assert.equal(e.code, 2);
    assert.match(e.stderr, /该人不参与核定.*与户主关系为“父亲”,不是夫、妻或其子女.*户编号 H01/);
    assert.ok(!e.stderr.includes(ids.father), "the ID is masked or absent");
  });
});
