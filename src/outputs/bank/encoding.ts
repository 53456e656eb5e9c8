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
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const lone = cp >= 0xd800 && cp <= 0xdfff;
    const ok = !lone && (encoding !== "GBK" || inGbk(cp));
    if (!ok && !bad.includes(ch)) bad.push(ch);
  }
  return bad;
}

/** "𠮷(U+20BB7)": a character as a clerk and a developer can both find it. */
export function describeChar(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  return `“${ch}”(U+${cp.toString(16).toUpperCase().padStart(4, "0")})`;
}

/** GBK text as GBK; a piece holding a character outside GBK in GB18030, which carries it (never "?"). */
export function encodeText(text: string, encoding: BankEncoding): Buffer {
  if (encoding === "UTF-8") return Buffer.from(text, "utf8");
  const gbk = encoding === "GBK" && unencodableChars(text, "GBK").length === 0;
  return iconv.encode(text, gbk ? "gbk" : "gb18030");
}

export function decodeBytes(bytes: Buffer, encoding: BankEncoding): string {
  if (encoding === "UTF-8") return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  // GB18030 decodes every GBK byte sequence too, and the 4-byte forms a rare character takes
  return iconv.decode(bytes, "gb18030");
}
