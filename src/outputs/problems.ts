import { writeFile } from "node:fs/promises";
import { ZERO } from "../domain/money.js";
import { compareProblems } from "../roster/problem.js";
import { csvLine, UTF8_BOM } from "./csv-text.js";
import type { RunResult } from "./run-result.js";
import type { WrittenFile } from "./written.js";

export const PROBLEMS_FILE = "数据问题.csv";
const HEADER = ["行号", "乡镇", "村", "户编号", "姓名", "身份证号", "列", "级别", "问题"];

export function problemRows(result: RunResult): string[][] {
  return [...result.problems].sort(compareProblems).map((p) => [String(p.row), p.township, p.village, p.householdId, p.name, p.id, p.column, p.level, p.message]);
}

export async function writeProblems(result: RunResult, path: string): Promise<WrittenFile> {
  const text = UTF8_BOM + csvLine(HEADER) + problemRows(result).map(csvLine).join("");
  await writeFile(path, text, { mode: 0o600 });
  return { path: PROBLEMS_FILE, total: ZERO, count: result.problems.length, sensitive: true };
}
