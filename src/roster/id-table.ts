// The roster's duplicate-ID check at a million rows: a Map keyed by the ID strings spent ~0.5 s
// hashing a million fresh strings and probing a table far larger than the cache. An 18-character
// ID (17 digits and a digit or X) is two numbers and a check character exactly, so it is kept as
// three small integers in one array: no string is hashed or compared, nothing is allocated per row.
//
// A plain array of small integers, not an Int32Array: the table is ~25 MB at a million rows, and a
// typed array that large is malloc'd outside V8's heap. Freeing it raised glibc's threshold for
// giving large blocks their own mapping, and the buffers allocated after it stayed in the process:
// a 1M run with --previous peaked ~60 MB higher (1,231 against 1,169 MB; 1,152 MB with
// MALLOC_MMAP_THRESHOLD_ fixed). On V8's heap it is one large object, unmapped when collected.

/** Characters [from, to) of an ID as a number (at most 9 digits: < 10⁹), or −1 if one is not a digit. */
function digitsAt(id: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = id.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** The check character: 0–9, X = 10; −1 for anything else. */
function check(id: string): number {
  const c = id.charCodeAt(17);
  if (c === 88 /* X */) return 10;
  return c >= 48 && c <= 57 ? c - 48 : -1;
}

/**
 * The first index recorded under each well-formed 18-character ID (`^\d{17}[\dX]$`): an open-addressing
 * table of (high, low, (index + 1) × 11 + check) triples, at most half full; 0 marks an empty slot.
 */
export class FirstIndexById {
  private readonly slots: number[];
  private readonly mask: number;
  private size = 0;

  /** `expected`: how many IDs at most will be recorded (the table never grows). */
  constructor(private readonly expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.slots = new Array<number>(capacity * 3).fill(0);
    this.mask = capacity - 1;
  }

  /**
   * The index first recorded under `id`, or −1 when there was none (`index` is then recorded);
   * −2 when `id` is not 17 digits and a digit or X (nothing is recorded).
   */
  firstOrAdd(id: string, index: number): number {
    if (id.length !== 18) return -2;
    const hi = digitsAt(id, 0, 9);
    const lo = digitsAt(id, 9, 17);
    const c = check(id);
    if (hi < 0 || lo < 0 || c < 0) return -2;
    const slots = this.slots;
    // the check character is left out of the hash: IDs that differ only there (one is mistyped)
    // meet in one probe sequence, and are told apart by the comparison below
    let h = Math.imul(hi ^ Math.imul(lo, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 15;
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const at = s * 3;
      const tag = slots[at + 2] as number;
      if (tag === 0) {
        if (this.size >= this.expected) throw new Error("FirstIndexById: more IDs than expected");
        slots[at] = hi;
        slots[at + 1] = lo;
        slots[at + 2] = (index + 1) * 11 + c;
        this.size++;
        return -1;
      }
      if (slots[at] === hi && slots[at + 1] === lo && tag % 11 === c) return Math.floor(tag / 11) - 1;
    }
  }
}
