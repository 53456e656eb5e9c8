import { maskId } from "../domain/id-number.js";
import type { Problem } from "../roster/problem.js";

/** One roster problem as `check` and the guided run print it (the ID masked). */
export function problemLine(p: Problem): string {
  return `第 ${p.row} 行 [${p.level}] ${p.name || "(无姓名)"} ${p.id ? maskId(p.id) : ""} ${p.column ? `${p.column}:` : ""}${p.message}`;
}
