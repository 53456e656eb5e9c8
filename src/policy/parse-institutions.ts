import { isObj, type IssueFn } from "./parse-util.js";
import type { InstitutionAccount } from "./types.js";

/**
 * `institutions: {县医疗保障基金: {bank: 县农商银行营业部, account: "6230…", name: 户名}}`: where each
 * institution that programmes pay (`payee: {institution: 名称}`) receives the money, printed on 机构拨付.
 */
export function parseInstitutions(raw: unknown, issue: IssueFn): Map<string, InstitutionAccount> {
  const out = new Map<string, InstitutionAccount>();
  if (raw === undefined) return out;
  if (!isObj(raw)) {
    issue(["institutions"], "institutions 应是 机构名称: {bank: 开户银行, account: 账号} 的映射");
    return out;
  }
  for (const [name, value] of Object.entries(raw)) {
    if (!isObj(value)) {
      issue(["institutions", name], `机构 ${name} 应写作 {bank: 开户银行, account: 账号}`);
      continue;
    }
    for (const k of Object.keys(value)) if (!["bank", "account", "holder"].includes(k)) issue(["institutions", name, k], `institutions.${name} 中未知的键 ${k}(可用 bank、account、holder)`);
    const bank = typeof value.bank === "string" ? value.bank.trim() : "";
    const account = typeof value.account === "string" || typeof value.account === "number" ? String(value.account).replace(/[\s-]/g, "") : "";
    if (typeof value.account === "number") issue(["institutions", name, "account"], `机构 ${name} 的账号请加引号写成文本,如 "6230…"(数字会丢失位数)`);
    else if (!bank) issue(["institutions", name, "bank"], `机构 ${name} 缺少 bank(开户银行)`);
    else if (!/^\d{8,30}$/.test(account)) issue(["institutions", name, "account"], `机构 ${name} 的 account 应为 8–30 位数字`);
    else out.set(name.trim(), { bank, account, holder: typeof value.holder === "string" && value.holder.trim() ? value.holder.trim() : name.trim() });
  }
  return out;
}
