// The roster's duplicate-ID check at a million rows: a Map keyed by the ID strings spent ~0.5 s
// hashing a million fresh strings and probing a table far larger than the cache. An 18-character
// ID (17 digits and a digit or X) is two numbers exactly, so it is kept as two int32s in one typed
// array: no string is hashed or compared, nothing is allocated per row.

/** Digits 0–8 of an ID, as a number (< 10⁹). */
function high(id: string): number {
  let n = 0;
  for (let i = 0; i < 9; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Digits 9–16 and the check character (X = 10), as a number (< 1.1 × 10⁹, an int32). */
function low(id: string): number {
  let n = 0;
  for (let i = 9; i < 17; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  const c = id.charCodeAt(17);
  const check = c === 88 /* X */ ? 10 : c - 48;
  if (check < 0 || check > 10) return -1;
  return n * 11 + check;
}

/**
 * The first index recorded under each well-formed 18-character ID (`^\d{17}[\dX]$`): an open-addressing
 * table of (high, low, index + 1) triples, at most half full.
 */
export class FirstIndexById {
  private readonly slots: Int32Array;
  private readonly mask: number;
  private size = 0;

  /** `expected`: how many IDs at most will be recorded (the table never grows). */
  constructor(private readonly expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Int32Array(capacity * 3);
    this.mask = capacity - 1;
  }

  /**
   * The index first recorded under `id`, or −1 when there was none (`index` is then recorded);
   * −2 when `id` is not 17 digits and a digit or X (nothing is recorded).
   */
  firstOrAdd(id: string, index: number): number {
    if (id.length !== 18) return -2;
    const hi = high(id);
    const lo = low(id);
    if (hi < 0 || lo < 0) return -2;
    const slots = this.slots;
    let h = Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const at = s * 3;
      const stored = slots[at + 2] as number;
      if (stored === 0) {
        if (this.size >= this.expected) throw new Error("FirstIndexById: more IDs than expected");
        slots[at] = hi;
        slots[at + 1] = lo;
        slots[at + 2] = index + 1;
        this.size++;
        return -1;
      }
      if (slots[at] === hi && slots[at + 1] === lo) return stored - 1;
    }
  }
}
