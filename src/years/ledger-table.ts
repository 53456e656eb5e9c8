import type { Award, PayeeKind } from "../domain/award.js";
import { normaliseIdText, parseIdNumber } from "../domain/id-number.js";
import { parseYuan, type Fen } from "../domain/money.js";
import type { Role } from "../domain/person.js";
import { programKey } from "../policy/parse-util.js";
import { cellText, Interner, type RawCell } from "../input/cell.js";
import { MAX_NAME_CHARS } from "../input/limits.js";
import { printable } from "../input/printable.js";
import { PayoutError } from "../errors.js";
import { columnLetters, hiddenRowsWarning, openTable, type TableColumn } from "../input/read-table.js";

// A ledger handed back to us (--previous, reconcile --ledger, supplement --ledger) is checked, not
// trusted (DESIGN §11.1): it may have been opened and re-saved by Excel, edited, or be another
// county's file. Every row is verified; any failure stops the run (exit 2) naming file, row, column.

/** The ledger's columns other than the fiscal levels, by the Award field each holds. */
export const FIXED = [
  ["year", "年度"], ["township", "乡镇"], ["village", "村"], ["householdId", "户编号"], ["name", "姓名"], ["id", "身份证号"],
  ["role", "家庭角色"], ["code", "项目代码"], ["programName", "项目名称"], ["category", "类别"], ["amount", "金额"],
  ["payeeKind", "领款类型"], ["payeeName", "领款人"], ["payeeId", "领款人身份证号"], ["bank", "开户银行"], ["account", "银行账号"],
  ["explanation", "计算说明"],
] as const;
export type LedgerKey = (typeof FIXED)[number][0];
const REQUIRED = new Set<LedgerKey>(["year", "township", "village", "householdId", "name", "id", "role", "code", "amount", "payeeKind"]);

const COLUMNS: ReadonlyArray<TableColumn<LedgerKey>> = FIXED.map(([key, header]) => ({
  key, header, required: REQUIRED.has(key),
  kind: key === "id" || key === "payeeId" ? "id" : key === "account" ? "account" : "text",
  ...(key === "name" || key === "payeeName" ? { maxLength: MAX_NAME_CHARS } : {}),
}));

const KINDS = new Set<string>(["个人", "机构", "待补录", "资格"]);
const ROLES = new Set<string>(["夫", "妻", "子女"]);

/** The ledger's neutralising of formulas (a leading ') undone: what is read back is what the run held. */
export const unescapeCell = (text: string): string => (text.charCodeAt(0) === 39 ? text.replace(/^'(?=[=+\-@\t\r])/, "") : text);

export interface LedgerReadOptions {
  /** The ledger as the clerk knows it, for messages: 上年台账, 台账. */
  readonly what: string;
  /** Level names in the order the awards carry them (the policy's); a ledger's own are summed as found. */
  readonly levels: readonly string[];
  /** Every 年度 must be before this year (--previous). */
  readonly beforeYear?: number;
  /** Programme codes the policy knows, as programKey gives them: others are collected for one warning. */
  readonly knownCodes?: ReadonlySet<string>;
  readonly strings?: Interner;
}

export interface CheckedLedger {
  readonly awards: AsyncIterable<Award>;
  /** Filled while the awards are read. */
  readonly unknownCodes: ReadonlySet<string>;
  readonly warnings: string[];
}

/** Opens a ledger (CSV as payout writes it or as Excel re-saves it, xlsx, xls) and checks every row. */
export async function openLedger(path: string, options: LedgerReadOptions): Promise<CheckedLedger> {
  const table = await openTable(path, { what: options.what, columns: COLUMNS });
  const idx = table.index;
  // the level columns are the ledger's own, between 银行账号 and 计算说明
  const levelCols = table.extra.filter((x) => x.index > Math.max(idx.account, idx.payeeId, idx.payeeKind) && (idx.explanation < 0 || x.index < idx.explanation));
  if (levelCols.length === 0) throw new PayoutError("input-format", `${options.what} ${path} 缺少分担金额列(如 ${options.levels.join("、")}):不是 payout 写出的发放台账`);
  const levelAt = new Map(levelCols.map((x) => [x.header, x.index]));
  const strings = options.strings ?? new Interner();
  const unknownCodes = new Set<string>();
  const warnings: string[] = [];
  const problems: string[] = [];
  let count = 0;
  const stop = (): never => {
    const more = count > problems.length ? `\n  …共 ${count} 处,仅列出前 ${problems.length} 处` : "";
    throw new PayoutError("input-format", `${options.what} ${path} 有 ${count} 处与发放台账的格式不符,请使用 payout 写出的 发放台账:\n  ${problems.join("\n  ")}${more}`);
  };
  const header = (key: LedgerKey): string => FIXED.find(([k]) => k === key)?.[1] ?? key;
  async function* awards(): AsyncGenerator<Award> {
    for await (const { row, cells } of table.records) {
      const before = count;
      const bad = (key: LedgerKey | string, at: number, why: string): void => {
        count++;
        if (problems.length < 20) problems.push(`第 ${row} 行“${typeof key === "string" && levelAt.has(key) ? key : header(key as LedgerKey)}”列(${columnLetters(at)} 列):${why}`);
        else stop();
      };
      const text = (key: LedgerKey): string => {
        const i = idx[key];
        return i < 0 ? "" : unescapeCell(cellText(cells[i] as RawCell));
      };
      const yearText = text("year");
      // 发放台账.xlsx ends with a 合计 row: not an award
      if (yearText === "合计") continue;
      const year = /^\d{4}$/.test(yearText) ? Number(yearText) : 0;
      if (!year) bad("year", idx.year, yearText === "" ? "年度为空" : `年度“${printable(yearText)}”不是四位年份`);
      else if (options.beforeYear !== undefined && year >= options.beforeYear) bad("year", idx.year, `${year} 年度不早于本次的 ${options.beforeYear} 年度:--previous 只接受往年的台账`);
      const idText = normaliseIdText(text("id"));
      const id = parseIdNumber(idText);
      if (!id.ok) bad("id", idx.id, "身份证号无效(校验位、出生日期或位数不对)");
      const payeeIdText = normaliseIdText(text("payeeId"));
      if (payeeIdText !== "" && !parseIdNumber(payeeIdText).ok) bad("payeeId", idx.payeeId, "领款人身份证号无效");
      const code = text("code");
      if (code === "") bad("code", idx.code, "项目代码为空");
      else if (options.knownCodes && !options.knownCodes.has(programKey(code))) unknownCodes.add(code);
      const amountCell = cells[idx.amount];
      const amount = typeof amountCell === "number" ? parseYuan(amountCell.toFixed(2)) : parseYuan(text("amount").replace(/,/g, ""));
      if (amount === undefined) bad("amount", idx.amount, `金额“${printable(text("amount"))}”不是金额`);
      const kind = text("payeeKind");
      if (!KINDS.has(kind)) bad("payeeKind", idx.payeeKind, `领款类型“${printable(kind)}”应为 个人、机构、待补录 或 资格`);
      const role = text("role");
      if (!ROLES.has(role)) bad("role", idx.role, `家庭角色“${printable(role)}”应为 夫、妻 或 子女`);
      let levelSum = 0;
      const own = new Map<string, Fen>();
      for (const x of levelCols) {
        const c = cells[x.index];
        const v = typeof c === "number" ? parseYuan(c.toFixed(2)) : parseYuan(unescapeCell(cellText(c)).replace(/,/g, "") || "0");
        if (v === undefined) bad(x.header, x.index, `分担金额“${printable(cellText(c))}”不是金额`);
        else {
          levelSum += v;
          own.set(x.header, v);
        }
      }
      if (amount !== undefined && count === before && levelSum !== amount) bad("amount", idx.amount, `金额 ${text("amount")} 不等于各级分担之和 ${(levelSum / 100).toFixed(2)}`);
      if (count !== before) continue;
      const info = id.ok ? id.value : undefined;
      yield {
        year, township: strings.intern(text("township"), 0), village: strings.intern(text("village"), 1), householdId: strings.intern(text("householdId"), 2),
        name: text("name"), id: info?.id ?? idText, role: role as Role, sex: info?.sex ?? "男", birth: info?.birth ?? 0,
        code: strings.intern(code, 3), programName: strings.intern(text("programName"), 4), category: strings.intern(text("category"), 5),
        amount: amount as Fen, payeeKind: kind as PayeeKind, payeeName: text("payeeName"),
        payeeId: payeeIdText === "" ? "" : (parseIdNumber(payeeIdText) as { value: { id: string } }).value.id,
        bank: strings.intern(text("bank"), 6), account: text("account").replace(/[\s-]/g, ""),
        levels: options.levels.map((l) => own.get(l) ?? (0 as Fen)), explanation: text("explanation"),
      };
    }
    if (count > 0) stop();
    const hidden = hiddenRowsWarning(options.what, path, table.hiddenRows);
    if (hidden) warnings.push(hidden);
  }
  return { awards: awards(), unknownCodes, warnings };
}

/** One warning listing programme codes of an earlier ledger that the policy does not know. */
export function unknownCodesWarning(what: string, codes: ReadonlySet<string>): string | undefined {
  if (codes.size === 0) return undefined;
  return `${what}中有政策里没有的项目代码:${[...codes].sort().map(printable).join("、")}(这些款项不参与一次性项目的判断)`;
}
