import { openRunDir, type RunDir } from "../run-dir/index.js";
import { err as colour } from "./colour.js";
import { VERSION } from "./shared.js";

/** Opens --out for a command that writes a run directory; notices (a stale lock or temporary directory removed) go to stderr. */
export function openOutput(command: string, outDir: string, force: boolean | undefined, inputs: ReadonlyArray<string | undefined>): Promise<RunDir> {
  return openRunDir({
    outDir,
    force: force === true,
    inputs,
    command,
    version: VERSION,
    clock: new Date(),
    notice: (message) => process.stderr.write(`${colour.yellow("提示")}:${message}\n`),
  });
}
