import { formatDate, type DateNum } from "./dates.js";

// Why an award goes to 待补录 instead of a bank file: said once here, for the ledger's
// 待补录账户.xlsx, 数据问题.csv and explain alike (DESIGN §4, §11.3).

export type PendingReason =
  | { readonly kind: "no-payee" }
  /** The payee died on or before the payment date: an heir (or a new account) must be settled. */
  | { readonly kind: "payee-deceased"; readonly deathDate: DateNum }
  | { readonly kind: "no-account" }
  | { readonly kind: "invalid-account" };

export function pendingReasonText(r: PendingReason): string {
  switch (r.kind) {
    case "no-payee":
      return "无领款人";
    case "payee-deceased":
      return r.deathDate ? `领款人已去世(死亡日期 ${formatDate(r.deathDate)}),请确定继承人及账户` : "领款人已去世,请确定继承人及账户";
    case "no-account":
      return "无开户银行或账号";
    case "invalid-account":
      return "账号无效";
    default: {
      const never: never = r;
      throw new Error(`unknown pending reason ${String(never)}`);
    }
  }
}

/** The roster column a clerk corrects for it (数据问题.csv 列). */
export const pendingReasonColumn = (r: PendingReason): "死亡日期" | "银行账号" | "" =>
  r.kind === "payee-deceased" ? "死亡日期" : r.kind === "no-payee" ? "" : "银行账号";
