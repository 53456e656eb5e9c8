import type { Award } from "../domain/award.js";
import { normaliseIdText, parseIdNumber } from "../domain/id-number.js";
import { printable } from "../input/printable.js";
import { readTable } from "../input/read-table.js";
import { PayoutError } from "../errors.js";
import { programKey } from "../policy/parse-util.js";
import { toHalfWidth } from "../roster/columns.js";

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

/** A programme as an objection may name it: by its name (what a clerk writes) or its code. */
export interface NamedProgram {
  readonly code: string;
  readonly name: string;
}

/** The programme a clerk meant by a name or a code (full-width and spaces folded, codes in any case). */
export function programByNameOrCode<T extends NamedProgram>(programs: readonly T[], text: string): T | undefined {
  const t = toHalfWidth(text).replace(/\s+/g, "");
  return programs.find((p) => programKey(p.code) === programKey(t)) ?? programs.find((p) => toHalfWidth(p.name).replace(/\s+/g, "") === t);
}

/**
 * Reads the objections list (身份证号,项目代码,原因; CSV, xlsx or xls) through the one reader; 项目代码
 * may hold a programme's name or its code, and one the policy does not know lists the names it has.
 */
export async function readObjections(path: string, programs: readonly NamedProgram[], onWarning: (message: string) => void = () => undefined): Promise<Objection[]> {
  const table = await readTable(path, {
    what: "异议名单",
    columns: [
      { key: "id", header: "身份证号", aliases: ["身份证号码", "公民身份号码", "证件号码"], required: true, kind: "id" },
      { key: "code", header: "项目代码", aliases: ["项目名称", "项目"], required: true },
      { key: "reason", header: "原因", aliases: ["异议原因", "暂停原因"], required: true },
    ],
  });
  for (const w of table.warnings) onWarning(w);
  const out: Objection[] = [];
  for (const { row, text } of table.records) {
    const parsed = parseIdNumber(normaliseIdText(text.id));
    if (!parsed.ok) throw new PayoutError("input-format", `异议名单 ${path} 第 ${row} 行的身份证号无效`);
    const named = text.code;
    const program = named === "" ? undefined : programByNameOrCode(programs, named);
    if (named !== "" && !program) {
      throw new PayoutError("input-format", `异议名单 ${path} 第 ${row} 行的项目“${printable(named)}”不是政策中的项目。可填的项目名称:\n    ${programs.map((p) => p.name).join("\n    ")}`);
    }
    out.push({ id: parsed.value.id, code: program?.code ?? "", reason: text.reason });
  }
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
