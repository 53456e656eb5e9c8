import { isObj, type IssueFn, type Path } from "./parse-util.js";

// The banks a county pays through (policy `banks`, DESIGN §11.3): each with the ways clerks write
// its name, the card prefixes (BIN) it issues, and the bank-file template it takes.

export interface Bank {
  /** The name bank files and the ledger use. */
  readonly name: string;
  readonly aliases: readonly string[];
  /** Leading digits of the accounts it issues, e.g. "622848"; may be empty. */
  readonly prefixes: readonly string[];
  /** A template name under `bank.templates`; undefined = the default template. */
  readonly template: string | undefined;
}

/** How names are compared: full-width folded (NFKC) and with every space removed. */
export const bankKey = (written: string): string => written.normalize("NFKC").replace(/\s+/g, "");

/** A written 开户银行 with a branch after the bank's name still names the bank: 中国农业银行来安支行. */
const BRANCH = /^.{0,16}?(支行|分行|分理处|营业部|营业所|储蓄所|网点)$/u;

export interface BankDirectory {
  readonly banks: readonly Bank[];
  /** Folded name or alias → bank. */
  readonly byKey: ReadonlyMap<string, Bank>;
}

export function bankDirectory(banks: readonly Bank[]): BankDirectory {
  const byKey = new Map<string, Bank>();
  for (const b of banks) for (const k of [b.name, ...b.aliases]) byKey.set(bankKey(k), b);
  return { banks, byKey };
}

/** The configured bank a written 开户银行 names: exactly (after folding), else by name + branch; longest match wins. */
export function resolveBank(dir: BankDirectory, written: string): Bank | undefined {
  const key = bankKey(written);
  if (key === "") return undefined;
  const exact = dir.byKey.get(key);
  if (exact) return exact;
  let best: { bank: Bank; length: number } | undefined;
  for (const [k, bank] of dir.byKey) {
    if (key.startsWith(k) && BRANCH.test(key.slice(k.length)) && (!best || k.length > best.length)) best = { bank, length: k.length };
  }
  return best?.bank;
}

/** The bank whose prefix an account starts with (longest prefix wins); undefined when none does. */
export function prefixOwner(dir: BankDirectory, account: string): { bank: Bank; prefix: string } | undefined {
  let best: { bank: Bank; prefix: string } | undefined;
  for (const bank of dir.banks) {
    for (const p of bank.prefixes) if (account.startsWith(p) && (!best || p.length > best.prefix.length)) best = { bank, prefix: p };
  }
  return best;
}

const text = (v: unknown): string => (typeof v === "string" ? v.trim() : typeof v === "number" ? String(v) : "");

/** Validates `banks:` (absent = no list: 开户银行 is used as written, with no warnings). */
export function parseBanks(raw: unknown, issue: IssueFn): Bank[] {
  if (raw === undefined || raw === null) return [];
  const path: Path = ["banks"];
  if (!Array.isArray(raw)) {
    issue(path, "banks 应是列表,每项 {name: 银行名称, aliases: [其他写法…], prefixes: [\"622848\"…], template: 模板名}");
    return [];
  }
  const out: Bank[] = [];
  const owner = new Map<string, string>();
  const prefixOwners = new Map<string, string>();
  raw.forEach((b: unknown, i: number) => {
    const at: Path = [...path, i];
    if (!isObj(b)) return issue(at, "每个银行应是映射 {name, aliases, prefixes, template}");
    for (const k of Object.keys(b)) if (!["name", "aliases", "prefixes", "template"].includes(k)) issue([...at, k], `banks 中未知的键 ${k}(可用:name, aliases, prefixes, template)`);
    const name = text(b.name);
    if (!name) return issue([...at, "name"], "name(银行名称,即代发文件名)必填");
    const list = (key: string, hint: string): string[] => {
      const v = b[key];
      if (v === undefined) return [];
      if (!Array.isArray(v) || v.some((x) => text(x) === "")) {
        issue([...at, key], `${key} 应是${hint}的列表`);
        return [];
      }
      return v.map(text);
    };
    const aliases = list("aliases", "文字");
    const prefixes = list("prefixes", "加引号的数字(卡号前几位)");
    prefixes.forEach((p, j) => {
      if (!/^\d{1,12}$/.test(p)) issue([...at, "prefixes", j], `卡号前缀“${p}”应是 1–12 位数字,加引号写,如 "622848"`);
      else if (prefixOwners.has(p) && prefixOwners.get(p) !== name) issue([...at, "prefixes", j], `卡号前缀 ${p} 已属于 ${prefixOwners.get(p) ?? ""}`);
      else prefixOwners.set(p, name);
    });
    for (const written of [name, ...aliases]) {
      const k = bankKey(written);
      const other = owner.get(k);
      if (other !== undefined && other !== name) issue([...at, written === name ? "name" : "aliases"], `“${written}”已是银行 ${other} 的名称或别名,一个写法只能对应一个银行`);
      else if (other === undefined) owner.set(k, name);
    }
    const template = b.template === undefined ? undefined : text(b.template) || undefined;
    if (b.template !== undefined && !template) issue([...at, "template"], "template 应是 bank.templates 中的模板名");
    out.push({ name, aliases, prefixes, template });
  });
  return out;
}
