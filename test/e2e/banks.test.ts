import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { withLuhn } from "../../src/domain/id-number.js";
import { payout, readCsvObjects, ROOT, tempDir } from "./cli.js";

const acct = (prefix: string, n: number): string => withLuhn(prefix + String(n).padStart(18 - prefix.length, "0"));

// Two households, both parents over 60 (奖扶 each), their banks spelt four ways and one unknown bank.
const roster = (banks: readonly [string, string][]): string => {
  const rows = [
    "乡镇,村,户编号,姓名,身份证号,家庭角色,户籍性质,开户银行,银行账号",
    `白沙镇,前进村,S01,赵二男,349901196701010113,夫,农业,${banks[0]?.join(",") ?? ","}`,
    `白沙镇,前进村,S01,钱二女,349901196901010126,妻,农业,${banks[1]?.join(",") ?? ","}`,
    "白沙镇,前进村,S01,赵大,349901199001010132,子女,,,",
    `白沙镇,前进村,S02,孙一男,34990119670202017X,夫,农业,${banks[2]?.join(",") ?? ","}`,
    `白沙镇,前进村,S02,周一女,349901197002020181,妻,农业,${banks[3]?.join(",") ?? ","}`,
    "白沙镇,前进村,S02,孙小,349901199502020195,子女,,,",
  ];
  return rows.join("\n") + "\n";
};

describe("banks of the policy (DESIGN §11.3) in a run", () => {
  const dir = tempDir();
  const path = join(dir, "roster.csv");
  writeFileSync(path, roster([["农行", acct("622848", 35)], ["中国农业银行来安支行", acct("622848", 43)], ["农商行", acct("621336", 50)], ["示例县农商行", acct("621336", 68)]]));

  it("one bank spelt four ways gives one file per configured bank, in the bank's template", () => {
    const out = join(dir, "out");
    const r = payout("run", path, "--year", "2027", "--out", out);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(join(out, "银行代发")).sort(), ["中国农业银行.csv", "待补录账户.xlsx", "示例县农村商业银行.txt"]);
    const ledger = readCsvObjects(join(out, "发放台账.csv"));
    assert.deepEqual([...new Set(ledger.filter((a) => a["领款类型"] === "个人").map((a) => a["开户银行"]))].sort(), ["中国农业银行", "示例县农村商业银行"]);
    assert.equal(readCsvObjects(join(out, "数据问题.csv")).length, 0);
  });

  it("an unknown bank and a card of another bank are warnings; check prints each bank with its count", () => {
    const p2 = join(dir, "roster2.csv");
    writeFileSync(p2, roster([["建设银行", acct("621700", 35)], ["农行", acct("622848", 43)], ["农行", acct("621336", 50)], ["邮储", acct("621799", 68)]]));
    const out = join(dir, "out2");
    const r = payout("run", p2, "--year", "2027", "--out", out);
    assert.equal(r.code, 0, r.stderr);
    const problems = readCsvObjects(join(out, "数据问题.csv"));
    assert.deepEqual(problems.map((p) => [p["行号"], p["列"], p["级别"]]), [["2", "开户银行", "警告"], ["5", "银行账号", "警告"]]);
    assert.match(problems[0]?.["问题"] ?? "", /建设银行.*已配置:农村信用社、示例县农村商业银行、中国农业银行、中国邮政储蓄银行/);
    assert.match(problems[1]?.["问题"] ?? "", /621336 属于 示例县农村商业银行/);
    const c = payout("check", p2);
    assert.ok(c.stdout.includes("开户银行(按政策 banks 归并,人数):农村信用社 0,示例县农村商业银行 0,中国农业银行 2,中国邮政储蓄银行 1,建设银行 1(未配置)"), c.stdout);
  });

  it("a bank naming a template the policy lacks is a policy error naming the line", () => {
    const policy = join(dir, "p.yaml");
    writeFileSync(policy, readFileSync(join(ROOT, "samples/policy.yaml"), "utf8").replace("template: 农商行批量代发", "template: 不存在的模板"));
    const r = payout("run", path, "--year", "2027", "--out", join(dir, "out3"), "--policy", policy);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /第 \d+ 行 banks\[1\]\.template:模板 不存在的模板 不在 bank\.templates 中/);
  });
});
