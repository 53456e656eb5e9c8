import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import iconv from "iconv-lite";
import { csvRecordsHere, csvRecordsInWorker, type CsvJob } from "../../src/input/csv-reading.js";
import { encodingOf, Utf8Check } from "../../src/input/decode.js";
import { PayoutError } from "../../src/errors.js";
import { tempDir } from "../helpers/temp-dir.js";

// The worker thread must read a CSV exactly as this thread does: the same records, row numbers and
// suspect marks, the same error at the same place. The worker runs from source here (tsx).
// A worker's entry module is loaded before --import hooks, so a data: module registers tsx first.
const WORKER = new URL("../../src/input/csv-read-worker.ts", import.meta.url);
const BOOT = new URL(`data:text/javascript,${encodeURIComponent(`import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))}; register(); await import(${JSON.stringify(WORKER.href)});`)}`);
let delivered = 0;
const inWorker = (job: CsvJob): AsyncGenerator<unknown> => csvRecordsInWorker(job, { file: BOOT, onBatch: () => delivered++ });

const dir = tempDir("payout-csv-worker-");
let files = 0;

/** A CSV job for `bytes` as open-source.ts makes one: hash, encoding, BOM. */
async function job(bytes: Buffer, batch: number, sha256?: string): Promise<CsvJob> {
  const path = join(dir, `t${files++}.csv`);
  await writeFile(path, bytes);
  const check = new Utf8Check();
  check.update(bytes);
  const { encoding, bomLength } = encodingOf(bytes, check.end());
  return { path, what: "花名册", size: bytes.length, sha256: sha256 ?? createHash("sha256").update(bytes).digest("hex"), head: bytes.subarray(0, 65536), encoding, bomLength, batch };
}

/** Everything a reading yields, then how it ended: records as plain data, an error as its class, code and message. */
async function outcome(records: AsyncIterable<unknown>, stopAfter = Infinity): Promise<{ records: unknown[]; end: string }> {
  const out: unknown[] = [];
  try {
    for await (const r of records) {
      out.push(r);
      if (out.length >= stopAfter) return { records: out, end: "stopped" };
    }
    return { records: out, end: "done" };
  } catch (err) {
    return { records: out, end: err instanceof PayoutError ? `PayoutError ${err.code}: ${err.message}` : `${(err as Error).name}: ${(err as Error).message}` };
  }
}

async function same(bytes: Buffer, batch: number, sha256?: string): Promise<{ records: unknown[]; end: string }> {
  const j = await job(bytes, batch, sha256);
  const here = await outcome(csvRecordsHere(j));
  const there = await outcome(inWorker(j));
  assert.equal(there.end, here.end);
  // csv-parse drops the records it parsed but nobody took yet when it fails: before its error, one
  // reading may have taken fewer records than the other (the error names the row either way)
  const parserError = /CSV 格式有误|过长/.test(here.end);
  const n = parserError ? Math.min(here.records.length, there.records.length) : Math.max(here.records.length, there.records.length);
  assert.deepEqual(there.records.slice(0, n), here.records.slice(0, n));
  if (!parserError) assert.equal(there.records.length, here.records.length);
  return here;
}

const rows = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join("\r\n");

describe("reading a CSV in a worker thread", () => {
  it("gives the records, rows and suspect marks of reading here, across batch edges and encodings", async () => {
    const text = `户编号,姓名,备注\r\n${rows(50, (i) => `${i},张${i},"含,逗号\n和换行 ${"甲".repeat(i % 5)}"`)}\n尾行,李四,\r末行,王五,x`;
    for (const bytes of [Buffer.from(text), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), iconv.encode(text, "gbk"), Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text.replace(/,/g, "\t"), "utf16le")])]) {
      for (const batch of [1, 7, 1000]) {
        const got = await same(bytes, batch);
        assert.equal(got.end, "done");
        assert.equal(got.records.length, 53);
      }
    }
  });

  it("marks records suspect from the chunk with a control character on, as reading here does", async () => {
    const text = `户编号,姓名\n${rows(30, (i) => `${i},张${i === 20 ? "\u0007" : ""}${i}`)}`;
    const got = await same(Buffer.from(text), 4);
    assert.ok(got.records.some((r) => (r as { suspect: boolean }).suspect));
  });

  it("ends with the same error after the same records: a record too long, bytes that are not GB18030, a file changed", async () => {
    const long = await same(Buffer.from(`户编号,姓名\n${rows(10, (i) => `${i},张`)}\n1,"${"长".repeat(70_000)}\n`), 3);
    assert.match(long.end, /PayoutError input-too-large: 花名册 .* 第 12 行过长/);
    const gbk = Buffer.concat([iconv.encode(`户编号,姓名\n${rows(10, (i) => `${i},张`)}\n`, "gbk"), Buffer.from([0x81, 0x20, 0x0a])]);
    assert.match((await same(gbk, 2)).end, /PayoutError input-format: .*文字编码无法识别/);
    const changed = await same(Buffer.from(`户编号,姓名\n${rows(10, (i) => `${i},张`)}`), 3, "0".repeat(64));
    assert.match(changed.end, /PayoutError input-format: .*在读取过程中被改动/);
    assert.equal(changed.records.length, 11);
    // a file changed while it was read may end inside a quote (cut short as Excel saved it): the change is said, not the quote
    const cut = await same(Buffer.from(`户编号,姓名\n${rows(10, (i) => `${i},张`)}\n11,"李`), 3, "0".repeat(64));
    assert.match(cut.end, /PayoutError input-format: .*在读取过程中被改动/);
    const gone = await job(Buffer.from("户编号,姓名\n1,张\n"), 5);
    const missing = { ...gone, path: join(dir, "不存在.csv") };
    assert.deepEqual(await outcome(inWorker(missing)), await outcome(csvRecordsHere(missing)));
    assert.match((await outcome(csvRecordsHere(missing))).end, /PayoutError file-not-found/);
  });

  it("names an unclosed quote after plain lines by its row, in Chinese, as reading here does", async () => {
    // the worker splits the plain lines before the quote itself, so csv-parse's own line count
    // starts later there (CI once failed on "at line 2" against "at line 3" for the first case)
    for (const [text, row] of [['\t\n,"\n"', 3], ['户编号,姓名\n1,张\n2,"李\n3,王', 3], ['户编号,姓名\r\n1,张\r\n2,李\r\n3,"王,x', 4]] as const) {
      for (const batch of [1, 5]) {
        const got = await same(Buffer.from(text), batch);
        assert.match(got.end, new RegExp(`^PayoutError input-format: 花名册 .* 的 CSV 格式有误\\(约第 ${row} 行\\):该行有单元格以引号开头,但直到文件末尾都没有对应的结束引号`));
        assert.doesNotMatch(got.end, /line/);
      }
    }
  });

  it("names a record made too long by a quote never closed by the row where the quote opened", async () => {
    // 2,000 lines of ~40 characters after the quote on row 12 pass the 64,000-character limit far below it
    const text = `户编号,姓名,备注\n${rows(10, (i) => `${i},张${i},`)}\n11,"李,x\n${rows(2000, (i) => `${i},王${i},${"备".repeat(30)}`)}\n`;
    for (const batch of [1, 1000]) assert.match((await same(Buffer.from(text), batch)).end, /PayoutError input-too-large: 花名册 .* 第 12 行过长/);
  });

  it("stops the worker when the reader stops early, and an empty file reads as no records", async () => {
    const j = await job(Buffer.from(`户编号,姓名\n${rows(500, (i) => `${i},张${i}`)}`), 10);
    const stopped = await outcome(inWorker(j), 25);
    assert.equal(stopped.end, "stopped");
    assert.deepEqual(stopped.records, (await outcome(csvRecordsHere(j), 25)).records);
    assert.deepEqual(await same(Buffer.alloc(0), 5), { records: [], end: "done" });
  });

  it("really reads in the worker (the tests above would pass on a fallback to this thread)", () => {
    assert.ok(delivered > 50, `batches from the worker: ${delivered}`);
  });

  it("agrees with reading here on any table of any text (property)", async () => {
    const cell = fc.string({ unit: fc.constantFrom("a", "张", ",", '"', "\n", "\r", " ", "\u0001", "𠀀", "\t") , maxLength: 6 });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 0, maxLength: 25 }), fc.integer({ min: 1, max: 6 }), fc.boolean(), async (table, batch, quoteAll) => {
        const text = table.map((r) => r.map((c) => (quoteAll || /[,"\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(",")).join("\n");
        const got = await same(Buffer.from(text), batch);
        // the property must see records: a reading that returned nothing would fail here
        if (text.trim() !== "" && !/"/.test(text)) assert.ok(got.records.length > 0 || got.end !== "done");
      }),
      { numRuns: 25 },
    );
  });
});
