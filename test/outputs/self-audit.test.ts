import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isPayoutError } from "../../src/errors.js";
import { LEDGER_FILE, writeLedger } from "../../src/outputs/ledger.js";
import { LedgerTally, rereadLedger } from "../../src/outputs/audit.js";
import { ledgerAwards } from "../../src/years/read-ledger.js";
import { outputLanes } from "../../src/outputs/stages.js";
import { writeRunDirectory, type OutputStage } from "../../src/outputs/write-run.js";
import { openRunDir, type RunDir } from "../../src/run-dir/index.js";

const runDirAt = (out: string): Promise<RunDir> =>
  openRunDir({ outDir: out, force: false, inputs: [], command: "run", version: "test", clock: new Date(0), notice: () => undefined });
import { parsePolicyText } from "../../src/policy/parse-policy.js";
import { tempDir } from "../helpers/temp-dir.js";
import { sampleRun as computedSample, samplePolicyText } from "../helpers/sample-run.js";
import { collectGarbage } from "../../src/gc.js";
const policyText = samplePolicyText;

async function sampleRun() {
  const { result, bankTemplates } = await computedSample();
  return { result, lanes: await outputLanes(bankTemplates, parsePolicyText(policyText).data) };
}

describe("the run's self-audit", () => {
  it("passes on what the run wrote, and the directory appears only then", async () => {
    const { result, lanes } = await sampleRun();
    const out = join(tempDir("audit-"), "out");
    await writeRunDirectory(result, await runDirAt(out), lanes);
    assert.ok(existsSync(join(out, "校验值.sha256")));
  });

  it("a file that disagrees with the ledger stops the run and leaves no output directory", async () => {
    const { result, lanes } = await sampleRun();
    const parent = tempDir("audit-");
    const out = join(parent, "out");
    // a stage that corrupts one ledger amount after it was written: the audit must catch it
    const tamper: OutputStage = async (_result, dir) => {
      const path = join(dir, LEDGER_FILE);
      writeFileSync(path, readFileSync(path, "utf8").replace(/,1200\.00,个人,/, ",1300.00,个人,"));
      return { files: [] };
    };
    await assert.rejects(writeRunDirectory(result, await runDirAt(out), { main: [...lanes.main, tamper], parallel: lanes.parallel }), (err: unknown) => {
      assert.ok(isPayoutError(err, "audit-failed"));
      assert.match(err.message, /发放台账\.csv 在写出后被改动/);
      return true;
    });
    assert.equal(existsSync(out), false);
    assert.deepEqual(readdirSync(parent), [], "the temporary directory is removed too");
  });

  it("the ledger re-read finds a row whose levels do not add up to its amount, naming the row", async () => {
    const { result } = await sampleRun();
    const dir = tempDir("audit-");
    await writeLedger(result, join(dir, LEDGER_FILE));
    const path = join(dir, LEDGER_FILE);
    writeFileSync(path, readFileSync(path, "utf8").replace(/,1200\.00,个人,/, ",1300.00,个人,"));
    const reread = await rereadLedger(dir, result);
    assert.equal(reread.lines, result.awards.length);
    assert.ok(reread.failures.some((f) => /台账第 \d+ 行:各级分担之和 1200\.00 ≠ 金额 1300\.00/.test(f)), reread.failures.join("\n"));
  });

  it("the worker's tally of the awards it reads from the ledger is the main thread's re-read, findings included", async () => {
    const { result } = await sampleRun();
    const dir = tempDir("audit-");
    await writeLedger(result, join(dir, LEDGER_FILE));
    const path = join(dir, LEDGER_FILE);
    const once = result.awards.find((a) => a.code === "honor_cert");
    assert.ok(once);
    const tampered = readFileSync(path, "utf8").replace(/,1200\.00,个人,/, ",1300.00,个人,");
    const previousOnce = { households: new Set([`honor_cert\u0000${once.householdId}`]), persons: new Set<string>() };
    for (const [text, earlier] of [[readFileSync(path, "utf8"), undefined], [tampered, previousOnce]] as const) {
      writeFileSync(path, text);
      const run = { ...result, previousOnce: earlier };
      const tally = new LedgerTally(run.policy, run.previousOnce);
      for await (const a of ledgerAwards(path, run.policy)) tally.addAward(a);
      const reread = await rereadLedger(dir, run);
      assert.deepEqual(tally.result(), reread);
      assert.equal(reread.lines, result.awards.length);
      assert.equal(reread.failures.length, earlier ? 2 : 0, reread.failures.join("\n"));
    }
  });

  it("the tally keeps none of the text the ledger's fields were cut from (a million-row ledger's one-time awards once held all of it)", () => {
    const parsed = parsePolicyText(policyText);
    assert.ok(parsed.ok);
    const tally = new LedgerTally(parsed.value, undefined);
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    for (let chunk = 0; chunk < 40; chunk++) {
      // a 1 MB chunk of text, and a 户编号 cut from it as the ledger reader cuts fields (13+ characters: a slice of the chunk)
      const text = `${"x".repeat(1 << 20)}3499${String(chunk).padStart(9, "0")}`;
      tally.add(100, [0, 0, 0, 100], "个人", "honor_cert", text.slice(-13), "", "子女");
    }
    collectGarbage();
    const grown = process.memoryUsage().heapUsed - before;
    assert.ok(grown < 8 * 2 ** 20, `the heap grew by ${(grown / 2 ** 20).toFixed(1)} MB for 40 one-time awards`);
    assert.deepEqual(tally.result().failures, []);
  });

  it("a bank total that disagrees with the 个人 awards is caught", async () => {
    const { result, lanes } = await sampleRun();
    const out = join(tempDir("audit-"), "out");
    const lie: OutputStage = async () => ({ files: [], figures: { bankFiles: 1 as never } });
    await assert.rejects(writeRunDirectory(result, await runDirAt(out), { main: [...lanes.main, lie], parallel: lanes.parallel }), /银行代发文件合计/);
    assert.equal(existsSync(out), false);
  });
});

describe("the self-audit: no one-time award paid again (DESIGN §8)", () => {
  it("a one-time award that an earlier ledger paid, yet in this ledger, stops the run", async () => {
    const { result, lanes } = await sampleRun();
    const paid = result.awards.find((a) => a.code === "honor_cert");
    assert.ok(paid, "the sample pays an honor_cert in 2027");
    const previousOnce = { households: new Set([`honor_cert\u0000${paid.householdId}`]), persons: new Set<string>() };
    const out = join(tempDir("audit-"), "out");
    await assert.rejects(writeRunDirectory({ ...result, previousOnce }, await runDirAt(out), lanes), (err: unknown) => {
      assert.ok(isPayoutError(err, "audit-failed"));
      assert.match(err.message, new RegExp(`一次性项目 honor_cert 往年已发放,本年又发\\(户编号 ${paid.householdId}\\)`));
      return true;
    });
    assert.equal(existsSync(out), false);
  });

  it("a one-time award twice in this ledger stops the run", async () => {
    const { result, lanes } = await sampleRun();
    const paid = result.awards.find((a) => a.code === "college_award");
    assert.ok(paid, "the sample pays a college_award in 2027");
    const out = join(tempDir("audit-"), "out");
    await assert.rejects(writeRunDirectory({ ...result, awards: [...result.awards, paid] }, await runDirAt(out), lanes), /一次性项目 college_award 在本台账中重复发放/);
  });
});
