import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Every file under `dir` with its bytes, to compare a directory before and after a command. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out.set(`${prefix}${e.name}`, readFileSync(join(d, e.name)).toString("base64"));
    }
  };
  walk(dir, "");
  return out;
}

/** Hidden siblings a run may leave: temporary directories, moved-aside old runs, locks. */
export function leftovers(parent: string): string[] {
  return readdirSync(parent).filter((n) => /\.(tmp|old)-\d+$|\.payout-lock$/.test(n));
}
