import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import type { Award } from "../domain/award.js";
import { formatYuan, sum, type Fen } from "../domain/money.js";
import { csvLineWithAmounts, UTF8_BOM } from "./csv-text.js";
import type { RunResult } from "./run-result.js";
import type { WrittenFile } from "./written.js";
import type { LedgerSpan } from "../years/read-ledger.js";
import type { LedgerWritten } from "./write-run.js";

export const LEDGER_FILE = "发放台账.csv";

export function ledgerHeader(levels: readonly string[]): string[] {
  return ["年度", "乡镇", "村", "户编号", "姓名", "身份证号", "家庭角色", "项目代码", "项目名称", "类别", "金额", "领款类型", "领款人", "领款人身份证号", "开户银行", "银行账号", ...levels, "计算说明"];
}

export function ledgerRow(a: Award): string[] {
  return [
    String(a.year), a.township, a.village, a.householdId, a.name, a.id, a.role, a.code, a.programName, a.category,
    formatYuan(a.amount), a.payeeKind, a.payeeName, a.payeeId, a.bank, a.account,
    ...a.levels.map(formatYuan), a.explanation,
  ];
}

/** The ledger as written, with where each township's lines are (the worker threads read just theirs). */
export interface WrittenLedger extends WrittenFile {
  readonly spans: readonly LedgerSpan[];
}

/** Lines are gathered into chunks of about this many characters, each written at once. */
const CHUNK_CHARS = 1 << 20;

/** Writes the ledger as UTF-8 with BOM, CRLF lines, in ~1 MB chunks; `written` hears how far it is after each. */
export async function writeLedger(result: RunResult, path: string, written?: LedgerWritten): Promise<WrittenLedger> {
  const levels = result.policy.levels;
  const amountCols = new Set<number>([10, ...levels.map((_, i) => 16 + i)]);
  const fh = await open(path, "w", 0o600);
  const hash = createHash("sha256");
  const spans: LedgerSpan[] = [];
  let flushed = 0;
  let chunk = UTF8_BOM + csvLineWithAmounts(ledgerHeader(levels), new Set());
  const offset = (): number => flushed + Buffer.byteLength(chunk);
  // the chunk's UTF-8, encoded once into one buffer for the hash and the file (a fresh buffer per
  // chunk is external memory, which V8 answers with full collections of the heap of awards)
  let bytes = Buffer.allocUnsafe(3 * CHUNK_CHARS + (64 << 10));
  const flush = async (): Promise<number> => {
    if (bytes.length < 3 * chunk.length) bytes = Buffer.allocUnsafe(3 * chunk.length);
    const n = bytes.write(chunk, 0, "utf8");
    const encoded = bytes.subarray(0, n);
    hash.update(encoded);
    await fh.writeFile(encoded); // writeFile, not write: it goes on after a short write (a disk filling up)
    written?.(flushed + n, false);
    return n;
  };
  const endSpan = (at: number): void => {
    const last = spans.pop();
    if (last) spans.push({ ...last, count: at - last.first, end: offset() });
  };
  try {
    const awards = result.awards;
    for (let i = 0; i < awards.length; i++) {
      const a = awards[i] as Award;
      if (i === 0 || a.township !== spans[spans.length - 1]?.township) {
        endSpan(i);
        spans.push({ township: a.township, first: i, count: 0, start: offset(), end: 0 });
      }
      chunk += csvLineWithAmounts(ledgerRow(a), amountCols);
      if (chunk.length > CHUNK_CHARS) {
        flushed += await flush();
        chunk = "";
      }
    }
    endSpan(awards.length);
    flushed += await flush();
  } finally {
    await fh.close();
  }
  written?.(flushed, true);
  const total: Fen = sum(result.awards.map((a) => a.amount));
  return { path: LEDGER_FILE, total, count: result.awards.length, sensitive: true, sha256: hash.digest("hex"), spans };
}
