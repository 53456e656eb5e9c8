import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { csvRecords } from "./csv-source.js";
import { sniffFormat } from "./format.js";
import { MAX_FILE_BYTES, MAX_XLS_BYTES } from "./limits.js";
import { PayoutError } from "../errors.js";
import { fileError } from "../file-errors.js";
import type { RecordSource } from "./source.js";
import { xlsRecords } from "./xls-source.js";
import { checkXlsx } from "./xlsx-guard.js";
import { xlsxRecords } from "./xlsx-source.js";

const mb = (bytes: number): string => `${Math.round(bytes / 1024 / 1024)} MB`;

/** Reads a regular file whole, refusing devices, pipes and anything over the size limit first. */
async function readBounded(path: string, what: string): Promise<Buffer> {
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
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < st.size) {
      const { bytesRead } = await fh.read(buf, got, st.size - got, got);
      if (bytesRead === 0) break;
      got += bytesRead;
    }
    return got === st.size ? buf : buf.subarray(0, got);
  } finally {
    await fh.close();
  }
}

/**
 * Opens any table we are handed, by its content: CSV, xlsx or legacy .xls; limits are checked before
 * any parsing. `what` names the table in messages (花名册, 上年台账 …).
 */
export async function openSource(path: string, what: string, sheet?: string): Promise<RecordSource> {
  const buf = await readBounded(path, what);
  const hash = createHash("sha256").update(buf).digest("hex");
  const sniffed = await sniffFormat(buf, path, what);
  if (sniffed.format === "csv") return { format: "csv", records: csvRecords(buf, what, path), sha256: () => hash, date1904: () => false };
  if (sniffed.format === "xls") {
    if (buf.length > MAX_XLS_BYTES) throw new PayoutError("input-too-large", `${what} ${path} 有 ${mb(buf.length)},旧版 .xls 最多 ${mb(MAX_XLS_BYTES)}:请另存为 .xlsx 或 CSV`);
    const { records, date1904 } = await xlsRecords(buf, what, path, sheet);
    return { format: "xls", records, sha256: () => hash, date1904: () => date1904 };
  }
  const hidden = await checkXlsx(buf, sniffed.zip ?? [], what, path);
  let date1904 = false;
  const records = xlsxRecords(buf, what, path, sheet, (name) => hidden.get(name) ?? new Set(), (v) => (date1904 = v));
  return { format: "xlsx", records, sha256: () => hash, date1904: () => date1904 };
}
