import { formatDate, fromUtcDate } from "../domain/dates.js";

// What every reader delivers and every consumer reads cells with: the raw cell type, the clerk's
// text of a cell (full-width folded, trimmed), header matching, and shared strings.

/** A cell as the readers deliver it: CSV gives text, xlsx/xls also numbers, dates and booleans. */
export type RawCell = string | number | boolean | Date | null | undefined;

const FULL_WIDTH = /[\uff01-\uff5e\u3000]/;

/** Full-width ASCII to half-width, ideographic space to space. */
export function toHalfWidth(s: string): string {
  // most cells have nothing to fold: hand back the same string, built once by the parser
  if (!FULL_WIDTH.test(s)) return s;
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += " ";
    else out += s[i];
  }
  return out;
}

/** A header cell as matched: half-width, no spaces, Chinese brackets as ASCII, no required-mark asterisk. */
export function normaliseHeader(s: string): string {
  return toHalfWidth(s).replace(/[\s*]/g, "").replace(/（/g, "(").replace(/）/g, ")");
}

/** Text as a clerk meant it: half-width, trimmed, inner spaces of codes removed by the caller. */
export function cellText(cell: RawCell): string {
  if (cell === null || cell === undefined) return "";
  if (typeof cell === "string") return toHalfWidth(cell).trim();
  if (typeof cell === "number") return String(cell);
  if (typeof cell === "boolean") return cell ? "是" : "否";
  return formatDate(fromUtcDate(cell) ?? 0);
}

/**
 * A copy of `text` that keeps nothing else alive. A field split from a chunk of text read from a file
 * is, from 13 characters on, a slice of that chunk, and V8 keeps the whole chunk (1 MB) for as long
 * as the slice lives, or a key joined from it.
 */
export const detached = (text: string): string => Buffer.from(text, "utf16le").toString("utf16le");

/**
 * Repeated texts (乡镇, 村, 户编号, 开户银行 …) stored once: a million rows name a few dozen villages,
 * and one copy each keeps the memory bounded. Each field (`slot`) has its own table and remembers
 * its last text: consecutive rows mostly repeat a village and a household, so the common case is
 * one comparison, and a small table (villages) is not slowed by a large one (户编号).
 */
export class Interner {
  private readonly tables: Array<Map<string, string>> = [];
  private readonly lasts: string[] = [];
  /** `keep`: what a text first seen is stored as (`detached` for slices of a large text read in chunks). */
  constructor(private readonly keep: (text: string) => string = (text) => text) {}
  intern<T extends string>(text: T, slot = 0): T {
    const last = this.lasts[slot];
    if (last === text) return last as T;
    let seen = this.tables[slot];
    if (seen === undefined) this.tables[slot] = seen = new Map<string, string>();
    let known = seen.get(text);
    if (known === undefined) {
      if (seen.size > 2_000_000) seen.clear();
      known = this.keep(text);
      seen.set(known, known);
    }
    this.lasts[slot] = known;
    return known as T;
  }
}
