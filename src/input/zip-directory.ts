import { Readable } from "node:stream";
import { createInflateRaw } from "node:zlib";

// The central directory of a zip held in memory: enough to tell an xlsx from other zips and to
// inflate an entry as a stream, counting its real size (the sizes a zip declares can lie).

export interface ZipItem {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly declaredSize: number;
  readonly localOffset: number;
  /** Where its central directory record starts, and that record's length. */
  readonly centralOffset: number;
  readonly centralLength: number;
}

/** The entries of a zip, or undefined when the bytes are not a readable zip. */
export function zipDirectory(buf: Buffer): ZipItem[] | undefined {
  const tailStart = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= tailStart; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  const items: ZipItem[] = [];
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return undefined;
    const nameLength = buf.readUInt16LE(p + 28);
    const centralLength = 46 + nameLength + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    items.push({
      name: buf.toString("utf8", p + 46, p + 46 + nameLength).replace(/^\//, ""),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      declaredSize: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      centralOffset: p,
      centralLength,
    });
    p += centralLength;
  }
  return items;
}

/** An entry's uncompressed bytes as a stream. */
export function inflateItem(buf: Buffer, item: ZipItem): Readable {
  const h = item.localOffset;
  if (h + 30 > buf.length || buf.readUInt32LE(h) !== 0x04034b50) throw new Error(`corrupt zip local header: ${item.name}`);
  const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
  const data = buf.subarray(start, start + item.compressedSize);
  if (item.method === 0) return Readable.from([data]);
  if (item.method !== 8) throw new Error(`unsupported zip compression method ${item.method}: ${item.name}`);
  const inflater = createInflateRaw();
  inflater.end(data);
  return inflater;
}
