import { checkDigit } from "../../src/domain/id-number.js";

/** A synthetic ID (region 3499xx) with a valid check digit; odd sequence = male. */
export function makeId(birth: string, seq: number, region = "349901"): string {
  const first17 = region + birth + String(seq).padStart(3, "0");
  return first17 + checkDigit(first17);
}
