import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import type { Award } from "../domain/award.js";
import { formatYuan, sum, type Fen } from "../domain/money.js";
import { csvFieldBytes, csvLineWithAmounts, putCsvField, putYuan, UTF8_BOM, YUAN_BYTES } from "./csv-text.js";
import { putDigits } from "../xlsx/bytes.js";
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

const COMMA = 44;

/** The most bytes putLedgerLine writes for `a`. */
export function ledgerLineBytes(a: Award): number {
  const text =
    a.township.length + a.village.length + a.householdId.length + a.name.length + a.id.length + a.role.length + a.code.length + a.programName.length +
    a.category.length + a.payeeKind.length + a.payeeName.length + a.payeeId.length + a.bank.length + a.account.length + a.explanation.length;
  // 15 text fields, the year, the amount and the levels, a comma after each, CRLF
  return 3 * text + 15 * csvFieldBytes("") + YUAN_BYTES * (a.levels.length + 2) + 2 * (a.levels.length + 18) + 2;
}

/**
 * `csvLineWithAmounts(ledgerRow(a), amount columns)` encoded as UTF-8 at `at`, field by field, with
 * no string of the line built; returns the position after it. `buffer` has ledgerLineBytes(a) of room.
 */
export function putLedgerLine(buffer: Buffer, at: number, a: Award): number {
  // the year is a whole positive number: its digits are what csvField(String(year)) gives
  at = putDigits(buffer, at, a.year);
  buffer[at++] = COMMA;
  at = textField(buffer, at, a.township);
  at = textField(buffer, at, a.village);
  at = textField(buffer, at, a.householdId);
  at = textField(buffer, at, a.name);
  at = textField(buffer, at, a.id);
  at = textField(buffer, at, a.role);
  at = textField(buffer, at, a.code);
  at = textField(buffer, at, a.programName);
  at = textField(buffer, at, a.category);
  at = yuanField(buffer, at, a.amount);
  at = textField(buffer, at, a.payeeKind);
  at = textField(buffer, at, a.payeeName);
  at = textField(buffer, at, a.payeeId);
  at = textField(buffer, at, a.bank);
  at = textField(buffer, at, a.account);
  const levels = a.levels;
  for (let i = 0; i < levels.length; i++) at = yuanField(buffer, at, levels[i] as Fen);
  at = putCsvField(buffer, at, a.explanation);
  buffer[at++] = 13;
  buffer[at++] = 10;
  return at;
}

/** A text field and the comma after it. */
function textField(buffer: Buffer, at: number, value: string): number {
  const end = putCsvField(buffer, at, value);
  buffer[end] = COMMA;
  return end + 1;
}

/** An amount field and the comma after it. */
function yuanField(buffer: Buffer, at: number, amount: Fen): number {
  const end = putYuan(buffer, at, amount);
  buffer[end] = COMMA;
  return end + 1;
}

/** The ledger as written, with where each township's lines are (the worker threads read just theirs). */
export interface WrittenLedger extends WrittenFile {
  readonly spans: readonly LedgerSpan[];
}

/** Bytes gathered before each write to the file. */
const CHUNK_BYTES = 1 << 20;

/** Writes the ledger as UTF-8 with BOM, CRLF lines, in ~1 MB chunks; `written` hears how far it is after each. */
export async function writeLedger(result: RunResult, path: string, written?: LedgerWritten): Promise<WrittenLedger> {
  const levels = result.policy.levels;
  const fh = await open(path, "w", 0o600);
  const hash = createHash("sha256");
  const spans: LedgerSpan[] = [];
  // each line is encoded into one buffer, reused for every chunk (for the hash and the file). Not a
  // fresh buffer per chunk: that is external memory, which V8 answers with full collections of the
  // heap of awards. Nor a chunk gathered as a string: a million characters of Chinese text are a
  // large object to V8, mapped fresh from the system for each chunk.
  let bytes = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  let flushed = 0;
  const flush = async (): Promise<void> => {
    if (used === 0) return;
    const encoded = bytes.subarray(0, used);
    hash.update(encoded);
    await fh.writeFile(encoded); // writeFile, not write: it goes on after a short write (a disk filling up)
    flushed += used;
    used = 0;
    written?.(flushed, false);
  };
  // a UTF-16 unit takes at most 3 bytes in UTF-8
  const put = async (line: string): Promise<void> => {
    if (used + 3 * line.length > CHUNK_BYTES) {
      await flush();
      if (3 * line.length > bytes.length) bytes = Buffer.allocUnsafe(3 * line.length);
    }
    used += bytes.write(line, used, "utf8");
  };
  const offset = (): number => flushed + used;
  const endSpan = (at: number): void => {
    const last = spans.pop();
    if (last) spans.push({ ...last, count: at - last.first, end: offset() });
  };
  try {
    await put(UTF8_BOM + csvLineWithAmounts(ledgerHeader(levels), new Set()));
    const awards = result.awards;
    for (let i = 0; i < awards.length; i++) {
      const a = awards[i] as Award;
      if (i === 0 || a.township !== spans[spans.length - 1]?.township) {
        endSpan(i);
        spans.push({ township: a.township, first: i, count: 0, start: offset(), end: 0 });
      }
      const most = ledgerLineBytes(a);
      if (used + most > CHUNK_BYTES) {
        await flush();
        if (most > bytes.length) bytes = Buffer.allocUnsafe(most);
      }
      used = putLedgerLine(bytes, used, a);
    }
    endSpan(awards.length);
    await flush();
  } finally {
    await fh.close();
  }
  written?.(flushed, true);
  const total: Fen = sum(result.awards.map((a) => a.amount));
  return { path: LEDGER_FILE, total, count: result.awards.length, sensitive: true, sha256: hash.digest("hex"), spans };
}
