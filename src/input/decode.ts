import { isUtf8 } from "node:buffer";
import iconv from "iconv-lite";

export type RosterEncoding = "UTF-8" | "UTF-16LE" | "GB18030";

/**
 * Detects a CSV's encoding from the whole file (a short sample misleads: some GBK names are valid
 * UTF-8): BOM first, then a strict UTF-8 check, else GB18030 (what Chinese Excel saves).
 */
export function detectEncoding(buf: Uint8Array): { encoding: RosterEncoding; bomLength: number } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { encoding: "UTF-8", bomLength: 3 };
  if (buf[0] === 0xff && buf[1] === 0xfe) return { encoding: "UTF-16LE", bomLength: 2 };
  if (isUtf8(buf)) return { encoding: "UTF-8", bomLength: 0 };
  return { encoding: "GB18030", bomLength: 0 };
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

/** Decodes the file in chunks (a large roster is never one giant string). */
export function* decodeChunks(buf: Uint8Array, chunkSize = 1 << 20): Generator<string> {
  const { encoding, bomLength } = detectEncoding(buf);
  const body = buf.subarray(bomLength);
  if (encoding === "GB18030" && !nativeGb18030()) {
    const decoder = iconv.getDecoder("gb18030");
    for (let i = 0; i < body.length; i += chunkSize) yield decoder.write(Buffer.from(body.buffer, body.byteOffset + i, Math.min(chunkSize, body.length - i)));
    const tail = decoder.end();
    if (tail) yield tail;
    return;
  }
  const label = encoding === "UTF-8" ? "utf-8" : encoding === "UTF-16LE" ? "utf-16le" : "gb18030";
  const decoder = new TextDecoder(label, { fatal: encoding === "GB18030" });
  for (let i = 0; i < body.length; i += chunkSize) {
    yield decoder.decode(body.subarray(i, Math.min(i + chunkSize, body.length)), { stream: true });
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}
