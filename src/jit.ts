import { setFlagsFromString } from "node:v8";

/**
 * TurboFan's budget for inlining into one optimized function, in bytes of bytecode (V8 11's default
 * is 920). A run's evaluation and writing compile several hundred functions in each of two threads,
 * a few seconds' work on a 2-core machine that also runs the program. With a quarter of the budget
 * the optimized code is smaller and compiles ~30% faster (100,000 rows: the compile jobs took 1.7 s
 * instead of 2.4 s), and the code runs as fast on a long run. Alternating on one machine (issue 12,
 * sixth round): 100,000 rows 2.89–2.97 s against 2.97–3.15 s (8 pairs); 300,000 rows 7.18–7.26
 * against 7.28–7.35 s; 1,000,000 rows within the noise. Set from the start of the run instead, it made a
 * million rows ~0.9 s slower (the roster's checks want the default): so it is set after reading.
 */
const INLINE_BUDGET = 230;

/**
 * From here on, TurboFan inlines less (process-wide: it holds for threads started later). The flag
 * only changes how code is compiled, never what it computes. PAYOUT_INLINE_BUDGET=N sets another
 * budget, for measuring (920 is V8's default).
 */
export function inlineLess(): void {
  const wanted = Number(process.env.PAYOUT_INLINE_BUDGET ?? INLINE_BUDGET);
  const budget = Number.isInteger(wanted) && wanted >= 0 ? wanted : INLINE_BUDGET;
  setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${budget}`);
}
