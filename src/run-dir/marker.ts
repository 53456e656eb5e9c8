import { readFile } from "node:fs/promises";
import { join } from "node:path";

/** The marker that makes a directory a run directory (DESIGN §11.2). */
export const MARKER_FILE = ".payout-run.json";
/** `sha256sum` hashes of every file of a run directory but itself (DESIGN §7.8). */
export const CHECKSUM_FILE = "校验值.sha256";

export interface RunMarker {
  readonly tool: "payout";
  readonly version: string;
  /** The command that wrote the directory: run, reconcile, supplement … */
  readonly command: string;
  readonly year: number | null;
  /** Derived from the hashes of the directory's files, so identical runs write identical bytes. */
  readonly run_id: string;
}

export function markerText(marker: RunMarker): string {
  return `${JSON.stringify(marker, null, 2)}\n`;
}

/** The marker of `dir`, or undefined when it has none or it is not ours. */
export async function readMarker(dir: string): Promise<RunMarker | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, MARKER_FILE), "utf8");
  } catch {
    return undefined;
  }
  try {
    const m = JSON.parse(text) as Partial<RunMarker> | null;
    if (m && m.tool === "payout" && typeof m.version === "string" && typeof m.run_id === "string" && typeof m.command === "string") return m as RunMarker;
  } catch {
    // a marker that is not JSON is no marker
  }
  return undefined;
}
