import { readFileSync } from "node:fs";
import { Option } from "commander";
import { PayoutError } from "../errors.js";
import type { Policy } from "../policy/types.js";
import { yearNeedsConfirmation } from "../policy/year-guard.js";

export const VERSION: string = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }).version;

export function parseYear(text: string): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text.trim()) || year < 1990 || year > 2100) throw new PayoutError("bad-argument", `--year “${text}” 应为四位年份,如 2027`);
  return year;
}

/** Refuses a run year far ahead of today or before the policy's values, unless --year-confirm. */
export function guardYear(year: number, policy: Policy, confirmed: boolean | undefined): void {
  if (confirmed) return;
  const why = yearNeedsConfirmation(year, new Date().getFullYear(), policy);
  if (why) throw new PayoutError("bad-argument", why);
}

/**
 * A repeatable option with a Chinese argument name: commander only spots "..." after a Latin
 * letter, so the option is marked variadic by hand (help shows <往年台账...>, not <ledger...>).
 */
export function manyOption(flags: string, description: string): Option {
  const option = new Option(flags, description);
  option.variadic = true;
  return option;
}
