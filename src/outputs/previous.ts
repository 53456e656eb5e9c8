import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import type { OnceRegistry } from "../policy/evaluate.js";
import type { Policy } from "../policy/types.js";
import { decodeChunks } from "../roster/decode.js";
import { RosterError } from "../roster/read-records.js";

/**
 * Reads an earlier year's 发放台账.csv and registers its one-time awards, so they are not paid again:
 * a person by ID; a household by 户编号 and by the IDs on the award (booked row and payee).
 */
export async function readPreviousOnce(path: string, policy: Policy, once: OnceRegistry): Promise<void> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw new RosterError("unreadable", `无法读取上年台账 ${path}:${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const rows = parse([...decodeChunks(buf)].join(""), { relax_column_count: true }) as string[][];
  const head = rows[0] ?? [];
  const col = (name: string): number => head.indexOf(name);
  const [iCode, iHh, iId, iPayee] = [col("项目代码"), col("户编号"), col("身份证号"), col("领款人身份证号")];
  if (iCode < 0 || iHh < 0 || iId < 0) throw new RosterError("format", `上年台账 ${path} 缺少 项目代码/户编号/身份证号 列,不是 payout 的发放台账`);
  const onceCodes = new Map(policy.programs.filter((p) => p.once).map((p) => [p.code, p.target]));
  for (const r of rows.slice(1)) {
    const code = r[iCode] ?? "";
    const target = onceCodes.get(code);
    if (target === undefined) continue;
    if (target === "household") {
      for (const k of [r[iHh], r[iId], iPayee >= 0 ? r[iPayee] : ""]) if (k) once.households.add(`${code}\u0000${k}`);
    } else if (r[iId]) once.persons.add(`${code}\u0000${r[iId]}`);
  }
}
