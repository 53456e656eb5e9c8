import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { parseYuan, type Fen } from "../domain/money.js";
import type { OnceRegistry } from "../policy/evaluate.js";
import type { Policy } from "../policy/types.js";
import { decodeChunks } from "../roster/decode.js";
import { RosterError } from "../roster/read-records.js";

/** An award of an earlier year's ledger (--previous). */
export interface PreviousAward {
  readonly year: string;
  readonly township: string;
  readonly village: string;
  readonly householdId: string;
  readonly name: string;
  readonly id: string;
  readonly code: string;
  readonly programName: string;
  readonly amount: Fen;
  readonly payeeId: string;
}

/** Reads an earlier year's 发放台账.csv (UTF-8 as written, or GBK if a clerk re-saved it in Excel). */
export async function readPreviousLedger(path: string): Promise<PreviousAward[]> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw new RosterError("unreadable", `无法读取上年台账 ${path}:${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const rows = parse([...decodeChunks(buf)].join(""), { relax_column_count: true }) as string[][];
  const head = rows[0] ?? [];
  const col = (name: string): number => head.indexOf(name);
  const need = ["项目代码", "户编号", "身份证号", "金额"];
  if (need.some((n) => col(n) < 0)) throw new RosterError("format", `上年台账 ${path} 缺少 ${need.join("/")} 列,不是 payout 的发放台账`);
  const get = (r: string[], name: string): string => (col(name) >= 0 ? (r[col(name)] ?? "") : "").replace(/^'(?=[=+\-@\t\r])/, "");
  return rows.slice(1).filter((r) => r.length > 1).map((r) => ({
    year: get(r, "年度"), township: get(r, "乡镇"), village: get(r, "村"), householdId: get(r, "户编号"), name: get(r, "姓名"),
    id: get(r, "身份证号"), code: get(r, "项目代码"), programName: get(r, "项目名称"),
    amount: parseYuan(get(r, "金额")) ?? (0 as Fen), payeeId: get(r, "领款人身份证号"),
  }));
}

/**
 * Registers earlier one-time awards so they are not paid again: a person by ID; a household by
 * 户编号 and by the IDs on the award (booked row and payee).
 */
export function registerPreviousOnce(previous: readonly PreviousAward[], policy: Policy, once: OnceRegistry): void {
  const onceCodes = new Map(policy.programs.filter((p) => p.once).map((p) => [p.code, p.target]));
  for (const a of previous) {
    const target = onceCodes.get(a.code);
    if (target === undefined) continue;
    if (target === "household") {
      for (const k of [a.householdId, a.id, a.payeeId]) if (k) once.households.add(`${a.code}\u0000${k}`);
    } else if (a.id) once.persons.add(`${a.code}\u0000${a.id}`);
  }
}
