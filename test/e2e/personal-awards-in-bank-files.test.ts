import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import { parse } from "yaml";
import { withLuhn } from "../../src/domain/id-number.js";
import { idFor } from "../helpers/household-builder.js";
import { CONSOLATION_VIA_YIKATONG, samplePolicyText, withPayVia } from "../helpers/policy-variant.js";
import { payout, readCsvObjects, ROOT, tempDir } from "./cli.js";

// DESIGN §6/§7.5: with the sample policy every 个人 award is in a bank file. The acceptance check sums the
// non-xlsx files of 银行代发/ against the ledger's 个人 awards; a sole child disabled in the run year (the
// 伤残一次性抚慰金, which a county may switch to the province 一卡通 list) must not leave that sum short.

const fen = (text: string | undefined): number => Math.round(Number(text ?? "NaN") * 100);
const HEADER = (readFileSync(join(ROOT, "samples", "roster.csv"), "utf8").replace(/^\uFEFF/, "").split(/\r?\n/)[0] ?? "").split(",");

/** Households of 夫, 妻 and one child; the child of household i was found disabled (grade) on the date. */
function roster(children: ReadonlyArray<{ grade: number; date: string }>): string {
  const rows = children.flatMap((c, i) => {
    const account = withLuhn("622827" + String(900000 + i).padStart(12, "0"));
    const base = { 乡镇: "白沙镇", 村: "白沙社区", 户编号: `34990100109${String(i).padStart(2, "0")}`, 户籍性质: "农业", 开户银行: "农村信用社", 银行账号: account };
    return [
      { ...base, 姓名: `夫${i}`, 身份证号: idFor(19700101, "男", 3 * i), 家庭角色: "夫" },
      { ...base, 姓名: `妻${i}`, 身份证号: idFor(19720202, "女", 3 * i + 1), 家庭角色: "妻" },
      { ...base, 姓名: `子${i}`, 身份证号: idFor(20000303, "男", 3 * i + 2), 家庭角色: "子女", 户籍性质: "", 开户银行: "", 银行账号: "", 伤残等级: String(c.grade), 伤残认定日期: c.date },
    ];
  });
  const line = (r: Record<string, string>): string => HEADER.map((h) => r[h] ?? "").join(",");
  return [HEADER.join(","), ...rows.map(line)].join("\r\n") + "\r\n";
}

/** Σ of the non-xlsx files in 银行代发/, read the way the acceptance check reads them (GB18030, 合计 rows left out). */
function bankFilesTotal(dir: string): number {
  let total = 0;
  for (const f of readdirSync(dir).filter((n) => !n.endsWith(".xlsx"))) {
    const rows = iconv.decode(readFileSync(join(dir, f)), "gb18030").split("\r\n").filter(Boolean).slice(1).map((l) => l.split(","));
    total += rows.filter((r) => r[0] !== "合计").reduce((s, r) => s + fen(r[4]), 0);
  }
  return total;
}

describe("a sole child disabled in the run year: the 抚慰金 is in the bank files", () => {
  for (const year of ["2027", "2022"]) {
    it(`in ${year}, Σ non-xlsx bank files = the ledger's 个人 awards, the 抚慰金 among them`, () => {
      const dir = tempDir();
      const file = join(dir, "花名册.csv");
      writeFileSync(file, roster([{ grade: 2, date: `${year}-05-10` }, { grade: 4, date: `${year}-09-01` }, { grade: 3, date: "2015-03-01" }]));
      const out = join(dir, `${year}年度`);
      const r = payout("run", file, "--year", year, "--out", out);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const ledger = readCsvObjects(join(out, "发放台账.csv"));
      const disabled = ledger.filter((a) => a["项目代码"] === "consolation_disabled");
      assert.deepEqual(disabled.map((a) => [a["户编号"], a["领款类型"], a["金额"]]), [
        ["3499010010900", "个人", "20000.00"],
        ["3499010010901", "个人", "10000.00"],
      ]);
      const personal = ledger.filter((a) => a["领款类型"] === "个人").reduce((s, a) => s + fen(a["金额"]), 0);
      const files = readdirSync(join(out, "银行代发"));
      assert.deepEqual(files.filter((f) => f.startsWith("一卡通-")), [], files.join());
      assert.equal(bankFilesTotal(join(out, "银行代发")), personal);
      assert.ok(iconv.decode(readFileSync(join(out, "银行代发", "农村信用社.csv")), "gb18030").includes(",独生子女伤残一次性抚慰金"));
    });
  }
});

describe("the sample policy keeps the 一卡通 template for a county to switch on", () => {
  const text = samplePolicyText();
  const policy = parse(text) as { programs: Array<Record<string, unknown>>; bank: { templates: Record<string, unknown> } };

  it("defines bank.templates.一卡通 and names it from no programme", () => {
    assert.ok(policy.bank.templates["一卡通"]);
    assert.deepEqual(policy.programs.filter((p) => "pay_via" in p).map((p) => p.code), []);
  });

  it("uncommenting its `# pay_via:` line under consolation_disabled gives the policy the tests switch to", () => {
    const commented = text.split("\n").filter((l) => /^\s*# pay_via: /.test(l));
    assert.equal(commented.length, 1, "one commented pay_via line under a programme");
    const uncommented = text.replace(commented[0] ?? "", (commented[0] ?? "").replace("# pay_via:", "pay_via:"));
    assert.deepEqual(parse(uncommented), parse(withPayVia(text, "consolation_disabled", CONSOLATION_VIA_YIKATONG)));
  });
});
