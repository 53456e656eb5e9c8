// Synthetic county roster (花名册) generator, seeded and streamed.
//   npm run gen -- --rows 1000000 --out /tmp/roster.csv [--seed 7] [--xlsx] [--bad-rate 0.02] [--year 2027]
//   npm run gen -- --sample --out samples/roster.csv          (the shipped clean sample county)
//   npm run gen -- --sample-errors --out samples/roster-with-errors.csv
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { generateCounty } from "./gen/county.js";
import { generateSample } from "./gen/sample.js";
import type { GeneratedRow } from "./gen/row.js";
import { writeCsv, writeXlsx, type WriteStats } from "./gen/write.js";

export interface GenOptions {
  readonly rows: number;
  readonly seed: number;
  readonly year: number;
  readonly badRate: number;
  readonly mode: "county" | "sample" | "sample-errors";
}

/** The rows for the options: a streamed county, or one of the small curated samples. */
export function rosterRows(o: GenOptions): Iterable<GeneratedRow> {
  switch (o.mode) {
    case "county":
      return generateCounty(o);
    case "sample":
      return generateSample({ seed: o.seed, year: o.year, householdsPerVillage: 40, villages: 6, badEach: 0, curated: true });
    case "sample-errors":
      return generateSample({ seed: o.seed, year: o.year, householdsPerVillage: 8, villages: 4, badEach: 2, curated: false });
    default: {
      const never: never = o.mode;
      throw new Error(`unknown mode ${String(never)}`);
    }
  }
}

export async function generateRosterFile(o: GenOptions, out: string, xlsx: boolean): Promise<WriteStats> {
  const rows = rosterRows(o);
  return xlsx ? writeXlsx(rows, out, o.year) : writeCsv(rows, out);
}

const USAGE = `usage: gen-roster --rows N --out FILE [--seed S] [--xlsx] [--bad-rate R] [--year Y]
       gen-roster --sample|--sample-errors --out FILE [--xlsx]`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: "string" },
      out: { type: "string" },
      seed: { type: "string" },
      xlsx: { type: "boolean", default: false },
      "bad-rate": { type: "string" },
      year: { type: "string", default: "2027" },
      sample: { type: "boolean", default: false },
      "sample-errors": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const mode = values.sample ? "sample" : values["sample-errors"] ? "sample-errors" : "county";
  const rows = Number(values.rows ?? (mode === "county" ? NaN : 0));
  const out = values.out;
  if (!out || !Number.isInteger(rows) || rows < 0 || (mode === "county" && rows < 1)) throw new UsageError(USAGE);
  const badRate = Number(values["bad-rate"] ?? (mode === "county" ? 0.02 : 0));
  if (!(badRate >= 0 && badRate <= 1)) throw new UsageError("--bad-rate must be between 0 and 1");
  const seed = Number(values.seed ?? (mode === "sample" ? 2027 : mode === "sample-errors" ? 42 : 1));
  const year = Number(values.year);
  if (!Number.isInteger(seed) || !Number.isInteger(year)) throw new UsageError("--seed and --year must be integers");
  const xlsx = values.xlsx || out.toLowerCase().endsWith(".xlsx");
  const started = process.hrtime.bigint();
  const stats = await generateRosterFile({ rows, seed, year, badRate, mode }, out, xlsx);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const kinds = Object.entries(stats.byKind).map(([k, n]) => `${k} ${n}`).join(", ");
  console.error(
    `${out}: ${stats.rows} rows (${stats.bad} bad${kinds ? `: ${kinds}` : ""}), seed ${seed}, ` +
      `${seconds.toFixed(1)} s, ${Math.round(stats.rows / seconds)} rows/s, peak RSS ${Math.round(process.memoryUsage().rss / 1048576)} MB`,
  );
}

class UsageError extends Error {}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((e: unknown) => {
    console.error(e instanceof UsageError ? e.message : e);
    process.exitCode = 2;
  });
}
