// End-to-end benchmark of `payout run` on a seeded synthetic county (DESIGN.md §9).
//   npm run build && npm run bench -- --rows 1000000 [--xlsx] [--seed S] [--bad-rate R] [--json] [--keep] [--python] [--repeat K]
// --python also runs scripts/bench-python.py (issue 12's plain-Python yardstick) on the same roster.
// --repeat K runs K times (alternating with the yardstick): this machine's speed changes by 10-50%
// within minutes, so figures are the median run and the median of the K pairs' ratios.
// The roster is generated first (not timed); then the built CLI runs as a child process with
// PAYOUT_TIMINGS set, and we report wall time, rows/s, the run's own phase timings and peak RSS.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { median, medianIndex, pairRatios } from "./bench-stats.js";
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
      repeat: { type: "string", default: "1" },
    },
  });
  const rows = Number(values.rows);
  const seed = Number(values.seed);
  const year = Number(values.year);
  const badRate = Number(values["bad-rate"]);
  const repeat = Number(values.repeat);
  if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(seed) || !(badRate >= 0 && badRate <= 1) || !Number.isInteger(repeat) || repeat < 1) {
    console.error("usage: bench --rows N [--xlsx] [--seed S] [--bad-rate R] [--year Y] [--json] [--keep] [--python] [--repeat K]");
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

    const runs: RunMeasure[] = [];
    const pythons: ChildResult[] = [];
    for (let i = 0; i < repeat; i++) {
      // alternated with the yardstick, so a pair shares the machine's speed of the moment
      runs.push(await runPayout(dir, roster, year, i, values.keep && i === repeat - 1));
      if (values.python) pythons.push(await runPython(dir, roster, i));
      if (repeat > 1 && !values.json) console.log(`run ${i + 1}/${repeat}: payout ${describe(runs[i] as RunMeasure)}${values.python ? `; python ${describeChild(pythons[i] as ChildResult)}` : ""}`);
    }
    const run = runs[medianIndex(runs.map((r) => r.child.seconds))] as RunMeasure;
    const phases = run.phases;
    const before = phases.before_output;
    const result = {
      rows,
      format: values.xlsx ? "xlsx" : "csv",
      seed,
      repeat,
      exit_code: run.child.code,
      seconds: round(run.child.seconds, 2),
      cpu_seconds: run.child.cpuSeconds === undefined ? null : round(run.child.cpuSeconds, 2),
      rows_per_s: Math.round(rows / run.child.seconds),
      rows_per_s_before_output: before ? Math.round(rows / before) : null,
      phases: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, round(v, 2)])),
      peak_rss_mb: run.child.peakRssKb === undefined ? null : Math.round(run.child.peakRssKb / 1024),
      ...(repeat > 1 ? { runs_seconds: runs.map((r) => round(r.child.seconds, 2)), runs_peak_rss_mb: runs.map((r) => (r.child.peakRssKb === undefined ? null : Math.round(r.child.peakRssKb / 1024))) } : {}),
      ...(values.python ? pythonResult(runs, pythons) : {}),
    };
    if (values.json) console.log(JSON.stringify(result));
    else {
      if (repeat > 1) console.log(`(the run of median wall time of ${repeat}; all: ${runs.map((r) => round(r.child.seconds, 2)).join(", ")} s)`);
      console.log(`rows                      ${rows} (${result.format}, seed ${seed})`);
      console.log(`exit code                 ${run.child.code}`);
      console.log(`wall time                 ${result.seconds} s`);
      console.log(`CPU time (user+sys)       ${result.cpu_seconds ?? "?"} s`);
      console.log(`rows/s end to end         ${result.rows_per_s}`);
      console.log(`rows/s before output      ${result.rows_per_s_before_output ?? "(no before_output phase)"}`);
      if (Object.keys(phases).length === 0) console.log("phases                    (no timings file written)");
      // Keys ending in _mb are memory readings the run takes along the way, the rest are seconds.
      for (const [k, v] of Object.entries(result.phases)) console.log(`  ${k.padEnd(24)}${v}${k.endsWith("_mb") ? " MB" : " s"}`);
      console.log(`peak RSS                  ${result.peak_rss_mb ?? "?"} MB${repeat > 1 ? ` (highest of ${repeat}: ${Math.max(...runs.map((r) => Math.round((r.child.peakRssKb ?? 0) / 1024)))} MB)` : ""}`);
      if (values.python) {
        const py = pythonResult(runs, pythons);
        const failed = pythons.find((p) => p.code !== 0);
        const note = failed ? ` (failed, exit ${failed.code}: ${failed.output.trim().split("\n").pop() ?? ""})` : "";
        console.log(`python yardstick           wall ${py.python_seconds ?? "?"} s, CPU ${py.python_cpu_seconds ?? "?"} s, peak RSS ${py.python_peak_rss_mb ?? "?"} MB${repeat > 1 ? " (times: medians; RSS: highest)" : ""}${note}`);
        if (py.python_ratio !== null) console.log(`payout vs python (wall)    ${py.python_ratio}× as fast${repeat > 1 ? ` (median of the ${repeat} pairs: ${py.python_ratios.join(", ")})` : ""}`);
      }
    }
    const failed = runs.find((r) => r.child.code !== 0 && r.child.code !== 1);
    if (failed) {
      console.error(`payout run failed (exit ${failed.child.code}):\n${failed.child.output.split("\n").slice(-15).join("\n")}`);
      return 2;
    }
    return 0;
  } finally {
    if (values.keep) console.error(`kept ${dir}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

interface RunMeasure {
  readonly child: ChildResult;
  /** The run's own phase timings (PAYOUT_TIMINGS). */
  readonly phases: Record<string, number>;
}

/** One `payout run` into a fresh folder, with its phase timings; the folder is removed unless `keep`. */
async function runPayout(dir: string, roster: string, year: number, i: number, keep: boolean): Promise<RunMeasure> {
  const timingsPath = join(dir, `timings-${i}.json`);
  const out = join(dir, `out-${i}`);
  const env = { ...process.env, PAYOUT_TIMINGS: timingsPath, NO_COLOR: "1" };
  const child = await measure([CLI, "run", roster, "--year", String(year), "--out", out], env);
  let phases: Record<string, number> = {};
  try {
    phases = JSON.parse(await readFile(timingsPath, "utf8")) as Record<string, number>;
  } catch {
    phases = {};
  }
  // with --keep only the last run's folder stays: a large run's outputs are gigabytes
  if (!keep) await rm(out, { recursive: true, force: true });
  return { child, phases };
}

/** issue 12's yardstick on the same roster: csv + openpyxl write-only, unstyled, one GBK bank file. */
async function runPython(dir: string, roster: string, i: number): Promise<ChildResult> {
  const out = join(dir, `python-out-${i}`);
  const result = await measure([join(ROOT, "scripts", "bench-python.py"), roster, out], { ...process.env }, "/usr/bin/python3");
  await rm(out, { recursive: true, force: true });
  return result;
}

/** The yardstick's medians, and the ratio of each pair (python ÷ payout, run back to back) with their median. */
function pythonResult(runs: readonly RunMeasure[], pythons: readonly ChildResult[]) {
  const ok = pythons.every((p) => p.code === 0);
  const { ratios, median: ratio } = pairRatios(runs.map((r) => r.child.seconds), pythons.map((p) => p.seconds));
  const cpu = pythons.map((p) => p.cpuSeconds).filter((c): c is number => c !== undefined);
  const rss = pythons.map((p) => p.peakRssKb).filter((k): k is number => k !== undefined);
  return {
    python_seconds: ok ? round(median(pythons.map((p) => p.seconds)), 2) : null,
    python_cpu_seconds: cpu.length > 0 ? round(median(cpu), 2) : null,
    python_peak_rss_mb: rss.length > 0 ? Math.round(Math.max(...rss) / 1024) : null,
    python_ratio: ok ? round(ratio, 2) : null,
    python_ratios: ok ? ratios.map((r) => round(r, 2)) : [],
  };
}

const describe = (r: RunMeasure): string => `${round(r.child.seconds, 2)} s, CPU ${r.child.cpuSeconds === undefined ? "?" : round(r.child.cpuSeconds, 2)} s, ${r.child.peakRssKb === undefined ? "?" : Math.round(r.child.peakRssKb / 1024)} MB`;
const describeChild = (c: ChildResult): string => (c.code === 0 ? `${round(c.seconds, 2)} s` : `failed (exit ${c.code})`);

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(e);
    process.exitCode = 2;
  },
);
