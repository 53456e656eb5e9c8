// Bytes written in place by the writers of large files (sheet XML, the ledger CSV): a row goes
// into the chunk piece by piece, so no string of the row is built, flattened and encoded. At a
// million rows those strings were gigabytes of the main thread's allocations, and in V8 11.3 each
// young-generation collection they cause walks every old-generation page (~1 ms with the awards held).

/**
 * Copies `bytes` into `buffer` at `at`; returns the position after them. Byte by byte: the pieces
 * are a few bytes of markup, and a call of TypedArray#set costs more than copying them.
 */
export function putBytes(buffer: Buffer, at: number, bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) buffer[at++] = bytes[i] as number;
  return at;
}

/** Writes a non-negative integer's decimal digits; returns the position after them. */
export function putDigits(buffer: Uint8Array, at: number, n: number): number {
  let end = at;
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) end++;
  const after = end + 1;
  for (let rest = n; ; rest = Math.floor(rest / 10)) {
    buffer[end--] = 48 + (rest % 10);
    if (rest < 10) return after;
  }
}

/**
 * Encodes `text` as UTF-8 at `at`, exactly as Buffer#write does (a lone surrogate becomes U+FFFD);
 * returns the position after it. For the short values of a row: encoded beside its markup, no string
 * of the row is built and then flattened to be encoded. `buffer` must have room for 3 bytes per unit.
 */
export function putUtf8(buffer: Buffer, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c < 0x80) buffer[at++] = c;
    else if (c < 0x800) {
      buffer[at++] = 0xc0 | (c >> 6);
      buffer[at++] = 0x80 | (c & 0x3f);
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          buffer[at++] = 0xf0 | (c >> 18);
          buffer[at++] = 0x80 | ((c >> 12) & 0x3f);
          buffer[at++] = 0x80 | ((c >> 6) & 0x3f);
          buffer[at++] = 0x80 | (c & 0x3f);
          continue;
        }
        c = 0xfffd;
      }
      buffer[at++] = 0xe0 | (c >> 12);
      buffer[at++] = 0x80 | ((c >> 6) & 0x3f);
      buffer[at++] = 0x80 | (c & 0x3f);
    }
  }
  return at;
}
