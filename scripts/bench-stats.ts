// The arithmetic of `npm run bench --repeat K` (bench.ts), apart so that it can be tested.

/** The index of the median of `xs`: the lower middle one of an even count; equal values keep their order. */
export function medianIndex(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error("medianIndex: no values");
  const order = xs.map((x, i) => ({ x, i })).sort((a, b) => a.x - b.x || a.i - b.i);
  return (order[(order.length - 1) >> 1] as { i: number }).i;
}

/** The median of `xs` (see medianIndex). */
export function median(xs: readonly number[]): number {
  return xs[medianIndex(xs)] as number;
}

/**
 * The yardstick's time over payout's for each pair of runs made back to back, and their median.
 * Pairs, not the two medians: the machine's speed moves by 10-50% within minutes, and a pair shares it.
 */
export function pairRatios(payout: readonly number[], python: readonly number[]): { ratios: number[]; median: number } {
  if (payout.length !== python.length || payout.length === 0) throw new Error("pairRatios: one python run per payout run");
  const ratios = payout.map((p, i) => (python[i] as number) / p);
  return { ratios, median: median(ratios) };
}
