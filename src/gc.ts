import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// A full garbage collection between phases of a large run: the roster's parsing garbage would
// otherwise stay in the heap and push peak memory well past what the live data needs (§9's bound).
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as (() => void) | undefined;

export function collectGarbage(): void {
  gc?.();
}
