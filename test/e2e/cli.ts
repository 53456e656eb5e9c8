import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir as makeTempDir } from "../helpers/temp-dir.js";

export const ROOT = new URL("../../", import.meta.url).pathname;
export const BIN = join(ROOT, "bin/payout.js");

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built CLI as a user would, without colour. */
export function payout(...args: string[]): CliResult {
  return payoutWithEnv({}, ...args);
}

export function payoutWithEnv(env: Record<string, string>, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The e2e tests' folders (removed when the test process ends: test/helpers/temp-dir.ts). */
export function tempDir(): string {
  return makeTempDir("payout-test-");
}

export function readCsv(path: string): string[][] {
  const text = readFileSync(path, "utf8").replace(/^\ufeff/, "");
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(field); field = ""; }
    else if (ch === "\n") { row.push(field.replace(/\r$/, "")); rows.push(row); row = []; field = ""; }
    else field += ch;
  }
  if (field !== "" || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/** Rows as objects keyed by the header. */
export function readCsvObjects(path: string): Array<Record<string, string>> {
  const [head, ...body] = readCsv(path);
  return body.map((r) => Object.fromEntries((head ?? []).map((h, i) => [h, r[i] ?? ""])));
}

/** Console text must never carry a full ID number or a bank account. */
export function fullIdsIn(text: string): string[] {
  return text.match(/(?<!\d)\d{17}[\dX](?!\d)|(?<!\d)\d{16,19}(?!\d)/g) ?? [];
}
