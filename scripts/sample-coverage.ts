// Does every programme of the policy have recipients and non-recipients in a run's ledger?
//   node --import tsx scripts/sample-coverage.ts <发放台账.csv> [--roster samples/roster.csv] [--policy samples/policy.yaml]
// Prints, per programme, how many units (persons, or households for `for: household`) got it and
// how many of the roster's eligible units did not; exit 1 when a programme lacks either.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { parse as parseCsv } from "csv-parse/sync";
import { parse as parseYaml } from "yaml";

interface Programme {
  readonly code: string;
  readonly name: string;
  readonly for: "parent" | "child" | "member" | "household";
}

const PARENT_ROLES = new Set(["夫", "丈夫", "男方", "妻", "妻子", "女方"]);
const CHILD_ROLES = new Set(["子女", "子", "女", "儿子", "女儿", "养子", "养女"]);

function readTable(path: string): Record<string, string>[] {
  return parseCsv(readFileSync(path), { bom: true, columns: true, skip_empty_lines: true }) as Record<string, string>[];
}

function readProgrammes(path: string): Programme[] {
  const doc = parseYaml(readFileSync(path, "utf8")) as { programs?: Array<Partial<Programme>> };
  return (doc.programs ?? []).map((p) => ({ code: String(p.code), name: String(p.name ?? ""), for: (p.for ?? "member") as Programme["for"] }));
}

const fen = (text: string | undefined): number => {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec((text ?? "").trim());
  return m ? (m[1] ? -1 : 1) * (Number(m[2]) * 100 + Number(m[3])) : 0;
};

function main(): number {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      roster: { type: "string", default: "samples/roster.csv" },
      policy: { type: "string", default: "samples/policy.yaml" },
    },
  });
  const ledgerPath = positionals[0];
  if (!ledgerPath) {
    console.error("usage: sample-coverage <发放台账.csv> [--roster FILE] [--policy FILE]");
    return 2;
  }
  const programmes = readProgrammes(values.policy);
  const ledger = readTable(ledgerPath);
  const roster = readTable(values.roster);

  // Households with an error are not evaluated: leave them out of the non-recipients.
  const problemsPath = join(dirname(ledgerPath), "数据问题.csv");
  const rejected = new Set(
    existsSync(problemsPath) ? readTable(problemsPath).filter((r) => r["级别"] === "错误").map((r) => r["户编号"] ?? "") : [],
  );
  const rows = roster.filter((r) => !rejected.has((r["户编号"] ?? "").trim()));
  const units: Record<Programme["for"], Set<string>> = {
    parent: new Set(rows.filter((r) => PARENT_ROLES.has(r["家庭角色"] ?? "")).map((r) => r["身份证号"] ?? "")),
    child: new Set(rows.filter((r) => CHILD_ROLES.has(r["家庭角色"] ?? "")).map((r) => r["身份证号"] ?? "")),
    member: new Set(rows.map((r) => r["身份证号"] ?? "")),
    household: new Set(rows.map((r) => (r["户编号"] ?? "").trim())),
  };

  let missing = 0;
  const lines: string[][] = [["code", "for", "recipients", "non-recipients", "amount", "name"]];
  for (const p of programmes) {
    const awards = ledger.filter((r) => r["项目代码"] === p.code);
    const key = (r: Record<string, string>): string => (p.for === "household" ? r["户编号"] ?? "" : r["身份证号"] ?? "");
    const recipients = new Set(awards.map(key));
    const eligible = units[p.for];
    const non = [...eligible].filter((u) => !recipients.has(u)).length;
    const amount = awards.reduce((s, r) => s + fen(r["金额"]), 0);
    const ok = recipients.size > 0 && non > 0;
    if (!ok) missing++;
    lines.push([p.code, p.for, String(recipients.size), String(non), (amount / 100).toFixed(2), p.name + (ok ? "" : "  ← 缺少" + (recipients.size ? "未领取者" : "领取者"))]);
  }
  const widths = (lines[0] ?? []).map((_, i) => Math.max(...lines.map((l) => (l[i] ?? "").length)));
  for (const l of lines) console.log(l.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ").trimEnd());
  const unknown = [...new Set(ledger.map((r) => r["项目代码"] ?? ""))].filter((c) => !programmes.some((p) => p.code === c));
  if (unknown.length) console.log(`ledger codes not in the policy: ${unknown.join(", ")}`);
  console.log(
    missing === 0
      ? `all ${programmes.length} programmes have recipients and non-recipients`
      : `${missing} of ${programmes.length} programmes lack recipients or non-recipients`,
  );
  return missing === 0 ? 0 : 1;
}

process.exitCode = main();
