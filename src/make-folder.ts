import { mkdir } from "node:fs/promises";

/**
 * Makes a folder (one already there is fine). Made plainly when its parent exists: Node 20's
 * recursive mkdir reports a full disk (ENOSPC) as a missing folder (ENOENT), and a clerk whose disk
 * filled up was told the output folder had been moved away. Recursively only when the parent is missing.
 */
export async function makeFolder(path: string): Promise<void> {
  try {
    await mkdir(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EEXIST") return;
    if (code !== "ENOENT") throw err;
    await mkdir(path, { recursive: true });
  }
}
