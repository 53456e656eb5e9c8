import { readFile } from "node:fs/promises";
import { parseCsvText } from "../input/csv-text.js";
import { readSheetRows, type ReadCell } from "../input/read-sheets.js";
import { decodeBytes } from "../outputs/bank/encoding.js";
import { parseYuan } from "../domain/money.js";

// A bank file's control line checked without the policy that shaped it (an auditor has only the
// folder): a 合计 footer (笔数 in the second field, the total in the amount's column) or a header of
// 单位编号|日期|总笔数|总金额. Both sides are read in the file's own unit (元 or 分), so units cancel.

export interface BankControl {
  readonly lines: number;
  /** Σ of the lines, in the file's unit ×100 when 元 (as fen), or as written when 分. */
  readonly total: number;
  readonly declaredCount: number;
  readonly declaredTotal: number;
  /** Σ in fen, for the cross-total with the ledger: amounts with decimals are 元, whole ones 分. */
  readonly totalFen: number;
}

const number = (text: string): number | undefined => {
  const t = text.trim().replace(/,/g, "");
  return /^-?\d+(\.\d{1,2})?$/.test(t) ? (parseYuan(t) as number | undefined) : undefined;
};

function fromRows(rows: ReadonlyArray<readonly string[]>, what: string): BankControl {
  const body = rows.filter((r) => r.some((c) => c.trim() !== ""));
  const last = body[body.length - 1];
  let lines: ReadonlyArray<readonly string[]>;
  let declaredCount: number | undefined;
  let declaredTotal: number | undefined;
  let amountAt: number[];
  if (last && last[0]?.trim() === "合计") {
    declaredCount = Number(last[1]);
    const at = last.findIndex((c, i) => i > 1 && number(c) !== undefined);
    declaredTotal = at >= 0 ? number(last[at] ?? "") : undefined;
    lines = body.slice(0, -1).filter((r) => r.length > at && number(r[at] ?? "") !== undefined && /\d/.test(r[0] ?? ""));
    amountAt = [at];
  } else {
    const head = body[0] ?? [];
    if (head.length !== 4) throw new Error(`${what}:找不到控制行(末行“合计”或首行 单位编号、日期、总笔数、总金额)`);
    declaredCount = Number(head[2]);
    declaredTotal = number(head[3] ?? "");
    lines = body.slice(1);
    const width = lines[0]?.length ?? 0;
    amountAt = Array.from({ length: width }, (_, i) => i).filter((i) => lines.every((r) => number(r[i] ?? "") !== undefined && (r[i] ?? "").includes(".")));
  }
  if (!Number.isInteger(declaredCount) || declaredTotal === undefined) throw new Error(`${what}:控制行的笔数或金额无法读取`);
  // the amount column: the one whose Σ is the declared total, else the first candidate
  const sums = amountAt.map((i) => lines.reduce((s, r) => s + (number(r[i] ?? "") ?? 0), 0));
  const total = sums.find((s) => s === declaredTotal) ?? sums[0] ?? 0;
  const decimals = [last?.join(",") ?? "", ...lines.map((r) => r.join(","))].some((t) => /\d\.\d{2}\b/.test(t));
  return { lines: lines.length, total, declaredCount, declaredTotal, totalFen: decimals ? total : total / 100 };
}

const text = (c: ReadCell): string => (c === undefined ? "" : typeof c === "number" ? (Number.isInteger(c) ? String(c) : c.toFixed(2)) : c);

/** Reads a bank file (.csv/.txt in GBK or UTF-8, or an .xlsx template) and its control line. */
export async function readBankControl(path: string, name: string): Promise<BankControl> {
  if (name.endsWith(".xlsx")) {
    const rows: string[][] = [];
    for await (const r of readSheetRows(path)) rows.push(Array.from(r.cells, text));
    const totalRow = rows.findIndex((r) => r[0] === "合计");
    const body = rows.slice(0, totalRow + 1).filter((r, i) => i === totalRow || /^\d+$/.test(r[0] ?? ""));
    const c = fromRows(body, name);
    return { ...c, totalFen: c.total };
  }
  const buf = await readFile(path);
  const decoded = buf.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])) ? buf.subarray(3).toString("utf8") : decodeBytes(buf, "GBK");
  const delimiter = name.endsWith(".txt") ? (decoded.includes("|") ? "|" : decoded.includes("\t") ? "\t" : ",") : ",";
  const rows = name.endsWith(".csv") ? parseCsvText(decoded, delimiter) : decoded.split(/\r?\n/).map((l) => l.split(delimiter));
  return fromRows(rows, name);
}
