// Progress on stderr when it is a terminal (one line, rewritten). Otherwise nothing, so logs and pipes
// stay clean — unless --debug is given: then each step is one line ("进度:核定 10,000 户"), for a log
// that shows how far a run came.
const debug = process.argv.includes("--debug");

const UNIT: Readonly<Record<string, string>> = { 核定: "户" };

export function makeProgress(): (stage: string, n: number) => void {
  if (process.stderr.isTTY) return (stage, n) => void process.stderr.write(`\r${stage}:${n.toLocaleString("zh-CN")} ${UNIT[stage] ?? "行"}   `);
  if (debug) return (stage, n) => void process.stderr.write(`进度:${stage} ${n.toLocaleString("zh-CN")} ${UNIT[stage] ?? "行"}\n`);
  return () => undefined;
}

export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
}
