import { createHash } from "node:crypto";
import { open, type FileHandle } from "node:fs/promises";
import { csvRecordsOf } from "./csv-reading.js";
import { fileChunks } from "./file-chunks.js";
import { encodingOf, Utf8Check } from "./decode.js";
import { sniffFormat } from "./format.js";
import { MAX_FILE_BYTES, MAX_XLS_BYTES } from "./limits.js";
import { PayoutError } from "../errors.js";
import { fileError } from "../file-errors.js";
import type { RecordSource } from "./source.js";
import { xlsRecords } from "./xls-source.js";
import { xlsxRecords } from "./xlsx-source.js";
import { forStreaming } from "./zip-reorder.js";
import { checkXlsx } from "./xlsx-guard.js";

const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Opens a regular file, refusing devices, pipes and anything over the size limit before reading. */
async function openBounded(path: string, what: string): Promise<{ fh: FileHandle; size: number }> {
  let fh;
  try {
    fh = await open(path, "r");
  } catch (err) {
    throw fileError(err, what, path);
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw fileError(Object.assign(new Error("EISDIR"), { code: "EISDIR" }), what, path);
    if (!st.isFile()) throw new PayoutError("input-format", `${what} ${path} 不是普通文件(是目录、设备或管道):请指定一个 .csv、.xlsx 或 .xls 文件`);
    if (st.size > MAX_FILE_BYTES) throw new PayoutError("input-too-large", `${what} ${path} 有 ${mb(st.size)},超过上限 ${mb(MAX_FILE_BYTES)}:请按乡镇拆分后分别运行`);
    return { fh, size: st.size };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** Reads `length` bytes from `position` (fewer at the end of the file). */
async function readAt(fh: FileHandle, length: number, position: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got === length ? buf : buf.subarray(0, got);
}

/** A zip (xlsx and kin) or a compound file (.xls and kin) by its first bytes: these are read whole. */
function isContainer(head: Buffer): boolean {
  const zip = head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6);
  return zip || (head.length >= 8 && head.readUInt32BE(0) === 0xd0cf11e0 && head.readUInt32BE(4) === 0xa1b11ae1);
}

const HEAD = 64 * 1024;

/**
 * A CSV is streamed twice and never held whole: first for its SHA-256 and the encoding (a strict
 * UTF-8 check of every byte), then record by record; the second pass hashes again, so a file
 * changed between the two is refused rather than read half old, half new.
 */
async function openCsv(path: string, what: string, head: Buffer, size: number): Promise<RecordSource> {
  const first = createHash("sha256");
  const utf8 = new Utf8Check();
  for await (const chunk of fileChunks(path, what, size)) {
    first.update(chunk);
    utf8.update(chunk);
  }
  const hash = first.digest("hex");
  const { encoding, bomLength } = encodingOf(head, utf8.end());
  return { format: "csv", records: csvRecordsOf({ path, what, size, sha256: hash, head, encoding, bomLength }), sha256: () => hash, date1904: () => false };
}

/**
 * Opens any table we are handed, by its content: CSV, xlsx or legacy .xls; limits are checked before
 * any parsing. `what` names the table in messages (花名册, 上年台账 …).
 */
export async function openSource(path: string, what: string, sheet?: string): Promise<RecordSource> {
  const { fh, size } = await openBounded(path, what);
  let buf: Buffer;
  try {
    const head = await readAt(fh, Math.min(size, HEAD), 0);
    if (!isContainer(head)) {
      // the 0-byte file, a PDF …: refused by their first bytes; anything else is CSV text
      await sniffFormat(head, path, what);
      return await openCsv(path, what, head, size);
    }
    buf = head.length === size ? head : Buffer.concat([head, await readAt(fh, size - head.length, head.length)]);
  } finally {
    await fh.close();
  }
  const hash = createHash("sha256").update(buf).digest("hex");
  const sniffed = await sniffFormat(buf, path, what);
  if (sniffed.format === "xls") {
    if (buf.length > MAX_XLS_BYTES) throw new PayoutError("input-too-large", `${what} ${path} 有 ${mb(buf.length)},旧版 .xls 最多 ${mb(MAX_XLS_BYTES)}:请另存为 .xlsx 或 CSV`);
    const { records, date1904 } = await xlsRecords(buf, what, path, sheet);
    return { format: "xls", records, sha256: () => hash, date1904: () => date1904 };
  }
  const hidden = await checkXlsx(buf, sniffed.zip ?? [], what, path);
  let date1904 = false;
  const records = xlsxRecords(forStreaming(buf, sniffed.zip ?? []), what, path, sheet, (name) => hidden.get(name) ?? new Set(), (v) => (date1904 = v));
  return { format: "xlsx", records, sha256: () => hash, date1904: () => date1904 };
}
