import type { Policy } from "../../src/policy/types.js";
import { isPayoutError } from "../../src/errors.js";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import iconv from "iconv-lite";
import fc from "fast-check";
import { eachCsvRecord, parseCsvText } from "../../src/input/csv-text.js";
import { parseAmount } from "../../src/outputs/bank/templates.js";
import type { Award } from "../../src/domain/award.js";
import {
  DEFAULT_BANK_TEMPLATES, parseBankTemplates, planBankFiles, policyBankTemplates, readBankFileTotals, templateForBank, writeBankFiles,
  type BankTemplates,
} from "../../src/outputs/bank/index.js";
import type { RunResult } from "../../src/outputs/run-result.js";
import { award, samplePolicy, smallRun, WANG, ZHANG } from "./bank-fixture.js";
import { tempDir } from "../helpers/temp-dir.js";

const policy = samplePolicy();
const GOLDEN = "test/fixtures/golden";

function templates(raw: unknown, banks: Policy["banks"] = []): BankTemplates {
  const r = parseBankTemplates(raw, banks);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}
const sampleTemplates = ((): BankTemplates => {
  const r = policyBankTemplates(policy);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
})();
const tmp = (): string => tempDir("payout-bank-");
const gbk = (bytes: Buffer): string => new TextDecoder("gb18030", { fatal: true }).decode(bytes);

async function writeAll(result: RunResult, t: BankTemplates): Promise<{ dir: string; files: Map<string, Buffer> }> {
  const dir = tmp();
  const written = await writeBankFiles(result, dir, t);
  return { dir, files: new Map(written.map((w) => [w.path, readFileSync(join(dir, w.path))])) };
}

function assertGolden(name: string, bytes: Buffer | undefined): void {
  assert.ok(bytes, `${name} was not written`);
  const path = join(GOLDEN, name);
  if (process.env.UPDATE_GOLDEN === "1") writeFileSync(path, bytes);
  assert.ok(existsSync(path), `golden file ${path} missing (run with UPDATE_GOLDEN=1 once, then review it)`);
  assert.ok(bytes.equals(readFileSync(path)), `${name} differs from its golden file:\n${gbk(bytes)}`);
}

describe("bank files: exact bytes of each template (golden files)", () => {
  it("the default template and the sample's pipe-delimited txt template write the pinned bytes", async () => {
    const { files } = await writeAll(smallRun(policy), sampleTemplates);
    assert.deepEqual([...files.keys()], ["银行代发/农村信用社.csv", "银行代发/示例县农村商业银行.txt"]);
    assertGolden("bank-default.csv", files.get("银行代发/农村信用社.csv"));
    assertGolden("bank-pipe.txt", files.get("银行代发/示例县农村商业银行.txt"));
  });

  it("a per-payee template in 分 writes the pinned bytes", async () => {
    const t = templates({ default: { lines: "per_payee", amount_unit: "分", columns: ["序号", "户名", "证件号码", "账号", "金额", "摘要", "乡镇", "村"] } });
    const { files } = await writeAll(smallRun(policy), t);
    assertGolden("bank-per-payee-fen.csv", files.get("银行代发/农村信用社.csv"));
  });

  it("the order of the awards does not change a byte", async () => {
    const run = smallRun(policy);
    const shuffled: RunResult = { ...run, awards: [...run.awards].reverse() };
    const a = await writeAll(run, sampleTemplates);
    const b = await writeAll(shuffled, sampleTemplates);
    for (const [path, bytes] of a.files) assert.ok(bytes.equals(b.files.get(path) ?? Buffer.alloc(0)), path);
  });
});

describe("bank files: content", () => {
  it("the default file is GBK, one line per payee and programme, with 合计,<笔数>,,,<总金额>, last", async () => {
    const { files } = await writeAll(smallRun(policy), DEFAULT_BANK_TEMPLATES);
    const bytes = files.get("银行代发/农村信用社.csv");
    assert.ok(bytes);
    assert.ok(bytes.includes(iconv.encode("王秀英", "gbk")), "names are GBK bytes");
    assert.ok(!bytes.includes(Buffer.from("王秀英", "utf8")), "names are not UTF-8");
    const lines = gbk(bytes).split("\r\n");
    assert.equal(lines[0], "序号,户名,证件号码,账号,金额,摘要");
    assert.equal(lines.at(-2), "合计,4,,,4020.00,");
    assert.equal(lines.at(-1), "");
    assert.ok(lines.includes(`4,王秀英,${WANG},6228480000000000018,120.00,独生子女父母奖励费(保健费)`));
  });

  it("only 个人 awards go to bank files; their totals and counts are returned", async () => {
    const run = smallRun(policy);
    const dir = tmp();
    const written = await writeBankFiles(run, dir, sampleTemplates);
    const personal = run.awards.filter((a) => a.payeeKind === "个人");
    assert.equal(written.reduce((s, w) => s + w.total, 0), personal.reduce((s, a) => s + a.amount, 0));
    assert.equal(written.reduce((s, w) => s + w.awards, 0), personal.length);
    const rcc = written.find((w) => w.bank === "示例县农村商业银行");
    assert.deepEqual({ count: rcc?.count, awards: rcc?.awards, total: rcc?.total, sensitive: rcc?.sensitive }, { count: 3, awards: 4, total: 490000, sensitive: true });
    assert.deepEqual(readdirSync(join(dir, "银行代发")).sort(), ["农村信用社.csv", "示例县农村商业银行.txt"].sort());
  });

  it("per_payee_program sums a payee's awards of one programme; per_payee sums all of them and lists the programmes", () => {
    const perProgram = planBankFiles(smallRun(policy), sampleTemplates).files.find((f) => f.bank === "示例县农村商业银行");
    assert.deepEqual(perProgram?.rows.map((r) => r[2]), ["300.00", "1600.00", "3000.00"]);
    const t = templates({ default: { lines: "per_payee" } });
    const files = planBankFiles(smallRun(policy), t).files;
    const wang = files.find((f) => f.bank === "农村信用社")?.rows.find((r) => r[1] === "王秀英");
    assert.deepEqual(wang?.slice(4), ["2820.00", "独生子女父母奖励费(保健费)、农村部分计划生育家庭奖励扶助金、计生家庭子女高中助学金"]);
    const zhang = files.find((f) => f.bank === "示例县农村商业银行");
    assert.equal(zhang?.rows.length, 1);
    assert.equal(zhang?.awards, 4);
    assert.equal(zhang?.rows[0]?.[4], "4900.00");
  });

  it("amounts in 分 are whole numbers, in the lines and in the control line", async () => {
    const t = templates({ default: { amount_unit: "分", control: "header", unit_code: "U1" } });
    const { files } = await writeAll(smallRun(policy), t);
    const lines = gbk(files.get("银行代发/农村信用社.csv") ?? Buffer.alloc(0)).split("\r\n");
    assert.equal(lines[0], "U1,20270915,4,402000");
    assert.ok(lines.slice(2, -1).every((l) => /^\d+,.*,\d+,[^,]*$/.test(l)), lines.join("\n"));
  });

  it("the header date is --notice-start, else the reference date of the run year, unless given", () => {
    const t = templates({ default: { control: "header", unit_code: "U1" } });
    const run = smallRun(policy);
    assert.equal(planBankFiles(run, t).files[0]?.date, 20270915);
    assert.equal(planBankFiles({ ...run, noticeStart: 0 }, t).files[0]?.date, 20271231);
    assert.equal(planBankFiles(run, t, { date: 20271020 }).files[0]?.date, 20271020);
  });

  it("text fields are neutralised against formulas and quoted when they hold the delimiter", () => {
    const extra = award(policy, { hh: "CG-0,09", name: "=CMD", id: ZHANG, code: "jiangfu", yuan: 1, payee: ["=CMD", ZHANG], bank: "工商银行" });
    const t = templates({ default: { columns: ["序号", "户名", "户编号", "账号", "金额"] } });
    const plan = planBankFiles(smallRun(policy, [extra]), t).files.find((f) => f.bank === "工商银行");
    assert.deepEqual(plan?.rows[0], ["1", "'=CMD", "CG-0,09", "6228480000000000018", "1.00"]);
    return writeAll(smallRun(policy, [extra]), t).then(({ files }) => {
      assert.match(gbk(files.get("银行代发/工商银行.csv") ?? Buffer.alloc(0)), /\r\n1,'=CMD,"CG-0,09",6228480000000000018,1\.00\r\n/);
    });
  });

  it("file names drop the characters Windows forbids; two banks that would share a name are reported", () => {
    const a = award(policy, { hh: "X1", name: "甲", id: ZHANG, code: "jiangfu", yuan: 1, payee: ["甲", ZHANG], bank: "工行/城关:支行" });
    const b = award(policy, { hh: "X2", name: "乙", id: WANG, code: "jiangfu", yuan: 1, payee: ["乙", WANG], bank: "工行城关支行" });
    const { files, problems } = planBankFiles({ ...smallRun(policy), awards: [a] }, sampleTemplates);
    assert.equal(files[0]?.path, "银行代发/工行城关支行.csv");
    assert.equal(problems.length, 0);
    const clash = planBankFiles({ ...smallRun(policy), awards: [a, b] }, sampleTemplates).problems;
    assert.equal(clash.length, 1);
    assert.match(clash[0]?.message ?? "", /同名/);
  });

  it("bank files are created readable by their owner only", { skip: process.platform === "win32" }, async () => {
    const dir = tmp();
    const written = await writeBankFiles(smallRun(policy), dir, sampleTemplates);
    for (const w of written) assert.equal(statSync(join(dir, w.path)).mode & 0o777, 0o600, w.path);
  });
});

describe("bank files: characters outside GBK", () => {
  const rare = (name: string): Award =>
    award(policy, { hh: "CG-009", name, id: ZHANG, code: "jiangfu", yuan: 1200, payee: [name, ZHANG], bank: "农村信用社" });

  it("a GBK file carries a name with a character outside GBK in its GB18030 form, never as ?", async () => {
    const run = smallRun(policy, [rare("张𠮷")]);
    assert.deepEqual(planBankFiles(run, sampleTemplates).problems, []);
    const { files } = await writeAll(run, sampleTemplates);
    const bytes = files.get("银行代发/农村信用社.csv") ?? Buffer.alloc(0);
    assert.ok(!bytes.includes(0x3f), "no ? in the file");
    assert.match(new TextDecoder("gb18030").decode(bytes), /,张𠮷,/);
  });

  it("the lines without a rare character keep their GBK bytes", async () => {
    const { files } = await writeAll(smallRun(policy, [rare("阿依古丽·买买提")]), sampleTemplates);
    const bytes = files.get("银行代发/农村信用社.csv") ?? Buffer.alloc(0);
    assert.match(iconv.decode(bytes, "gbk"), /阿依古丽·买买提/);
  });

  it("a GB18030 template carries the character, and it reads back intact", async () => {
    const t = templates({ default: { encoding: "GB18030" } });
    const { files } = await writeAll(smallRun(policy, [rare("张𠮷")]), t);
    assert.match(gbk(files.get("银行代发/农村信用社.csv") ?? Buffer.alloc(0)), /,张𠮷,/);
  });

  it("in a txt file a name holding the delimiter is reported, not split", () => {
    const r = award(policy, { hh: "XC-9", name: "王|五", id: WANG, code: "jiangfu", yuan: 1, payee: ["王|五", WANG], bank: "示例县农村商业银行" });
    const problems = planBankFiles(smallRun(policy, [r]), sampleTemplates).problems;
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? "", /分隔符/);
  });
});

describe("bank files: reading back for the self-audit", () => {
  it("each written file reads back with its lines, total and control line agreeing", async () => {
    for (const t of [sampleTemplates, templates({ default: { lines: "per_payee", amount_unit: "分", encoding: "UTF-8", line_ending: "LF" } })]) {
      const dir = tmp();
      for (const w of await writeBankFiles(smallRun(policy), dir, t)) {
        const totals = await readBankFileTotals(join(dir, w.path), templateForBank(t, w.bank));
        assert.deepEqual(totals, { lines: w.count, total: w.total, declaredCount: w.count, declaredTotal: w.total }, w.path);
      }
    }
  });

  it("a line changed after writing shows as a difference from the control line", async () => {
    const dir = tmp();
    await writeBankFiles(smallRun(policy), dir, sampleTemplates);
    const path = join(dir, "银行代发/示例县农村商业银行.txt");
    const text = gbk(readFileSync(path)).replace("|300.00|", "|301.00|");
    writeFileSync(path, iconv.encode(text, "gbk"));
    const totals = await readBankFileTotals(path, templateForBank(sampleTemplates, "示例县农村商业银行"));
    assert.equal(totals.total, 490100);
    assert.equal(totals.declaredTotal, 490000);
  });

  it("a file without its 合计 line does not read back", async () => {
    const dir = tmp();
    await writeBankFiles(smallRun(policy), dir, sampleTemplates);
    const path = join(dir, "银行代发/农村信用社.csv");
    const text = gbk(readFileSync(path)).replace(/合计.*\r\n$/, "");
    writeFileSync(path, iconv.encode(text, "gbk"));
    await assert.rejects(readBankFileTotals(path, sampleTemplates.default), (e: unknown) => isPayoutError(e, "bank-file") && /回读核对失败/.test(e.message));
  });
});

/** The re-read as it was before it streamed: the whole file as records, then the checks (the reference). */
function referenceTotals(text: string, template: ReturnType<typeof templateForBank>): unknown {
  const fail = (why: string): never => {
    throw new Error(why);
  };
  try {
    const records = template.format === "csv" ? parseCsvText(text, template.delimiter) : text.split(/\r?\n/).filter((l) => l !== "").map((l) => l.split(template.delimiter));
    let body = records;
    let declared: string[] | undefined;
    if (template.control === "header") {
      declared = body[0];
      body = body.slice(1);
    }
    if (template.titleRow) body = body.slice(1);
    const amountAt = template.columns.findIndex((c) => c.field === "金额");
    let count: string | undefined;
    let total: string | undefined;
    if (template.control === "footer") {
      const last = body[body.length - 1];
      if (last?.[0] !== "合计") fail("末行不是“合计”行");
      body = body.slice(0, -1);
      count = last?.[1];
      total = last?.[amountAt];
    } else {
      if (!declared || declared.length !== 4) fail("首行不是 单位编号、日期、总笔数、总金额 四项");
      count = declared?.[2];
      total = declared?.[3];
    }
    if (count === undefined || !/^\d+$/.test(count)) fail(`控制行的笔数“${count ?? ""}”不是整数`);
    const declaredTotal = parseAmount(total ?? "", template.amountUnit) ?? fail(`控制行的总金额“${total ?? ""}”格式不对`);
    let sum = 0;
    body.forEach((row, i) => {
      if (row.length !== template.columns.length) fail(`第 ${i + 1} 笔有 ${row.length} 列,应为 ${template.columns.length} 列`);
      sum += parseAmount(row[amountAt] ?? "", template.amountUnit) ?? fail(`第 ${i + 1} 笔的金额“${row[amountAt] ?? ""}”格式不对`);
    });
    return { lines: body.length, total: sum, declaredCount: Number(count), declaredTotal };
  } catch (err) {
    return (err as Error).message;
  }
}

describe("bank files: the streaming re-read", () => {
  it("finds exactly what reading the whole file found, on files damaged line by line", async () => {
    const dir = tmp();
    const written = await writeBankFiles(smallRun(policy), dir, sampleTemplates);
    const originals = written.map((w) => ({ w, template: templateForBank(sampleTemplates, w.bank), text: gbk(readFileSync(join(dir, w.path))) }));
    assert.ok(originals.some((o) => o.template.control === "footer") && originals.some((o) => o.template.control === "header"));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: originals.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom("drop", "blank", "cut", "amount", "extra", "swap")), { maxLength: 3 }),
        async (which, edits) => {
          const { w, template, text } = originals[which] as (typeof originals)[number];
          const lines = text.split(template.lineEnding);
          for (const [n, kind] of edits) {
            const i = n % lines.length;
            const d = template.delimiter;
            const line = lines[i] ?? "";
            if (kind === "drop") lines.splice(i, 1);
            else if (kind === "blank") lines[i] = "";
            else if (kind === "cut") lines[i] = line.split(d).slice(0, -1).join(d);
            else if (kind === "amount") lines[i] = line.replace(/\d+\.\d\d/, "12x.00");
            else if (kind === "extra") lines[i] = `${line}${d}多`;
            else lines.splice(i, 0, lines.splice((i + 1) % lines.length, 1)[0] ?? "");
          }
          const damaged = lines.join(template.lineEnding);
          const path = join(dir, w.path);
          writeFileSync(path, iconv.encode(damaged, "gbk"));
          const expected = referenceTotals(damaged, template);
          const got = await readBankFileTotals(path, template).then(
            (t) => ({ ...t }),
            (e: unknown) => (e as Error).message.replace(/^银行代发文件 .* 回读核对失败:/, ""),
          );
          assert.deepEqual(got, expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("bank files: the self-audit's reading of quote-free text", () => {
  it("gives the records csv-parse gives, for any mix of line endings, empty lines and delimiters (property)", () => {
    const unit = fc.constantFrom("a", "张", "1", ".", " ", "\t", ",", "|", "\r", "\n", "\r\n", "合计");
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 60 }), fc.constantFrom(",", "|", "\t"), (text, delimiter) => {
        const seen: string[][] = [];
        eachCsvRecord(text, delimiter, (r) => seen.push(r));
        assert.deepEqual(seen, parseCsvText(text, delimiter));
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves text with a quote to csv-parse", () => {
    const seen: string[][] = [];
    eachCsvRecord('a,"b,c"\r\n"x""y",z\n', ",", (r) => seen.push(r));
    assert.deepEqual(seen, [["a", "b,c"], ['x"y', "z"]]);
  });
});
