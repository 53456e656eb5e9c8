import { maskId } from "../domain/id-number.js";
import type { Problem } from "../roster/problem.js";

/** One roster problem as `check` and the guided run print it (the ID masked). */
export function problemLine(p: Problem): string {
  return `第 ${p.row} 行 [${p.level}] ${p.name || "(无姓名)"} ${p.id ? maskId(p.id) : ""} ${p.column ? `${p.column}:` : ""}${p.message}`;
}

/** Rows rejected for errors and rows set aside, as run, check and the guided run word them. */
export function rejectedRows(rowsRejected: number, rowsSetAside: number): string {
  const text = `剔除 ${rowsRejected - rowsSetAside} 行`;
  return rowsSetAside > 0 ? `${text};另有 ${rowsSetAside} 行为夫妻及其子女以外的亲属(如父母、孙子女、女婿),不参与核定` : text;
}
