import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";

export type RosterEncoding = "UTF-8" | "UTF-16LE" | "GB18030";

/**
 * Whether a file is valid UTF-8, checked a chunk at a time while it streams: the bytes of a
 * character cut by a chunk's end are carried into the next chunk.
 */
export class Utf8Check {
  private carry: Buffer = Buffer.alloc(0);
  private valid = true;

  update(chunk: Buffer): void {
    if (!this.valid) return;
    const data = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    let end = data.length;
    let i = end - 1;
    // back over at most 3 continuation bytes (10xxxxxx) to the last character's first byte
    while (i >= 0 && end - i <= 3 && ((data[i] ?? 0) & 0xc0) === 0x80) i--;
    if (i >= 0) {
      const lead = data[i] ?? 0;
      const length = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
      if (end - i < length) end = i;
    }
    if (!isUtf8(data.subarray(0, end))) this.valid = false;
    this.carry = Buffer.from(data.subarray(end));
  }

  /** The verdict once every chunk is in. */
  end(): boolean {
    return this.valid && (this.carry.length === 0 || isUtf8(this.carry));
  }
}

/**
 * A CSV's encoding from the whole file (a short sample misleads: some GBK names are valid UTF-8):
 * BOM first, then a strict UTF-8 check of every byte (Utf8Check), else GB18030 (what Chinese Excel saves).
 */
export function encodingOf(head: Uint8Array, utf8: boolean): { encoding: RosterEncoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: "UTF-8", bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "UTF-16LE", bomLength: 2 };
  return utf8 ? { encoding: "UTF-8", bomLength: 0 } : { encoding: "GB18030", bomLength: 0 };
}

let gbDecoderWorks: boolean | undefined;
function nativeGb18030(): boolean {
  if (gbDecoderWorks === undefined) {
    try {
      gbDecoderWorks = new TextDecoder("gb18030", { fatal: true }).decode(new Uint8Array([0xd5, 0xc5])) === "张";
    } catch {
      gbDecoderWorks = false;
    }
  }
  return gbDecoderWorks;
}

/**
 * Bytes decoded into one string. A string of 128 KB or more is a large object to V8, mapped fresh
 * from the system and unmapped when collected: a 1 MB read decoded whole made a 2 MB string of
 * Chinese text, and a million-row roster's reading made ~30,000 page faults for those alone.
 */
export const PIECE_BYTES = 1 << 15;

/** Decodes a file's chunks as they stream (a large roster is never one giant string), in pieces of ≤ 32 KB; the BOM is skipped. */
export async function* decodeStream(chunks: AsyncIterable<Buffer>, encoding: RosterEncoding, bomLength: number): AsyncGenerator<string> {
  let skip = bomLength;
  const body = async function* (): AsyncGenerator<Buffer> {
    for await (const chunk of chunks) {
      const rest = skip > 0 ? chunk.subarray(Math.min(skip, chunk.length)) : chunk;
      skip = Math.max(0, skip - chunk.length);
      for (let at = 0; at < rest.length; at += PIECE_BYTES) yield rest.subarray(at, at + PIECE_BYTES);
    }
  };
  if (encoding === "GB18030" && !nativeGb18030()) {
    const decoder = iconv.getDecoder("gb18030");
    for await (const chunk of body()) yield decoder.write(chunk);
    const tail = decoder.end();
    if (tail) yield tail;
    return;
  }
  const label = encoding === "UTF-8" ? "utf-8" : encoding === "UTF-16LE" ? "utf-16le" : "gb18030";
  const decoder = new TextDecoder(label, { fatal: encoding === "GB18030" });
  for await (const chunk of body()) yield decoder.decode(chunk, { stream: true });
  const tail = decoder.decode();
  if (tail) yield tail;
}
