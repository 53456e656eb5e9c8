import iconv from "iconv-lite";
import type { BankEncoding } from "./templates.js";

// iconv-lite silently writes "?" for a character its table lacks; a bank would then reject the
// line (户名不符) or, worse, pay a different name. So every character is checked before writing.
const gbkCache = new Map<number, boolean>();

function inGbk(codePoint: number): boolean {
  if (codePoint < 0x80) return true;
  let ok = gbkCache.get(codePoint);
  if (ok === undefined) {
    const bytes = iconv.encode(String.fromCodePoint(codePoint), "gbk");
    ok = !(bytes.length === 1 && bytes[0] === 0x3f);
    gbkCache.set(codePoint, ok);
  }
  return ok;
}

/** The distinct characters of `text` that `encoding` cannot represent, in order of appearance. */
export function unencodableChars(text: string, encoding: BankEncoding): string[] {
  if (/^[\x00-\x7f]*$/.test(text)) return [];
  const bad: string[] = [];
  // by code point, as for…of goes (a lone surrogate is one), without a string per character
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i) ?? 0;
    const units = cp > 0xffff ? 2 : 1;
    const lone = cp >= 0xd800 && cp <= 0xdfff;
    const ok = !lone && (encoding !== "GBK" || inGbk(cp));
    if (!ok) {
      const ch = text.slice(i, i + units);
      if (!bad.includes(ch)) bad.push(ch);
    }
    i += units - 1;
  }
  return bad;
}

/** "𠮷(U+20BB7)": a character as a clerk and a developer can both find it. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `“${ch}”(U+${cp.toString(16).toUpperCase().padStart(4, "0")})`;
}

const NON_ASCII = /[^\x00-\x7f]+/g;
/** Encoded runs of non-ASCII text by encoding: bank, programme and village names recur on every line. */
const runs = { GBK: new Map<string, Buffer>(), GB18030: new Map<string, Buffer>() };
const MAX_CACHED = 100_000;

function encodeRun(run: string, encoding: "GBK" | "GB18030"): Buffer {
  const cache = runs[encoding];
  let bytes = cache.get(run);
  if (bytes === undefined) {
    const gbk = encoding === "GBK" && unencodableChars(run, "GBK").length === 0;
    bytes = iconv.encode(run, gbk ? "gbk" : "gb18030");
    if (cache.size < MAX_CACHED) cache.set(run, bytes);
  }
  return bytes;
}

/**
 * GBK text as GBK; a run of characters holding one outside GBK in GB18030, which carries it (never
 * "?"). ASCII (digits, delimiters, most of a bank file) is copied as it is; each run of other
 * characters is encoded once and remembered.
 */
export function encodeText(text: string, encoding: BankEncoding): Buffer {
  if (encoding === "UTF-8") return Buffer.from(text, "utf8");
  const out = Buffer.allocUnsafe(text.length * 4);
  let at = 0;
  let last = 0;
  for (const m of text.matchAll(NON_ASCII)) {
    const index = m.index ?? 0;
    if (index > last) at += out.write(text.slice(last, index), at, "latin1");
    at += encodeRun(m[0], encoding).copy(out, at);
    last = index + m[0].length;
  }
  if (last < text.length) at += out.write(text.slice(last), at, "latin1");
  return out.subarray(0, at);
}

export function decodeBytes(bytes: Buffer, encoding: BankEncoding): string {
  if (encoding === "UTF-8") return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  // GB18030 decodes every GBK byte sequence too, and the 4-byte forms a rare character takes
  return iconv.decode(bytes, "gb18030");
}
