import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A full garbage collection between phases of a large run: the roster's parsing garbage would
// otherwise stay in the heap and push peak memory well past what the live data needs (§9's bound).
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as (() => void) | undefined;

/**
 * From this many awards on, the writing worker collects garbage every 100,000 awards (GC_EVERY in
 * worker-stages.ts), so its garbage stays bounded. (This thread no longer collects after each of its stages: a
 * million-row run's RSS peaks when the roster's memory is released before writing, ~870–900 MB,
 * and while writing stays under ~780 MB without those collections, which cost ~1 s of this thread.)
 */
export const COLLECT_FROM_AWARDS = 250_000;

/**
 * From this many roster rows on, a run collects garbage after reading and after evaluating, and
 * releases memory before writing (`releaseMemory`). Below it the heap is left to V8: at 100,000
 * rows the four collections took ~0.2 s of the run (3.81–4.37 s against 3.56–4.13 s over five
 * alternating pairs) for ~20–50 MB of peak; at 250,000 rows, without them, 0.46 s less for a peak
 * of 790 MB instead of 600 MB.
 */
export const COLLECT_FROM_ROWS = 200_000;

/**
 * `compact`: move what is still alive together, so the pages the roster held go back to the
 * system. Without it a million-row run kept ~880 MB through the writing phase for ~300 MB of
 * awards, the freed persons scattered over every page; with it ~480 MB (measured). Compacting
 * needs room for a copy of what survives, so it is used once, where little survives.
 */
export function collectGarbage(options: { compact?: boolean } = {}): void {
  if (!gc) return;
  if (!options.compact) return gc();
  setFlagsFromString("--compact-on-every-full-gc");
  try {
    gc();
  } finally {
    setFlagsFromString("--no-compact-on-every-full-gc");
  }
}

/** Waits (≤ 300 ms) while V8 hands freed pages back in the background, when there is much to hand back. */
async function settle(): Promise<void> {
  if (process.memoryUsage().rss < 512 * 2 ** 20) return;
  let last = process.memoryUsage().rss;
  for (let step = 0; step < 15; step++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = process.memoryUsage().rss;
    if (step >= 2 && last - now < 8 * 2 ** 20) return;
    last = now;
  }
}

/**
 * Between reading and writing a large run: after one turn of the event loop (until then the
 * finished evaluation may still hold the persons), a full collection and a wait while the pages
 * left wholly empty go back, then a compacting collection and another wait, so the worker threads
 * that start next do not add their memory on top of pages about to be returned (1M rows with
 * --previous: RSS at the start of writing 1,474 → 491 MB). Compacting copies what survives into
 * new pages before the old ones go: the first wait keeps that copy from landing on top of pages
 * that were already free.
 */
export async function releaseMemory(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  collectGarbage();
  await settle();
  collectGarbage({ compact: true });
  await settle();
}

/**
 * From here on, a heap may grow to four times what survived its last full collection before the
 * next one (V8's largest growing factor, which it otherwise picks only when it finds collecting cheap
 * against the program's work). Set as the outputs are begun, for this thread and the writing worker
 * started next (the factor is the process's): while writing, the main thread holds ~215 MB of awards
 * at a million rows and promotes the lines of each file as it builds them; with V8's own factor it
 * marked that heap 8 times, and the worker its ~10 MB heap 97 times (a fresh step every few MB).
 * Measured on 1M rows, alternating with the default: 22.43–22.94 s → 21.11–21.71 s, CPU −2.6 s;
 * RSS while writing stays ≤ ~680 MB (sampled every 50 ms), below the peak of the compaction before
 * it; a factor of 10 was ~0.3 s faster still, for ~40 MB more while writing.
 */
export function growHeapWhileWriting(): void {
  setFlagsFromString("--heap-growing-percent=300");
}
