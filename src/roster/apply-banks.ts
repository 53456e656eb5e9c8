import type { Person } from "../domain/person.js";
import { bankDirectory, bankKey, prefixOwner, resolveBank, type Bank } from "../policy/banks.js";
import type { Problem } from "./problem.js";

// 开户银行 as the clerks wrote it → the configured bank's name (policy `banks`, DESIGN §11.3), so one
// bank spelt four ways makes one bank file; what cannot be mapped, or looks like another bank's card,
// is a warning.

export interface BankCount {
  readonly name: string;
  /** Rows (with an account or a 开户银行) of this bank. */
  readonly count: number;
  readonly configured: boolean;
}

const problemOf = (p: Person, column: string, message: string): Problem => ({
  row: p.row, township: p.township, village: p.village, householdId: p.householdId, name: p.name, id: p.id, column, level: "警告", message,
});

/**
 * Replaces each person's 开户银行 by its configured name, in place, and returns the warnings and the
 * rows per bank. Without a `banks` list nothing changes and nothing is warned.
 */
export function applyBanks(households: Person[][], banks: readonly Bank[]): { problems: Problem[]; counts: BankCount[] } {
  const problems: Problem[] = [];
  const counts = new Map<string, { count: number; configured: boolean }>();
  if (banks.length === 0) return { problems, counts: [] };
  const dir = bankDirectory(banks);
  const names = banks.map((b) => b.name).join("、");
  const resolved = new Map<string, Bank | undefined>();
  for (const b of banks) counts.set(b.name, { count: 0, configured: true });
  for (const members of households) {
    for (let i = 0; i < members.length; i++) {
      const p = members[i] as Person;
      if (p.bank === "") continue;
      let bank = resolved.get(p.bank);
      if (!resolved.has(p.bank)) resolved.set(p.bank, (bank = resolveBank(dir, p.bank)));
      const name = bank?.name ?? p.bank;
      const c = counts.get(name) ?? { count: 0, configured: bank !== undefined };
      c.count++;
      counts.set(name, c);
      if (!bank) {
        problems.push(problemOf(p, "开户银行", `开户银行“${p.bank}”不在政策的银行列表中(已配置:${names}),其款项单独生成“${p.bank}”的代发文件:请核对写法,或在政策 banks 的 aliases 中加上这个写法`));
      } else if (bank.name !== p.bank) {
        members[i] = { ...p, bank: bank.name };
      }
      if (p.account !== "") {
        const owner = prefixOwner(dir, p.account);
        const own = bank ? Math.max(0, ...bank.prefixes.filter((x) => p.account.startsWith(x)).map((x) => x.length)) : 0;
        if (owner && owner.bank !== bank && own < owner.prefix.length) {
          problems.push(problemOf(p, "银行账号", `账号前缀 ${owner.prefix} 属于 ${owner.bank.name},而开户银行是“${p.bank}”:请核对开户银行和账号`));
        }
      }
    }
  }
  const order = new Map(banks.map((b, i) => [b.name, i]));
  const list = [...counts].map(([name, c]) => ({ name, ...c }));
  list.sort((a, b) => (order.get(a.name) ?? 1e9) - (order.get(b.name) ?? 1e9) || (bankKey(a.name) < bankKey(b.name) ? -1 : 1));
  return { problems, counts: list };
}
