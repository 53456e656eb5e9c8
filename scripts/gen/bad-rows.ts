// Spoils rows the way real rosters go wrong, so the run's 数据问题 report has something to say.
import { formatDate, randomDateInYear } from "./people.js";
import type { Rng } from "./random.js";
import { BAD_KINDS, COL, type BadKind, type GeneratedRow } from "./row.js";

const UNKNOWN_ROLES = ["舅舅", "亲戚", "干儿子", "外甥", "邻居", "户主妻"];
const CHECK_CHARS = "10X98765432";
const RING = 64;

/** An 18-digit ID as Excel shows it after storing it as a number: 15 significant digits, E+17. */
export function asExcelNumber(id: string): string {
  let mantissa = BigInt(id.slice(0, 15)) + (Number(id.charAt(15)) >= 5 ? 1n : 0n);
  let exponent = 17;
  if (mantissa >= 10n ** 15n) {
    mantissa /= 10n;
    exponent = 18;
  }
  const digits = mantissa.toString().replace(/0+$/, "");
  return `${digits.charAt(0)}${digits.length > 1 ? "." + digits.slice(1) : ""}E+${exponent}`;
}

/** Remembers recent good rows (for duplicates) and turns a row bad on request. */
export class BadRows {
  private readonly recent = new Map<string, { id: string; name: string }[]>();
  private counter = 0;

  constructor(private readonly rng: Rng, private readonly year: number) {}

  private static key(cells: readonly string[]): string {
    const id = cells[COL.身份证号] ?? "";
    return `${cells[COL.家庭角色] ?? ""}${Number(id.charAt(16)) % 2}`;
  }

  /** Records a good row as a candidate for a later duplicate. */
  remember(row: GeneratedRow): void {
    const key = BadRows.key(row.cells);
    let list = this.recent.get(key);
    if (!list) this.recent.set(key, (list = []));
    if (list.length >= RING) list.splice(0, list.length - RING + 1);
    list.push({ id: row.cells[COL.身份证号] ?? "", name: row.cells[COL.姓名] ?? "" });
  }

  /** The next kind in turn, so every kind shows up about equally. */
  nextKind(): BadKind {
    const kind = BAD_KINDS[this.counter % BAD_KINDS.length] ?? "check-digit";
    this.counter++;
    return kind;
  }

  spoil(row: GeneratedRow, kind: BadKind): void {
    const cells = row.cells;
    const id = cells[COL.身份证号] ?? "";
    switch (kind) {
      case "check-digit": {
        const right = CHECK_CHARS.indexOf(id.charAt(17));
        cells[COL.身份证号] = id.slice(0, 17) + CHECK_CHARS.charAt((right + 1 + this.rng.int(0, 9)) % 11);
        break;
      }
      case "unknown-role":
        cells[COL.家庭角色] = this.rng.pick(UNKNOWN_ROLES);
        break;
      case "excel-number":
        cells[COL.身份证号] = asExcelNumber(id);
        break;
      case "future-death":
        cells[COL.死亡日期] = formatDate(randomDateInYear(this.rng, this.year + this.rng.int(1, 2)));
        break;
      case "duplicate-id": {
        const earlier = this.recent.get(BadRows.key(cells));
        if (!earlier || earlier.length === 0) return this.spoil(row, "check-digit");
        const other = this.rng.pick(earlier);
        cells[COL.身份证号] = other.id;
        cells[COL.姓名] = other.name;
        break;
      }
      default: {
        const never: never = kind;
        throw new Error(`unknown bad kind ${String(never)}`);
      }
    }
    row.bad = kind;
  }
}
