import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import type { Award } from "../domain/award.js";
import { normaliseIdText, parseIdNumber } from "../domain/id-number.js";
import { toHalfWidth } from "../roster/columns.js";
import { decodeChunks } from "../input/decode.js";
import { PayoutError } from "../errors.js";
import { fileError } from "../file-errors.js";

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

/** Reads the objections CSV: 身份证号,项目代码,原因 (UTF-8 or GBK); codes must be the policy's. */
export async function readObjections(path: string, knownCodes: ReadonlySet<string>): Promise<Objection[]> {
  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (err) {
    throw fileError(err, "异议名单", path);
  }
  const rows = parse([...decodeChunks(buf)].join(""), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  const head = (rows[0] ?? []).map((h) => toHalfWidth(h).trim());
  const [iId, iCode, iReason] = ["身份证号", "项目代码", "原因"].map((h) => head.indexOf(h)) as [number, number, number];
  if (iId < 0 || iCode < 0 || iReason < 0) throw new PayoutError("input-format", `异议名单 ${path} 的表头应为 身份证号,项目代码,原因(项目代码可留空,表示此人全部项目)`);
  const out: Objection[] = [];
  rows.slice(1).forEach((r, i) => {
    if (r.every((c) => c.trim() === "")) return;
    const parsed = parseIdNumber(normaliseIdText(r[iId] ?? ""));
    if (!parsed.ok) throw new PayoutError("input-format", `异议名单 ${path} 第 ${i + 2} 行的身份证号无效`);
    const code = (r[iCode] ?? "").trim();
    if (code !== "" && !knownCodes.has(code)) throw new PayoutError("input-format", `异议名单 ${path} 第 ${i + 2} 行的项目代码“${code}”不是政策中的项目`);
    out.push({ id: parsed.value.id, code, reason: (r[iReason] ?? "").trim() });
  });
  return out;
}

/**
 * Withholds the awards under objection: they leave the ledger (and so the bank files, sheets and
 * funding) and are listed with their reason in 异议暂停. An award matches by the ID it is booked on.
 */
export function withholdObjections(awards: readonly Award[], objections: readonly Objection[]): { kept: Award[]; withheld: WithheldAward[]; unmatched: Objection[] } {
  const byId = new Map<string, Objection[]>();
  for (const o of objections) byId.set(o.id, [...(byId.get(o.id) ?? []), o]);
  const kept: Award[] = [];
  const withheld: WithheldAward[] = [];
  const used = new Set<Objection>();
  for (const a of awards) {
    const o = byId.get(a.id)?.find((x) => x.code === "" || x.code === a.code);
    if (o) {
      withheld.push({ award: a, reason: o.reason || "公示期间有异议" });
      used.add(o);
    } else kept.push(a);
  }
  return { kept, withheld, unmatched: objections.filter((o) => !used.has(o)) };
}
