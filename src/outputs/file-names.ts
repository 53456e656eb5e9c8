// Township and bank names become file names: keep the Chinese, drop what a file system forbids.
const FORBIDDEN = /[<>:"/\\|?*\u0000-\u001f]/g;

export function safeFileName(name: string): string {
  const cleaned = name.replace(FORBIDDEN, "_").trim().replace(/[. ]+$/, "");
  return cleaned === "" || cleaned === "." || cleaned === ".." ? "未命名" : cleaned;
}

/** Assigns each name a distinct file name (case-insensitive, as on Windows and macOS), in order. */
export function uniqueFileNames(names: Iterable<string>): Map<string, string> {
  const assigned = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    if (assigned.has(name)) continue;
    const base = safeFileName(name);
    let candidate = base;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${base}(${n})`;
    taken.add(candidate.toLowerCase());
    assigned.set(name, candidate);
  }
  return assigned;
}
