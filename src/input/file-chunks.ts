import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { PayoutError } from "../errors.js";
import { fileError } from "../file-errors.js";

const CHUNK = 1 << 20;

/**
 * The file's first `size` bytes (its size when it was checked) in chunks, streamed from disk: a
 * million-row roster is never held whole, and a path swapped for a device after the check is not read without end.
 */
export async function* fileChunks(path: string, what: string, size: number): AsyncGenerator<Buffer> {
  if (size === 0) return;
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK, start: 0, end: size - 1 })) yield chunk as Buffer;
  } catch (err) {
    throw fileError(err, what, path);
  }
}

/**
 * The file's chunks read a second time, hashed again on the way: a file changed since its first
 * reading (`sha256`) is refused at the end rather than read half old, half new.
 */
export async function* checkedChunks(path: string, what: string, size: number, sha256: string): AsyncGenerator<Buffer> {
  const again = createHash("sha256");
  for await (const chunk of fileChunks(path, what, size)) {
    again.update(chunk);
    yield chunk;
  }
  if (again.digest("hex") !== sha256) throw new PayoutError("input-format", `${what} ${path} 在读取过程中被改动:请关闭正在编辑它的程序,保存后重新运行`);
}
