import assert from "node:assert/strict";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { LEDGER_FILE, writeLedger } from "../../src/outputs/ledger.js";
import { ledgerAwards } from "../../src/years/read-ledger.js";
import type { Award } from "../../src/domain/award.js";
import type { RunResult } from "../../src/outputs/run-result.js";
import { tempDir } from "../helpers/temp-dir.js";
import { sampleRun as computedSample } from "../helpers/sample-run.js";

async function sampleRun(): Promise<RunResult> {
  return (await computedSample()).result;
}

async function readSpan(path: string, result: RunResult, span: Parameters<typeof ledgerAwards>[2]): Promise<Award[]> {
  const out: Award[] = [];
  for await (const a of ledgerAwards(path, result.policy, span)) out.push(a);
  return out;
}

const key = (a: Award): string => [a.township, a.village, a.id, a.code, a.amount, a.payeeName, a.explanation].join("|");

describe("the ledger's township spans (the worker threads read just their townships' bytes)", () => {
  it("cover the file after the header, township by township, each reading back exactly its awards", async () => {
    const result = await sampleRun();
    const base = result.awards;
    const dir = tempDir("spans-");
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        // townships renamed, explanations rewritten: quotes, commas, line breaks and characters of 1–4 UTF-8 bytes move the offsets
        fc.array(fc.string({ unit: fc.constantFrom("镇", "a", ",", '"', "\n", "\r\n", "𠀀", "é", "=", " "), minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.string({ unit: fc.constantFrom("说", "x", ",", '"', "\n", "𠮷"), maxLength: 12 }), { minLength: 1, maxLength: 7 }),
        async (townships, texts) => {
          // contiguous runs of the same township, as the ledger is sorted
          const per = Math.ceil(base.length / townships.length);
          const awards = base.map((a, i) => ({ ...a, township: `${townships[Math.floor(i / per)] ?? ""}#${Math.floor(i / per)}`, explanation: texts[i % texts.length] ?? "" }));
          const path = join(dir, `${n++}-${LEDGER_FILE}`);
          const written = await writeLedger({ ...result, awards }, path);
          assert.equal(written.spans.length, Math.ceil(awards.length / per));
          assert.equal(written.spans[written.spans.length - 1]?.end, statSync(path).size);
          for (let i = 1; i < written.spans.length; i++) assert.equal(written.spans[i]?.start, written.spans[i - 1]?.end);
          for (const span of written.spans) {
            const expected = awards.slice(span.first, span.first + span.count);
            assert.ok(expected.length > 0 && expected.every((a) => a.township === span.township));
            assert.deepEqual((await readSpan(path, result, span)).map(key), expected.map(key));
          }
          assert.equal(written.spans.reduce((s, x) => s + x.count, 0), awards.length);
        },
      ),
      { numRuns: 25 },
    );
  });

  it("name the right line of a damaged span", async () => {
    const result = await sampleRun();
    const path = join(tempDir("spans-"), LEDGER_FILE);
    const written = await writeLedger(result, path);
    const span = written.spans[1];
    assert.ok(span);
    const bytes = readFileSync(path);
    // the span's second line loses its ID number's first digit
    const second = bytes.indexOf("\n", span.start) + 1;
    const comma = [...Array(5)].reduce<number>((at) => bytes.indexOf(",", at) + 1, second);
    bytes[comma] = "x".charCodeAt(0);
    writeFileSync(path, bytes);
    await assert.rejects(readSpan(path, result, span), new RegExp(`第 ${span.first + 3} 行:身份证号无效`));
  });
});
