import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fullIdsIn, payout, readCsvObjects, ROOT, tempDir } from "./cli.js";

const fx = (name: string): string => join(ROOT, "test/fixtures", name);

describe("payout run on small fixtures", () => {
  it("finds the header below title rows, accepts aliases and normalises IDs, names and accounts", () => {
    const out = join(tempDir(), "out");
    const r = payout("run", fx("title-rows-and-aliases.csv"), "--year", "2027", "--out", out);
    assert.equal(r.code, 0, r.stderr);
    const ledger = readCsvObjects(join(out, "发放台账.csv"));
    const ids = new Set(ledger.map((a) => a["身份证号"]));
    assert.ok(ids.has("34990119620505001X"), "lower-case x upper-cased");
    assert.ok(ids.has("349901196406060249"), "15-digit ID upgraded to 18");
    assert.ok(ledger.some((a) => a["姓名"] === "王大明"), "spaces inside a name removed");
    const wifeJiangfu = ledger.find((a) => a["身份证号"] === "349901196406060249" && a["项目代码"] === "jiangfu");
    assert.equal(wifeJiangfu?.["银行账号"], "6228480000000009027", "full-width account digits made half-width");
    assert.equal(readCsvObjects(join(out, "数据问题.csv")).length, 0);
  });

  it("a GBK roster gives the same ledger as the UTF-8 one", () => {
    const a = join(tempDir(), "a");
    const b = join(tempDir(), "b");
    assert.equal(payout("run", fx("sixty-with-two-sons.csv"), "--year", "2027", "--out", a).code, 0);
    assert.equal(payout("run", fx("sixty-with-two-sons-gbk.csv"), "--year", "2027", "--out", b).code, 0);
    assert.deepEqual(readFileSync(join(b, "发放台账.csv")), readFileSync(join(a, "发放台账.csv")));
  });

  it("reports every kind of row error with the row number a spreadsheet shows, and exits 1", () => {
    const out = join(tempDir(), "out");
    const r = payout("run", fx("every-kind-of-error.csv"), "--year", "2027", "--out", out);
    assert.equal(r.code, 1);
    const problems = readCsvObjects(join(out, "数据问题.csv"));
    const at = (row: number): Array<Record<string, string>> => problems.filter((p) => p["行号"] === String(row));
    assert.match(at(2)[0]?.["问题"] ?? "", /校验位/);
    assert.equal(at(3)[0]?.["问题"], "同户存在错误,本户暂不发放");
    assert.equal(at(3)[0]?.["级别"], "警告");
    assert.match(at(4)[0]?.["问题"] ?? "", /文本/, "an ID Excel stored as a number says to format the column as text");
    assert.match(at(5)[0]?.["问题"] ?? "", /与第 6 行重复/);
    assert.match(at(6)[0]?.["问题"] ?? "", /与第 5 行重复/);
    assert.equal(at(7)[0]?.["列"], "家庭角色");
    assert.equal(at(8)[0]?.["列"], "死亡日期");
    assert.match(at(9)[0]?.["问题"] ?? "", /性别/);
    assert.equal(at(10)[0]?.["列"], "户籍性质");
    assert.equal(at(11)[0]?.["列"], "低保");
    assert.equal(at(12)[0]?.["级别"], "警告", "a failed Luhn check is a warning only");
    assert.match(at(13)[0]?.["问题"] ?? "", /2 个“夫”/);
    const rows = problems.map((p) => Number(p["行号"]));
    assert.deepEqual(rows, [...rows].sort((x, y) => x - y), "sorted by 行号");
    const summary = JSON.parse(readFileSync(join(out, "运行摘要.json"), "utf8"));
    assert.equal(summary.rows_read, 14);
    assert.equal(summary.rows_read, summary.persons + summary.rows_rejected);
    assert.equal(fullIdsIn(r.stdout + r.stderr).length, 0);
  });

  it("does not pay a one-time award that an earlier year's ledger already holds", () => {
    const first = join(tempDir(), "2027");
    assert.equal(payout("run", fx("honor-cert-this-year.csv"), "--year", "2027", "--out", first).code, 0);
    const paid = readCsvObjects(join(first, "发放台账.csv"));
    assert.ok(paid.some((a) => a["项目代码"] === "honor_cert"));
    // the same award as if a correction had paid it last year: the ledger with 年度 2026
    const lastYear = join(tempDir(), "2026-发放台账.csv");
    writeFileSync(lastYear, readFileSync(join(first, "发放台账.csv"), "utf8").replace(/^2027,/gm, "2026,"));
    const again = join(tempDir(), "again");
    const r = payout("run", fx("honor-cert-this-year.csv"), "--year", "2027", "--out", again, "--previous", lastYear);
    assert.equal(r.code, 0, r.stderr);
    const ledger = readCsvObjects(join(again, "发放台账.csv"));
    assert.ok(!ledger.some((a) => a["项目代码"] === "honor_cert"));
    assert.ok(ledger.some((a) => a["项目代码"] === "oc_care"), "recurring awards are still paid");
    assert.ok(readCsvObjects(join(again, "数据问题.csv")).some((p) => /“独生子女父母光荣证一次性奖励”往年已发放/.test(p["问题"] ?? "")));
  });
});

describe("payout run refuses what it must not do", () => {
  it("a --previous ledger of the run's own year (or later) is refused: it would stop this year's one-time awards", () => {
    const first = join(tempDir(), "2027");
    assert.equal(payout("run", fx("honor-cert-this-year.csv"), "--year", "2027", "--out", first).code, 0);
    const out = join(tempDir(), "again");
    const r = payout("run", fx("honor-cert-this-year.csv"), "--year", "2027", "--out", out, "--previous", join(first, "发放台账.csv"));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /不早于本次的 2027 年度/);
    assert.equal(existsSync(out), false);
  });

  it("an invalid policy exits 2, names the line, and leaves no output directory", () => {
    const dir = tempDir();
    const policy = join(dir, "bad.yaml");
    writeFileSync(policy, readFileSync(join(ROOT, "samples/policy.yaml"), "utf8").replace("age >= 60\n      无违法生育", "agee >= 60\n      无违法生育"));
    const out = join(dir, "out");
    const r = payout("run", fx("sixty-with-two-sons.csv"), "--year", "2027", "--out", out, "--policy", policy);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /第 \d+ 行 programs\[4\]\.conditions\.年满60周岁/);
    assert.match(r.stderr, /agee/);
    assert.equal(existsSync(out), false);
  });

  it("a parameter with no value for a date a programme needs exits 2 naming the parameter and the date", () => {
    const dir = tempDir();
    const policy = join(dir, "p.yaml");
    writeFileSync(policy, readFileSync(join(ROOT, "samples/policy.yaml"), "utf8").replace("special_loss_monthly: {2007-01-01: 100, ", "special_loss_monthly: {"));
    const r = payout("run", fx("sixty-with-two-sons.csv"), "--year", "2010", "--out", join(dir, "out"), "--policy", policy);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /special_loss_monthly/);
    assert.match(r.stderr, /2010-01-01/);
    assert.equal(existsSync(join(dir, "out")), false);
  });

  it("--year is required and must be a year", () => {
    assert.equal(payout("run", fx("sixty-with-two-sons.csv"), "--out", join(tempDir(), "o")).code, 2);
    assert.equal(payout("run", fx("sixty-with-two-sons.csv"), "--year", "27", "--out", join(tempDir(), "o")).code, 2);
  });

  it("an unreadable roster exits 2", () => {
    const r = payout("run", fx("no-such-file.csv"), "--year", "2027", "--out", join(tempDir(), "o"));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /找不到花名册 .*no-such-file\.csv:请检查文件名/);
  });

  it("an existing non-empty --out is refused; --force replaces only an earlier run", () => {
    const dir = tempDir();
    const foreign = join(dir, "mine");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "重要.txt"), "keep me");
    assert.equal(payout("run", fx("sixty-with-two-sons.csv"), "--year", "2027", "--out", foreign).code, 2);
    assert.equal(payout("run", fx("sixty-with-two-sons.csv"), "--year", "2027", "--out", foreign, "--force").code, 2);
    assert.equal(readFileSync(join(foreign, "重要.txt"), "utf8"), "keep me");
    const out = join(dir, "run");
    assert.equal(payout("run", fx("sixty-with-two-sons.csv"), "--year", "2027", "--out", out).code, 0);
    assert.equal(payout("run", fx("sixty-with-two-sons.csv"), "--year", "2027", "--out", out).code, 2);
    assert.equal(payout("run", fx("honor-cert-this-year.csv"), "--year", "2027", "--out", out, "--force").code, 0);
    assert.ok(readCsvObjects(join(out, "发放台账.csv")).some((a) => a["项目代码"] === "honor_cert"));
    assert.deepEqual(readdirSync(dir).sort(), ["mine", "run"], "no temporary directories left behind");
  });

  it("two runs on the same input write identical bytes", () => {
    const a = join(tempDir(), "a");
    const b = join(tempDir(), "b");
    payout("run", fx("title-rows-and-aliases.csv"), "--year", "2027", "--out", a);
    payout("run", fx("title-rows-and-aliases.csv"), "--year", "2027", "--out", b);
    for (const f of readdirSync(a)) {
      if (f.endsWith(".xlsx") || !f.includes(".")) continue;
      assert.deepEqual(readFileSync(join(b, f)), readFileSync(join(a, f)), f);
    }
  });
});

describe("payout check and explain", () => {
  it("check prints problems with masked IDs, writes nothing and exits 1 on errors", () => {
    const r = payout("check", fx("every-kind-of-error.csv"), "--year", "2027");
    assert.equal(r.code, 1);
    assert.match(r.stdout, /第 2 行 \[错误\]/);
    assert.deepEqual(fullIdsIn(r.stdout + r.stderr), []);
    assert.equal(payout("check", fx("sixty-with-two-sons.csv")).code, 0);
  });

  it("explain shows the condition that denies 奖扶 to a 60-year-old with two sons", () => {
    const r = payout("explain", fx("sixty-with-two-sons.csv"), "S01", "--year", "2027");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /✗ 农村部分计划生育家庭奖励扶助金 — 赵二男/);
    assert.match(r.stdout, /✗ 子女条件 +\[现存子女数=2, 现存女儿数=0, 曾有子女数=2\]/);
    assert.match(r.stdout, /✓ 年满60周岁 +\[周岁年龄=60\]/);
    assert.deepEqual(fullIdsIn(r.stdout), []);
    // without --verbose no expression, fact name or programme code appears
    assert.doesNotMatch(r.stdout, /[A-Za-z_]{2,}/, "only Chinese without --verbose");
  });

  it("explain --verbose adds each condition's expression and the programme code", () => {
    const r = payout("explain", fx("sixty-with-two-sons.csv"), "S01", "--year", "2027", "--verbose");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /✗ 农村部分计划生育家庭奖励扶助金\(jiangfu\) — 赵二男/);
    assert.match(r.stdout, /✓ 年满60周岁: age >= 60 +\[周岁年龄=60\]/);
  });

  it("explain says in words which months count: before the certificate 未领光荣证,不计", () => {
    const r = payout("explain", fx("honor-cert-this-year.csv"), "H01", "--year", "2027", "--program", "独生子女父母奖励费(保健费)");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /· 1–2 月:当月未领光荣证,不计\n +· 3–12 月:计入\n +金额:100\.00 元 = 10\.00×10/);
    assert.doesNotMatch(r.stdout, /已领光荣证/);
    // the filter keeps that one programme only
    assert.deepEqual(r.stdout.match(/^\S+ \S+ — /gm), ["✓ 独生子女父母奖励费(保健费) — "]);
  });

  it("explain --program takes a code in any case; an unknown one exits 2 listing the programme names", () => {
    const byCode = payout("explain", fx("honor-cert-this-year.csv"), "H01", "--year", "2027", "--program", "OC_CARE");
    assert.equal(byCode.code, 0, byCode.stderr);
    assert.match(byCode.stdout, /✓ 独生子女父母奖励费\(保健费\) — /);
    const unknown = payout("explain", fx("honor-cert-this-year.csv"), "H01", "--year", "2027", "--program", "保健费");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /--program “保健费”不是政策中的项目。可填的项目名称:\n +独生子女父母光荣证一次性奖励\n/);
  });

  it("explain marks a qualification 资格, never ✓ with money", () => {
    const r = payout("explain", fx("honor-cert-this-year.csv"), "H01", "--year", "2027", "--program", "计生家庭优先优惠资格");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^资格 计生家庭优先优惠资格 — /m);
    assert.match(r.stdout, /资格确认,不发放资金/);
    assert.doesNotMatch(r.stdout, /✓ 计生家庭优先优惠资格|金额:0\.00/);
  });

  it("explain shows a 奖扶 recipient's amount, split and payee, with masked account", () => {
    const r = payout("explain", fx("sixty-with-two-sons.csv"), "34990119670202017X", "--year", "2027");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /✓ 农村部分计划生育家庭奖励扶助金 — /);
    assert.match(r.stdout, /金额:1200\.00 元 = 国家标准960\.00\+省提标240\.00/);
    assert.match(r.stdout, /分担:中央 576\.00 \/ 省 432\.00 \/ 市 96\.00 \/ 县 96\.00/);
    assert.match(r.stdout, /领款:个人 孙一男 农村信用社 \*+9050/);
    assert.match(r.stdout, /依据:国家奖励扶助制度/);
    assert.deepEqual(fullIdsIn(r.stdout), []);
  });

  it("explain of an unknown person exits 2 without echoing the full number", () => {
    const r = payout("explain", fx("sixty-with-two-sons.csv"), "349901196701010999", "--year", "2027");
    assert.equal(r.code, 2);
    assert.deepEqual(fullIdsIn(r.stderr), []);
  });
});

describe("spreadsheet safety", () => {
  it("text that Excel would run as a formula is written as text in the ledger and the bank file", () => {
    const out = join(tempDir(), "out");
    const r = payout("run", fx("formula-like-names.csv"), "--year", "2027", "--out", out);
    assert.equal(r.code, 0, r.stderr);
    const raw = readFileSync(join(out, "发放台账.csv"), "utf8");
    assert.ok(!/(^|,)"?=HYPERLINK/m.test(raw), "no cell starts with =");
    assert.ok(raw.includes(`"'=HYPERLINK(""http://x.invalid"",""点我"")"`));
    assert.ok(raw.includes(",'@李四,"));
    const bank = readFileSync(join(out, "银行代发", "农村信用社.csv")).toString("latin1");
    assert.ok(!/(^|,)"?[=@+]/m.test(bank), "no bank cell starts with = @ +");
  });
});

describe("rare characters in names", () => {
  it("a payee whose name has a character outside GBK is paid, written in its GB18030 form (never ?), and the clerk is warned", () => {
    const out = join(tempDir(), "out");
    const r = payout("run", fx("rare-character-name.csv"), "--year", "2027", "--out", out);
    assert.equal(r.code, 0, r.stderr);
    const ledger = readCsvObjects(join(out, "发放台账.csv"));
    const his = ledger.find((a) => a["姓名"] === "吉𠮷" && a["项目代码"] === "jiangfu");
    assert.equal(his?.["领款类型"], "个人", "a usable account pays, as DESIGN §4 says");
    const problems = readCsvObjects(join(out, "数据问题.csv"));
    assert.equal(problems.filter((p) => p["级别"] === "警告" && /U\+20BB7/.test(p["问题"] ?? "")).length, 1);
    const bank = readFileSync(join(out, "银行代发", "农村信用社.csv"));
    assert.ok(!bank.includes(0x3f), "no ? in the bank file");
    assert.ok(new TextDecoder("gb18030").decode(bank).includes("吉𠮷,"), "the name reads back from GB18030");
  });
});

describe("the command line speaks Chinese", () => {
  it("help and usage errors are in Chinese and usage errors exit 2", () => {
    const help = payout("--help");
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^用法: payout \[选项\] \[命令\]/);
    assert.match(help.stdout, /命令:/);
    const missing = payout("run", fx("sixty-with-two-sons.csv"), "--out", join(tempDir(), "o"));
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /错误:缺少必填选项 --year/);
    const unknown = payout("frobnicate");
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /错误:未知的命令 frobnicate/);
    assert.doesNotMatch(missing.stderr + unknown.stderr, /error:/);
  });
});

describe("explain is the run's own evaluation (issue 9)", () => {
  it("an award withheld by an objection (--exclude) is ✗ in explain, with the objection, as the ledger has it", () => {
    const dir = tempDir();
    const objections = join(dir, "异议.csv");
    writeFileSync(objections, "身份证号,项目代码,原因\n34990119670202017X,jiangfu,村民反映长期外出\n");
    const out = join(dir, "out");
    assert.equal(payout("run", fx("sixty-with-two-sons.csv"), "--year", "2027", "--out", out, "--exclude", objections).code, 0);
    assert.ok(!readCsvObjects(join(out, "发放台账.csv")).some((a) => a["身份证号"] === "34990119670202017X" && a["项目代码"] === "jiangfu"));
    const r = payout("explain", fx("sixty-with-two-sons.csv"), "34990119670202017X", "--year", "2027", "--exclude", objections);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /✗ 农村部分计划生育家庭奖励扶助金 — /);
    assert.match(r.stdout, /不列入台账:公示异议,暂停发放\(村民反映长期外出\)/);
    assert.deepEqual(fullIdsIn(r.stdout), []);
  });

  it("a 待补录 award withheld by an objection is ✗ in explain too (it is the ledger's award, phone and all, not a copy)", () => {
    const roster = join(ROOT, "samples/roster.csv");
    const out = join(tempDir(), "out");
    assert.equal(payout("run", roster, "--year", "2027", "--out", out).code, 0);
    const pending = readCsvObjects(join(out, "发放台账.csv")).find((a) => a["领款类型"] === "待补录");
    assert.ok(pending, "the sample county has a 待补录 award");
    const id = pending["身份证号"] ?? "";
    const objections = join(tempDir(), "异议.csv");
    writeFileSync(objections, `身份证号,项目代码,原因\n${id},${pending["项目代码"]},公示期间有异议\n`);
    const r = payout("explain", roster, id, "--year", "2027", "--exclude", objections);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`✗ ${pending["项目名称"]} — `));
    assert.match(r.stdout, /不列入台账:公示异议,暂停发放\(公示期间有异议\)/);
    assert.doesNotMatch(r.stdout, new RegExp(`✓ ${pending["项目名称"]} — `));
  });
});
