import assert from "node:assert/strict";
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { readCsvRecords, readGrowingCsvRecords, WrittenSoFar as Progress } from "../../src/input/read-csv.js";
import { LEDGER_FILE, writeLedger } from "../../src/outputs/ledger.js";
import { ledgerAwards } from "../../src/years/read-ledger.js";
import type { Award } from "../../src/domain/award.js";
import { tempDir } from "../helpers/temp-dir.js";
import { sampleRun } from "../helpers/sample-run.js";

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of items) out.push(x);
  return out;
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Writes `bytes` to `path` piece by piece, cut anywhere (inside a character too) by the sizes in
 * `cuts`, the growing reader told after each; and the whole file at once to `whole`. Resolves with
 * the growing reader's records.
 */
async function writtenInPieces(path: string, whole: string, bytes: Buffer, cuts: readonly number[]): Promise<string[][]> {
  writeFileSync(whole, bytes);
  const progress = new Progress();
  const reading = all(readGrowingCsvRecords(path, progress));
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const end = Math.min(bytes.length, at + (cuts[i % cuts.length] ?? 1));
    if (at === 0) writeFileSync(path, bytes.subarray(0, end));
    else appendFileSync(path, bytes.subarray(at, end));
    at = end;
    progress.update(at, false);
    await turn();
  }
  progress.update(at, true);
  return reading;
}

describe("reading a CSV while it is written (the worker's 发放台账.xlsx follows the ledger)", () => {
  it("gives the records of the finished file, whatever bytes each write ends on (property)", async () => {
    const dir = tempDir("growing-");
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.string({ unit: fc.constantFrom("镇", "a", ",", '"', "\n", "\r\n", "𠀀", "é", " ") , maxLength: 8 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }),
        async (rows, cuts) => {
          const text = "\ufeff" + rows.map((r) => r.map((f) => `"${f.replaceAll('"', '""')}"`).join(",")).join("\r\n") + "\r\n";
          const whole = join(dir, `w${n}.csv`);
          const reading = await writtenInPieces(join(dir, `g${n++}.csv`), whole, Buffer.from(text, "utf8"), cuts);
          assert.deepEqual(reading, await all(readCsvRecords(whole)));
        },
      ),
      { numRuns: 150 },
    );
  });

  it("reads the records written, quoted or not, with CRLF or LF, whatever bytes each write ends on (property)", async () => {
    // the ledger quotes only the fields that need it, so most of its lines have no quote at all
    const dir = tempDir("growing-");
    let n = 0;
    const plain = fc.string({ unit: fc.constantFrom("镇", "a", " ", "𠀀", "é", "0", "\r"), maxLength: 6 });
    const special = fc.string({ unit: fc.constantFrom("镇", "a", ",", '"', "\n", "\r\n", "\r", " "), maxLength: 6 });
    const field = fc.oneof(plain.map((f) => ({ f, quote: false })), fc.tuple(fc.oneof(plain, special), fc.boolean()).map(([f, q]) => ({ f, quote: q || /[",\r\n]/.test(f) })));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.array(field, { minLength: 1, maxLength: 5 }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }),
        async (rows, cuts) => {
          // an unquoted last field ending in "\r" would merge with a CRLF line end: such a field is quoted
          const cell = ({ f, quote }: { f: string; quote: boolean }, last: boolean): string => (quote || (last && f.endsWith("\r")) || /[",\n]/.test(f) || f.startsWith("\r") ? `"${f.replaceAll('"', '""')}"` : f);
          // (a last field ending in "\r" before a bare LF reads as a CRLF line end, quoted or not: this tool writes CRLF)
          const text = "\ufeff" + rows.map(([r, crlf]) => r.map((f, i) => cell(f, i === r.length - 1)).join(",") + (crlf || r.at(-1)?.f.endsWith("\r") ? "\r\n" : "\n")).join("");
          const expected = rows.map(([r]) => r.map(({ f }) => f));
          const whole = join(dir, `w${n}.csv`);
          const reading = await writtenInPieces(join(dir, `g${n++}.csv`), whole, Buffer.from(text, "utf8"), cuts);
          assert.deepEqual(await all(readCsvRecords(whole)), expected);
          assert.deepEqual(reading, expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("reads no further than it is told is written, and waits there until it is told more", async () => {
    const path = join(tempDir("growing-"), "t.csv");
    writeFileSync(path, "a,b\r\nc,d\r\ne,f\r\n");
    const progress = new Progress();
    const got: string[][] = [];
    const reading = (async () => {
      for await (const r of readGrowingCsvRecords(path, progress)) got.push(r);
    })();
    progress.update(5, false); // "a,b\r\n"
    // the first record comes when the file is read (on the thread pool: not in a fixed number of turns);
    // a reader that read past the mark would read the whole file at once, all three records with it
    const until = Date.now() + 5000;
    while (got.length === 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    for (let i = 0; i < 20; i++) await turn();
    assert.deepEqual(got, [["a", "b"]]);
    progress.update(15, true);
    await reading;
    assert.deepEqual(got, [["a", "b"], ["c", "d"], ["e", "f"]]);
  });

  it("does not open the file before anything is written (it may not exist yet)", async () => {
    const path = join(tempDir("growing-"), "later.csv");
    const progress = new Progress();
    const reading = all(readGrowingCsvRecords(path, progress));
    await turn();
    writeFileSync(path, "x,y\r\n");
    progress.update(5, true);
    assert.deepEqual(await reading, [["x", "y"]]);
  });

  it("fails when the file is shorter than it was said to be", async () => {
    const path = join(tempDir("growing-"), "short.csv");
    writeFileSync(path, "a,b\r\n");
    const progress = new Progress();
    progress.update(50, false);
    await assert.rejects(all(readGrowingCsvRecords(path, progress)), /shorter than the 50 bytes written/);
  });

  it("the ledger's awards, read while writeLedger writes it, are those read from the finished file", async () => {
    const { result } = await sampleRun();
    const path = join(tempDir("growing-"), LEDGER_FILE);
    const progress = new Progress();
    const reading = all(ledgerAwards(path, result.policy, undefined, progress));
    await writeLedger(result, path, (bytes, final) => progress.update(bytes, final));
    const read: Award[] = await reading;
    assert.equal(read.length, result.awards.length);
    assert.deepEqual(read, await all(ledgerAwards(path, result.policy)));
  });
});
