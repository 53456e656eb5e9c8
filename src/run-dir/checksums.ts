import { createHash } from "node:crypto";
import { lstat, open, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { CHECKSUM_FILE, MARKER_FILE, markerText, readMarker, type RunMarker } from "./marker.js";

const HASH_BUFFER = 1 << 20;

/** Every file under `dir` (hidden ones too), as paths relative to it with "/" — in code-point order. */
export async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) out.push(...(await listFiles(join(dir, entry.name), `${prefix}${entry.name}/`)));
    else out.push(`${prefix}${entry.name}`);
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The SHA-256 of a file, read through one buffer. (A stream's fresh 1 MB buffer per chunk counts
 * as external memory, and V8 answers each few hundred MB of it with a full collection: hashing a
 * million-row run's ~400 MB of files marked its quarter-gigabyte heap of awards five times, ~1 s.)
 */
export async function sha256Of(path: string): Promise<string> {
  const hash = createHash("sha256");
  const file = await open(path, "r");
  try {
    const buffer = Buffer.allocUnsafe(HASH_BUFFER);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await file.close();
  }
  return hash.digest("hex");
}

/**
 * Seals a finished directory: the marker (its run id derived from the other files' hashes, so the same
 * run gives the same bytes) and 校验值.sha256 over every file, the marker included.
 */
export async function sealRunDirectory(dir: string, meta: Omit<RunMarker, "tool" | "run_id">): Promise<void> {
  // each file is hashed once: for the run id, then for 校验值.sha256 (a million-row run's files are ~400 MB)
  const hashes = new Map<string, string>();
  for (const f of await listFiles(dir)) if (f !== CHECKSUM_FILE && f !== MARKER_FILE) hashes.set(f, await sha256Of(join(dir, f)));
  const runId = createHash("sha256").update([...hashes].map(([f, h]) => `${h}  ${f}\n`).join("")).digest("hex").slice(0, 16);
  await writeFile(join(dir, MARKER_FILE), markerText({ tool: "payout", version: meta.version, command: meta.command, year: meta.year, run_id: runId }));
  let sums = "";
  for (const f of await listFiles(dir)) if (f !== CHECKSUM_FILE) sums += `${hashes.get(f) ?? (await sha256Of(join(dir, f)))}  ${f}\n`;
  await writeFile(join(dir, CHECKSUM_FILE), sums);
}

export type RunDirectoryCheck =
  | { readonly ok: true; readonly marker: RunMarker }
  | { readonly ok: false; readonly kind: "not-a-run" | "changed"; readonly why: string };

/** Whether `dir` is a run directory exactly as payout left it: marker, and files exactly those hashed, unchanged. */
export async function checkRunDirectory(dir: string): Promise<RunDirectoryCheck> {
  const marker = await readMarker(dir);
  if (!marker) return { ok: false, kind: "not-a-run", why: `没有 payout 的标记文件 ${MARKER_FILE}` };
  let text: string;
  try {
    text = await readFile(join(dir, CHECKSUM_FILE), "utf8");
  } catch {
    return { ok: false, kind: "changed", why: `缺少 ${CHECKSUM_FILE}` };
  }
  const listed = new Map<string, string>();
  for (const line of text.split("\n")) {
    if (line === "") continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m || !m[1] || !m[2]) return { ok: false, kind: "changed", why: `${CHECKSUM_FILE} 的内容被改动过` };
    listed.set(m[2], m[1]);
  }
  const present = await listFiles(dir);
  for (const f of present) {
    if (f === CHECKSUM_FILE) continue;
    const expected = listed.get(f);
    if (expected === undefined) return { ok: false, kind: "changed", why: `多了不属于这次运行的文件“${f}”` };
    const st = await lstat(join(dir, f));
    if (!st.isFile() || (await sha256Of(join(dir, f))) !== expected) return { ok: false, kind: "changed", why: `文件“${f}”在运行之后被改动过` };
  }
  const presentSet = new Set(present);
  for (const f of listed.keys()) if (!presentSet.has(f)) return { ok: false, kind: "changed", why: `缺少文件“${f}”` };
  return { ok: true, marker };
}
