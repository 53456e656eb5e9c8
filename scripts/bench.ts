// End-to-end benchmark of `payout run` on a seeded synthetic county (DESIGN.md §9).
//   npm run build && npm run bench -- --rows 1000000 [--xlsx] [--seed S] [--bad-rate R] [--json] [--keep] [--python]
// --python also runs scripts/bench-python.py (issue 12's plain-Python yardstick) on the same roster.
// The roster is generated first (not timed); then the built CLI runs as a child process with
// PAYOUT_TIMINGS set, and we report wall time, rows/s, the run's own phase timings and peak RSS.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { generateRosterFile } from "./gen-roster.js";

const ROOT = resolve(import.meta.dirname, "..");
const CLI = join(ROOT, "bin", "payout.js");
const TIME = "/usr/bin/time";

interface ChildResult {
  readonly code: number;
  readonly seconds: number;
  readonly peakRssKb: number | undefined;
  /** User + system CPU seconds of the run (all threads), from /usr/bin/time: steadier than wall time on a busy machine. */
  readonly cpuSeconds: number | undefined;
  readonly output: string;
}

/** Runs a command; peak RSS from `/usr/bin/time -v` when present, else by polling VmHWM. */
function measure(args: readonly string[], env: NodeJS.ProcessEnv, program: string = process.execPath): Promise<ChildResult> {
  const useTime = existsSync(TIME);
  const [cmd, argv] = useTime ? [TIME, ["-v", program, ...args]] : [program, [...args]];
  const started = process.hrtime.bigint();
  const child = spawn(cmd, argv, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  let polledKb: number | undefined;
  const poll = useTime
    ? undefined
    : setInterval(() => {
        readFile(`/proc/${child.pid}/status`, "utf8")
          .then((s) => {
            const kb = Number(/VmHWM:\s+(\d+)/.exec(s)?.[1]);
            if (kb > (polledKb ?? 0)) polledKb = kb;
          })
          .catch(() => undefined);
      }, 25);
  return new Promise((done, fail) => {
    child.on("error", fail);
    child.on("close", (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (poll) clearInterval(poll);
      const timed = /Maximum resident set size \(kbytes\): (\d+)/.exec(output);
      const user = /User time \(seconds\): ([\d.]+)/.exec(output);
      const system = /System time \(seconds\): ([\d.]+)/.exec(output);
      const cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : undefined;
      done({ code: code ?? 2, seconds, peakRssKb: timed ? Number(timed[1]) : polledKb, cpuSeconds, output });
    });
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      rows: { type: "string" },
      xlsx: { type: "boolean", default: false },
      seed: { type: "string", default: "1" },
      "bad-rate": { type: "string", default: "0.02" },
      year: { type: "string", default: "2027" },
      json: { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      python: { type: "boolean", default: false },
    },
  });
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  const year = Number(values.year);
  const badRate = Number(values["bad-rate"]);
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(seed) || !(badRate >= 0 && badRate <= 1)) {
    console.error("usage: bench --rows N [--xlsx] [--seed S] [--bad-rate R] [--year Y] [--json] [--keep] [--python]");
    return 2;
  }
  if (!existsSync(join(ROOT, "dist", "packed", "main.js"))) {
    console.error("dist/ is missing: run `npm run build` first (bench does not build).");
    return 2;
  }
  const dir = await mkdtemp(join(tmpdir(), "payout-bench-"));
  try {
    const roster = join(dir, values.xlsx ? "roster.xlsx" : "roster.csv");
    const genStart = process.hrtime.bigint();
    await generateRosterFile({ rows, seed, year, badRate, mode: "county" }, roster, values.xlsx);
    const genSeconds = Number(process.hrtime.bigint() - genStart) / 1e9;
    if (!values.json) console.log(`generated ${rows} rows in ${genSeconds.toFixed(1)} s (not timed): ${roster}`);

    const timingsPath = join(dir, "timings.json");
    const env = { ...process.env, PAYOUT_TIMINGS: timingsPath, NO_COLOR: "1" };
    const run = await measure([CLI, "run", roster, "--year", String(year), "--out", join(dir, "out")], env);
    let phases: Record<string, number> = {};
    try {
      phases = JSON.parse(await readFile(timingsPath, "utf8")) as Record<string, number>;
    } catch {
      phases = {};
    }
    const before = phases.before_output;
    const result = {
      rows,
      format: values.xlsx ? "xlsx" : "csv",
      seed,
      exit_code: run.code,
      seconds: round(run.seconds, 2),
      cpu_seconds: run.cpuSeconds === undefined ? null : round(run.cpuSeconds, 2),
      rows_per_s: Math.round(rows / run.seconds),
      rows_per_s_before_output: before ? Math.round(rows / before) : null,
      phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(v, 2)])),
      peak_rss_mb: run.peakRssKb === undefined ? null : Math.round(run.peakRssKb / 1024),
    };
    if (values.json) console.log(JSON.stringify(result));
    else {
      console.log(`rows                      ${rows} (${result.format}, seed ${seed})`);
      console.log(`exit code                 ${run.code}`);
      console.log(`wall time                 ${result.seconds} s`);
      console.log(`CPU time (user+sys)       ${result.cpu_seconds ?? "?"} s`);
      console.log(`rows/s end to end         ${result.rows_per_s}`);
      console.log(`rows/s before output      ${result.rows_per_s_before_output ?? "(no before_output phase)"}`);
      if (Object.keys(phases).length === 0) console.log("phases                    (no timings file written)");
      // Keys ending in _mb are memory readings the run takes along the way, the rest are seconds.
      for (const [k, v] of Object.entries(result.phases)) console.log(`  ${k.padEnd(24)}${v}${k.endsWith("_mb") ? " MB" : " s"}`);
      console.log(`peak RSS                  ${result.peak_rss_mb ?? "?"} MB`);
    }
    if (values.python) {
      // issue 12's yardstick on the same roster: csv + openpyxl write-only, unstyled, one GBK bank file
      const script = join(ROOT, "scripts", "bench-python.py");
      const py = await measure([script, roster, join(dir, "python-out")], env, "/usr/bin/python3");
      const note = py.code === 0 ? "" : ` (failed, exit ${py.code}: ${py.output.trim().split("\n").pop() ?? ""})`;
      console.log(`python yardstick           wall ${round(py.seconds, 2)} s, CPU ${py.cpuSeconds === undefined ? "?" : round(py.cpuSeconds, 2)} s, peak RSS ${py.peakRssKb === undefined ? "?" : Math.round(py.peakRssKb / 1024)} MB${note}`);
      if (py.code === 0) console.log(`payout vs python (wall)    ${round(py.seconds / run.seconds, 2)}× as fast`);
    }
    if (run.code !== 0 && run.code !== 1) {
      console.error(`payout run failed (exit ${run.code}):\n${run.output.split("\n").slice(-15).join("\n")}`);
      return 2;
    }
    return 0;
  } finally {
    if (values.keep) console.error(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(e);
    process.exitCode = 2;
  },
);
