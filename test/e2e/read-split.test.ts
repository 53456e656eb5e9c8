import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { before, describe, it } from "node:test";
import { generateRosterFile } from "../../scripts/gen-roster.js";
import { payoutWithEnv, tempDir } from "./cli.js";

// A large CSV roster is read by a worker thread, which checks some batches of rows itself (the
// row checks and the reader's guards, csv-reading.ts ReaderControl): PAYOUT_READ_SPLIT=worker has
// it check every batch after the header's. Whoever checks a row, the run writes the same bytes, and
// a roster the reader refuses is refused with the same words and exit code.

const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));

const IN_WORKER = { PAYOUT_WORKERS: "1", PAYOUT_READ_SPLIT: "worker" };
const HERE = { PAYOUT_WORKERS: "0" };

describe("rows checked by the reading worker", () => {
  const dir = tempDir();
  const roster = join(dir, "花名册.csv");
  before(async () => {
    // 12,000 rows in twelve batches, with every kind of bad row the generator makes; the worker
    // reads up to four batches ahead, so those read before the header was found come unchecked
    await generateRosterFile({ rows: 12000, seed: 11, year: 2027, badRate: 0.05, mode: "county" }, roster, false);
    // and blank rows, as Excel leaves them, which are passed over
    const lines = readFileSync(roster, "utf8").split("\r\n");
    const width = (lines[0] ?? "").split(",").length;
    lines.splice(9000, 0, ",".repeat(width - 1), ` ${", ".repeat(width - 1)}`);
    writeFileSync(roster, lines.join("\r\n"));
  });

  it("give a run byte-identical to rows checked in one thread, 数据问题.csv included", () => {
    const run = (env: Record<string, string>, out: string): void => {
      const r = payoutWithEnv(env, "run", roster, "--year", "2027", "--out", out);
      assert.equal(r.code, 1, r.stderr);
    };
    const there = join(dir, "there");
    const here = join(dir, "here");
    run(IN_WORKER, there);
    run(HERE, here);
    const files = walk(here);
    assert.deepEqual(walk(there).map((f) => relative(there, f)).sort(), files.map((f) => relative(here, f)).sort());
    for (const f of files) assert.deepEqual(readFileSync(join(there, relative(here, f))), readFileSync(f), relative(here, f));
    assert.ok(readFileSync(join(here, "数据问题.csv"), "utf8").split("\n").length > 200, "the roster has many problem rows");
  });

  it("refuse a damaged roster with the same list of problems (control characters, overlong cells, wrong widths)", () => {
    const lines = readFileSync(roster, "utf8").split("\r\n");
    const header = (lines[0] ?? "").split(",");
    const nameAt = header.indexOf("姓名");
    const edit = (n: number, change: (cells: string[]) => string[]): void => {
      lines[n - 1] = change((lines[n - 1] ?? "").split(",")).join(",");
    };
    edit(7500, (c) => c.map((v, i) => (i === nameAt ? `张\u0007三` : v)));
    edit(8100, (c) => c.map((v, i) => (i === nameAt ? "名".repeat(150) : v)));
    edit(9900, (c) => c.slice(0, 5));
    edit(10200, (c) => c.map((v, i) => (i === 0 ? "镇".repeat(1200) : v)));
    edit(10600, (c) => c.map(() => ""));
    const damaged = join(dir, "受损花名册.csv");
    writeFileSync(damaged, lines.join("\r\n"));
    const check = (env: Record<string, string>): { code: number; stderr: string } => {
      const r = payoutWithEnv(env, "check", damaged, "--year", "2027");
      return { code: r.code, stderr: r.stderr };
    };
    const there = check(IN_WORKER);
    const here = check(HERE);
    assert.equal(here.code, 2, here.stderr);
    assert.deepEqual(there, here);
    for (const row of [7500, 8100, 9900, 10200]) assert.match(here.stderr, new RegExp(`第 ${row} 行`));
    assert.doesNotMatch(here.stderr, /第 10600 行/, "a blank row is passed over");
  });
});
