import { readFileSync } from "node:fs";
import { PayoutError } from "../errors.js";

export const VERSION: string = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

export function parseYear(text: string): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text.trim()) || year < 1990 || year > 2100) throw new PayoutError("bad-argument", `--year “${text}” 应为四位年份,如 2027`);
  return year;
}
