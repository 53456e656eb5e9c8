// Excel's rules for sheet names: at most 31 characters, none of []:*?/\, no apostrophe at
// either end, unique within the workbook regardless of letter case.
const MAX_LENGTH = 31;

/** Truncates by code points, so a rare character outside the BMP is never cut in half. */
function truncate(text: string, length: number): string {
  const chars = Array.from(text);
  return chars.length <= length ? text : chars.slice(0, length).join("");
}

export function cleanSheetName(name: string): string {
  const cleaned = name
    .replace(/[[\]:*?/\\\u0000-\u001f]/g, "")
    .trim()
    .replace(/^'+|'+$/g, "");
  return truncate(cleaned, MAX_LENGTH).replace(/'+$/, "");
}

/** Hands out clean, unique sheet names for one workbook. */
export class SheetNames {
  private readonly taken = new Set<string>();

  take(wanted: string): string {
    const base = cleanSheetName(wanted) || "Sheet";
    let name = base;
    for (let n = 2; this.taken.has(name.toLowerCase()); n++) {
      const suffix = `(${n})`;
      name = truncate(base, MAX_LENGTH - suffix.length) + suffix;
    }
    this.taken.add(name.toLowerCase());
    return name;
  }
}

/** The name of the n-th sheet a table continues on past Excel's row limit: 东山村(续), 东山村(续2), … */
export function continuationName(base: string, n: number): string {
  const suffix = n === 1 ? "(续)" : `(续${n})`;
  return truncate(base, MAX_LENGTH - suffix.length) + suffix;
}
