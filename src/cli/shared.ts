import { readFileSync } from "node:fs";
import { EXIT_FAILED, ExitError } from "./exit.js";

export const VERSION: string = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

export function parseYear(text: string): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text.trim()) || year < 1990 || year > 2100) throw new ExitError(EXIT_FAILED, `--year “${text}” 应为四位年份,如 2027`);
  return year;
}
