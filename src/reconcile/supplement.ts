import type { Award } from "../domain/award.js";
import { luhnValid, maskAccount, maskId, normaliseIdText, parseIdNumber } from "../domain/id-number.js";
import { add, formatYuan, parseYuan, ZERO, type Fen } from "../domain/money.js";
import { bankDirectory, prefixOwner, resolveBank, type Bank } from "../policy/banks.js";

// `payout supplement` (DESIGN §11.3), the pure part: the lines of 待补录账户.xlsx the clerk filled
// with the heir's or the new account, matched to their ledger awards by 身份证号 + 项目名称.

/** One line of the workbook as read (text, half-width, trimmed). */
export interface SupplementLine {
  readonly row: number;
  readonly id: string;
  readonly programName: string;
  readonly amount: string;
  /** 原因 as the run wrote it: a payee who died, or none, needs an heir named. */
  readonly reason: string;
  readonly phone: string;
  readonly payeeName: string;
  readonly payeeId: string;
  readonly bank: string;
  readonly account: string;
}

export interface SupplementResult {
  /** Filled lines: the ledger award re-addressed to the new payee and account, 领款类型 个人. */
  readonly filled: Award[];
  /** Lines still open: the ledger award as it was (待补录), with the phone the sheet carried. */
  readonly open: Award[];
  /** Each stops the supplement (nothing written): the row and what is wrong. */
  readonly errors: string[];
  /** The clerk should look, the line is still paid: a bank not configured, another bank's card, a Luhn failure. */
  readonly warnings: string[];
}

const key = (id: string, programName: string): string => `${id}\u0000${programName}`;

/**
 * Matches each line to its 待补录 award and validates what the clerk filled. A line is filled when
 * 开户银行 and 银行账号 are given; 领款人姓名 and 领款人身份证号 then default to the ledger's payee,
 * except when the payee died or there was none (the heir must be named).
 */
export function matchSupplement(lines: readonly SupplementLine[], ledger: readonly Award[], banks: readonly Bank[]): SupplementResult {
  const pending = new Map<string, Award>();
  const anyAward = new Set<string>();
  for (const a of ledger) {
    anyAward.add(key(a.id, a.programName));
    if (a.payeeKind === "待补录") pending.set(key(a.id, a.programName), a);
  }
  const dir = bankDirectory(banks);
  const names = banks.map((b) => b.name).join("、");
  const errors: string[] = [];
  const warnings: string[] = [];
  const filled: Award[] = [];
  const open: Award[] = [];
  const seen = new Map<string, number>();
  for (const line of lines) {
    const at = `第 ${line.row} 行`;
    const id = normaliseIdText(line.id);
    const who = `${at}(${id ? maskId(id) : "无身份证号"},${line.programName || "无项目名称"})`;
    const k = key(id, line.programName);
    const award = pending.get(k);
    if (!award) {
      errors.push(anyAward.has(k) ? `${who}:该款项在台账中不是待补录款项(已发放或不需补录),不能再补录` : `${who}:台账中没有这笔款项(身份证号和项目名称须与台账一致)`);
      continue;
    }
    const earlier = seen.get(k);
    if (earlier !== undefined) {
      errors.push(`${who}:与第 ${earlier} 行是同一笔款项,只能补录一次`);
      continue;
    }
    seen.set(k, line.row);
    const amount = parseYuan(line.amount);
    if (amount === undefined || amount !== award.amount) {
      errors.push(`${who}:金额 ${line.amount || "(空)"} 与台账的 ${formatYuan(award.amount)} 不符,请勿改动金额`);
      continue;
    }
    const account = line.account.replace(/[\s-]/g, "");
    const given = [line.payeeName, line.payeeId, line.bank, account].filter((x) => x !== "").length;
    if (given === 0) {
      open.push(line.phone && !award.phone ? { ...award, phone: line.phone } : award);
      continue;
    }
    if (line.bank === "" || account === "") {
      errors.push(`${who}:已填写部分补录信息,但缺少${line.bank === "" ? "开户银行" : "银行账号"}(四项要么都不填,要么至少填开户银行和银行账号)`);
      continue;
    }
    const heirNeeded = award.payeeId === "" || /^(领款人已去世|无领款人)/.test(line.reason) || award.pendingReason?.kind === "payee-deceased";
    if (heirNeeded && (line.payeeName === "" || line.payeeId === "")) {
      errors.push(`${who}:原领款人已去世或没有领款人,须填写新领款人(继承人)的姓名和身份证号`);
      continue;
    }
    const payeeIdText = line.payeeId === "" ? award.payeeId : normaliseIdText(line.payeeId);
    const parsed = parseIdNumber(payeeIdText);
    if (!parsed.ok) {
      errors.push(`${who}:领款人身份证号 ${line.payeeId ? maskId(payeeIdText) : ""}无效(校验位或出生日期不对),请核对`);
      continue;
    }
    if (!/^\d{8,30}$/.test(account)) {
      errors.push(`${who}:银行账号应是 8–30 位数字`);
      continue;
    }
    if (heirNeeded && parsed.value.id === award.payeeId && award.payeeId !== "") {
      errors.push(`${who}:原领款人已去世,新领款人不能仍是本人`);
      continue;
    }
    const payeeName = line.payeeName === "" ? award.payeeName : line.payeeName;
    let bankName = line.bank;
    if (banks.length > 0) {
      const bank = resolveBank(dir, line.bank);
      if (!bank) warnings.push(`${who}:开户银行“${line.bank}”不在政策的银行列表中(已配置:${names}),单独生成该银行的代发文件`);
      else bankName = bank.name;
      const owner = prefixOwner(dir, account);
      const own = bank ? Math.max(0, ...bank.prefixes.filter((p) => account.startsWith(p)).map((p) => p.length)) : 0;
      if (owner && owner.bank !== bank && own < owner.prefix.length) warnings.push(`${who}:账号前缀 ${owner.prefix} 属于 ${owner.bank.name},而开户银行是“${line.bank}”:请核对`);
    }
    if (!luhnValid(account)) warnings.push(`${who}:银行账号 ${maskAccount(account)} 未通过校验(可能是存折号),请与银行核实`);
    filled.push({ ...award, payeeKind: "个人", payeeName, payeeId: parsed.value.id, bank: bankName, account, pendingReason: undefined, phone: undefined });
  }
  return { filled, open, errors, warnings };
}

export interface SupplementSummary {
  readonly lines: number;
  readonly filled: number;
  readonly open: number;
  readonly amount_filled: string;
  readonly amount_open: string;
}

export function supplementSummary(r: Pick<SupplementResult, "filled" | "open">): SupplementSummary {
  const total = (list: readonly Award[]): Fen => list.reduce((s, a) => add(s, a.amount), ZERO);
  return {
    lines: r.filled.length + r.open.length,
    filled: r.filled.length,
    open: r.open.length,
    amount_filled: formatYuan(total(r.filled)),
    amount_open: formatYuan(total(r.open)),
  };
}
