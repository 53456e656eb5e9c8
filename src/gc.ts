import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A full garbage collection between phases of a large run: the roster's parsing garbage would
// otherwise stay in the heap and push peak memory well past what the live data needs (§9's bound).
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as (() => void) | undefined;

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
