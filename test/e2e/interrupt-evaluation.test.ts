import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { generateRosterFile } from "../../scripts/gen-roster.js";
import { BIN, payout, ROOT, tempDir } from "./cli.js";
import { leftovers, snapshot } from "./disk.js";

// Ctrl-C while the county is being evaluated (a long synchronous loop): the loop lets the event loop
// turn every 2,000 households, so the interrupt is handled there and then. The moment is taken from
// what the run itself says — with --debug and stderr not a terminal, each 10,000 households evaluated
// is one line "进度:核定 10,000 户" — never from a clock.
const ROWS = 200_000;

interface Interrupted {
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs payout with --debug and sends SIGINT as soon as the first progress line of `stage` appears. */
function interruptAt(stage: "读取" | "核定", args: readonly string[]): Promise<Interrupted> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args, "--debug"], { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    let sent = false;
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (!sent && stderr.includes(`进度:${stage}`)) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    child.on("exit", (code) => resolve({ code, stderr }));
  });
}

const sha256 = (path: string): string => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("Ctrl-C while a large county is read or evaluated", () => {
  const parent = tempDir();
  const roster = join(parent, "花名册.csv");
  const out = join(parent, "2027年度");
  let rosterHash = "";
  let households = 0;
  before(async () => {
    await generateRosterFile({ rows: ROWS, seed: 130, year: 2027, badRate: 0, mode: "county" }, roster, false);
    rosterHash = sha256(roster);
    households = new Set(readFileSync(roster, "utf8").split("\n").slice(1).map((l) => l.split(",")[2]).filter(Boolean)).size;
    const earlier = payout("run", join(ROOT, "samples/roster.csv"), "--year", "2027", "--out", out);
    assert.ok(earlier.code === 0 || earlier.code === 1, earlier.stderr);
  });

  for (const [stage, unit, whole] of [["读取", "行", () => ROWS], ["核定", "户", () => households]] as const) {
    it(`during ${stage === "读取" ? "reading" : "evaluation"}: stops there with exit 130 and the Chinese notice; no output, no temporary directory, the earlier run and the roster untouched`, async () => {
      // a whole pass prints one line per 10,000: at least 4 for this county
      assert.ok(whole() >= 40_000, `${whole()} ${unit}`);
      const earlierRun = snapshot(out);
      const r = await interruptAt(stage, ["run", roster, "--year", "2027", "--out", out, "--force"]);
      assert.equal(r.code, 130, r.stderr);
      assert.match(r.stderr, /已中断\(Ctrl-C\):临时文件已删除,本次没有写出任何结果/);
      // stopped at once, it printed at most two of the four or more lines a whole pass prints
      const lines = r.stderr.match(new RegExp(`进度:${stage} [\\d,]+ ${unit}`, "g")) ?? [];
      assert.ok(lines.length >= 1 && lines.length <= 2, `the ${stage} went on after Ctrl-C: ${lines.join(" / ")}`);
      assert.deepEqual(snapshot(out), earlierRun, "the earlier run is byte for byte as it was");
      assert.deepEqual(leftovers(parent), [], "no temporary directory, moved-aside run or lock");
      assert.deepEqual(readdirSync(parent).sort(), ["2027年度", "花名册.csv"]);
      assert.equal(sha256(roster), rosterHash, "the roster is unchanged");
    });
  }
});
