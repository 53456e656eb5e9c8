// Progress on stderr only when it is a terminal; nothing otherwise (logs and pipes stay clean).
export function makeProgress(): (stage: string, n: number) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (stage, n) => {
    process.stderr.write(`\r${stage}:${n.toLocaleString("zh-CN")} 行   `);
  };
}

export function endProgress(): void {
  if (process.stderr.isTTY) process.stderr.write("\r\x1b[K");
}
