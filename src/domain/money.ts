// All arithmetic on money lives here. Money is an integer number of fen.
export type Fen = number & { readonly __brand: "Fen" };

export const ZERO = 0 as Fen;

export function fen(n: number): Fen {
  if (!Number.isSafeInteger(n)) throw new RangeError(`not a whole number of fen: ${n}`);
  return n as Fen;
}

/** "1200", "1200.5", "1200.50": what a ledger holds, read digit by digit (a million rows read several amounts each). */
function plainYuan(text: string): number | undefined {
  const n = text.length;
  if (n === 0 || n > 13) return undefined; // ≤ 13 characters: the fen stay a safe integer
  let whole = 0;
  let i = 0;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 46 /* "." */) break;
    if (c < 48 || c > 57) return undefined;
    whole = whole * 10 + (c - 48);
  }
  if (i === 0) return undefined;
  if (i === n) return whole * 100;
  const decimals = n - i - 1;
  if (decimals > 2) return undefined;
  let cents = 0;
  for (let j = i + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c < 48 || c > 57) return undefined;
    cents = cents * 10 + (c - 48);
  }
  return whole * 100 + (decimals === 1 ? cents * 10 : cents);
}

/** Parses decimal text of 元 ("1200", "1200.5", "-3.05") into fen without floats. */
export function parseYuan(text: string): Fen | undefined {
  const plain = plainYuan(text);
  if (plain !== undefined) return plain as Fen;
  const m = /^\s*(-?)(\d+)(?:\.(\d{0,2}))?\s*$/.exec(text);
  if (!m) return undefined;
  const whole = Number(m[2]);
  const cents = Number(((m[3] ?? "") + "00").slice(0, 2));
  const v = whole * 100 + cents;
  if (!Number.isSafeInteger(v)) return undefined;
  return (m[1] === "-" && v !== 0 ? -v : v) as Fen;
}

/** Converts a yuan value computed by a policy expression to fen, rounding half away from zero. */
export function yuanNumberToFen(yuan: number): Fen {
  if (!Number.isFinite(yuan)) throw new RangeError(`not a finite amount: ${yuan}`);
  const scaled = Math.round(Math.abs(yuan) * 100 + 1e-7);
  return (yuan < 0 ? -scaled : scaled) as Fen;
}

/** 元 with exactly two decimals: 120000 → "1200.00". */
export function formatYuan(amount: Fen): string {
  const neg = amount < 0;
  const abs = Math.abs(amount);
  const text = `${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
  return neg ? `-${text}` : text;
}

/** Yuan as a JS number, only for spreadsheet cells (exact for |amount| < 2^53 / 100). */
export function toYuanNumber(amount: Fen): number {
  return amount / 100;
}

export function add(a: Fen, b: Fen): Fen {
  return (a + b) as Fen;
}

export function sum(values: Iterable<Fen>): Fen {
  let s = 0;
  for (const v of values) s += v;
  return s as Fen;
}

export function times(a: Fen, n: number): Fen {
  if (!Number.isInteger(n)) throw new RangeError(`multiplier must be whole: ${n}`);
  return (a * n) as Fen;
}

/**
 * Splits an amount by percentage shares (in hundredths of a percent, summing to 10000)
 * with the largest-remainder method, so the parts always sum to the amount exactly.
 * Ties go to the earlier level.
 */
export function splitByShares(amount: Fen, sharesBp: readonly number[]): Fen[] {
  const n = sharesBp.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += sharesBp[i] as number;
  if (total !== 10000) throw new RangeError(`shares must sum to 100%: ${total / 100}`);
  const sign = amount < 0 ? -1 : 1;
  const abs = Math.abs(amount);
  const parts = new Array<number>(n);
  const remainders = new Array<number>(n);
  let left = abs;
  for (let i = 0; i < n; i++) {
    const x = abs * (sharesBp[i] as number);
    parts[i] = Math.floor(x / 10000);
    remainders[i] = x % 10000;
    left -= parts[i] as number;
  }
  // the units left over go one each to the largest remainders, the earlier level first on a tie
  for (let k = 0; k < n && left > 0; k++) {
    let best = 0;
    for (let i = 1; i < n; i++) if ((remainders[i] as number) > (remainders[best] as number)) best = i;
    parts[best] = (parts[best] as number) + 1;
    remainders[best] = -1;
    left--;
  }
  const out = new Array<Fen>(n);
  for (let i = 0; i < n; i++) out[i] = (parts[i] === 0 ? 0 : (parts[i] as number) * sign) as Fen;
  return out;
}
