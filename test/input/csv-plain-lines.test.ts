import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { parse } from "csv-parse/sync";
import { csvRecords } from "../../src/input/csv-source.js";
import { PayoutError } from "../../src/errors.js";

// The roster reader splits plain lines itself up to the first quote and hands the rest to csv-parse:
// whatever the text and wherever its chunks are cut, the records must be csv-parse's own.

const OPTIONS = { record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, relax_quotes: true, skip_empty_lines: false, max_record_size: 64_000 };

/** The records csvRecords gives for `text` cut into chunks at `cuts` (UTF-8), or its error's code and message. */
async function read(text: string, cuts: number[]): Promise<{ records: string[][]; error?: string }> {
  const bytes = Buffer.from(text, "utf8");
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks = async function* (): AsyncGenerator<Buffer> {
    let from = 0;
    for (const c of at) {
      yield bytes.subarray(from, c);
      from = c;
    }
    yield bytes.subarray(from);
  };
  const records: string[][] = [];
  try {
    let row = 0;
    for await (const r of csvRecords({ head: bytes.subarray(0, 4096), encoding: "UTF-8", bomLength: 0, chunks }, "花名册", "x.csv", true)) {
      assert.equal(r.row, ++row, "rows are numbered one by one");
      records.push(r.cells as string[]);
    }
    return { records };
  } catch (err) {
    return { records, error: err instanceof PayoutError ? err.code : String(err) };
  }
}

function reference(text: string): { records: string[][]; error?: string } {
  const firstLine = text.split(/\r\n|\n|\r/)[0] ?? "";
  const delimiter = firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  try {
    return { records: parse(text, { ...OPTIONS, delimiter }) as string[][] };
  } catch (err) {
    return { records: [], error: (err as { code?: string }).code === "CSV_MAX_RECORD_SIZE" ? "input-too-large" : "input-format" };
  }
}

describe("the roster reader's plain lines", () => {
  it("are csv-parse's records for any text, quoted or not, cut anywhere (property)", async () => {
    const unit = fc.constantFrom("a", "张", "𠀀", ",", "\t", " ", "\r", "\n", "\r\n", '"', '""', "1", "\u0007");
    await fc.assert(
      fc.asyncProperty(fc.string({ unit, maxLength: 50 }), fc.array(fc.nat(), { maxLength: 5 }), async (text, cuts) => {
        const want = reference(text);
        const got = await read(text, cuts);
        assert.equal(got.error, want.error);
        if (!want.error) assert.deepEqual(got.records, want.records);
      }),
      { numRuns: 3000 },
    );
  });

  it("hand a long line and what follows to csv-parse, which names it too long by its line", async () => {
    const text = `户编号,姓名\n${"1,张\n".repeat(30)}2,${"长".repeat(20_000)}\n3,李\n4,${"长".repeat(70_000)}\n5,王\n`;
    const got = await read(text, [100, 50_000]);
    // the plain lines before the 20,000-character one came as records; csv-parse may drop what it
    // had parsed but not handed over when it fails
    assert.ok(got.records.length >= 31 && got.records.every((r) => r.length === 2));
    assert.equal(got.error, "input-too-large");
    const whole = csvRecords({ head: Buffer.from(text).subarray(0, 4096), encoding: "UTF-8", bomLength: 0, chunks: async function* () { yield Buffer.from(text); } }, "花名册", "x.csv", true);
    await assert.rejects(async () => { for await (const _ of whole) void _; }, /第 34 行过长/);
  });

  it("switch to csv-parse at the first quote, however far into the file, with the rows counted on", async () => {
    const text = `户编号,姓名\r\n${"1,张\r\n".repeat(5000)}2,"李,四"\r\n3,"王\r\n五"\r\n4,赵`;
    const got = await read(text, [7, 20_000, 20_001]);
    assert.deepEqual(got, reference(text));
    assert.equal(got.records.length, 5004);
    assert.deepEqual(got.records[5002], ["3", "王\r\n五"]);
  });
});
