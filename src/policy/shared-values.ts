import type { Fen } from "../domain/money.js";

/** Beyond this many distinct values a store stops adding (a policy whose amounts differ per person). */
const MAX_SHARED = 100_000;

/**
 * Equal 计算说明 texts and level splits of a run's awards, kept once: most awards of a programme
 * carry the same "国家标准960.00+省提标240.00" and the same split, and a million awards each with its
 * own copy held ~100 MB more through the writing. Values only: an award's fields are never changed.
 */
export class SharedValues {
  private readonly texts = new Map<string, string>();
  private readonly splits = new Map<string, readonly Fen[]>();

  text(value: string): string {
    const known = this.texts.get(value);
    if (known !== undefined) return known;
    if (this.texts.size < MAX_SHARED) this.texts.set(value, value);
    return value;
  }

  levels(value: readonly Fen[]): readonly Fen[] {
    // a split kept already (frozen), as a remembered amount carries it (PreparedProgram.amountOf)
    if (Object.isFrozen(value)) return value;
    const key = value.join(",");
    const known = this.splits.get(key);
    if (known !== undefined) return known;
    // frozen: the same array is shared by many awards
    const kept = Object.freeze([...value]);
    if (this.splits.size < MAX_SHARED) this.splits.set(key, kept);
    return kept;
  }
}
