import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import type { Award } from "../domain/award.js";
import { parseIdNumber } from "../domain/id-number.js";
import { toHalfWidth } from "../roster/columns.js";
import { decodeChunks } from "../roster/decode.js";
import { RosterError } from "../roster/read-records.js";

/** An objection raised during the notice period (--exclude, DESIGN §7.9). */
export interface Objection {
  readonly id: string;
  /** "" = every programme of that person. */
  readonly code: string;
  readonly reason: string;
}

export interface WithheldAward {
  readonly award: Award;
  readonly reason: string;
}

/** Reads the objections CSV: 身份证号,项目代码,原因 (UTF-8 or GBK). */
export async function readObjections(path: string): Promise<Objection[]> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw new RosterError("unreadable", `无法读取异议名单 ${path}:${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  const rows = parse([...decodeChunks(buf)].join(""), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const head = (rows[0] ?? []).map((h) => toHalfWidth(h).trim());
  const [iId, iCode, iReason] = ["身份证号", "项目代码", "原因"].map((h) => head.indexOf(h));
  if (iId === undefined || iId < 0) throw new RosterError("format", `异议名单 ${path} 需要列 身份证号,项目代码,原因`);
  return rows.slice(1).map((r, i) => {
    const raw = toHalfWidth(r[iId] ?? "").replace(/\s+/g, "").replace(/x/g, "X");
    const parsed = parseIdNumber(raw);
    if (!parsed.ok) throw new RosterError("format", `异议名单 ${path} 第 ${i + 2} 行的身份证号无效`);
    return { id: parsed.value.id, code: (iCode !== undefined && iCode >= 0 ? r[iCode] ?? "" : "").trim(), reason: (iReason !== undefined && iReason >= 0 ? r[iReason] ?? "" : "").trim() };
  });
}

/**
 * Withholds the awards under objection: they leave the ledger (and so the bank files, sheets and
 * funding) and are listed with their reason in 异议暂停. An award matches by the ID it is booked on.
 */
export function withholdObjections(awards: readonly Award[], objections: readonly Objection[]): { kept: Award[]; withheld: WithheldAward[] } {
  const byId = new Map<string, Objection[]>();
  for (const o of objections) byId.set(o.id, [...(byId.get(o.id) ?? []), o]);
  const kept: Award[] = [];
  const withheld: WithheldAward[] = [];
  for (const a of awards) {
    const o = byId.get(a.id)?.find((x) => x.code === "" || x.code === a.code);
    if (o) withheld.push({ award: a, reason: o.reason || "公示期间有异议" });
    else kept.push(a);
  }
  return { kept, withheld };
}
