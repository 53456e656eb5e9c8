import type { Award, PayeeKind } from "../domain/award.js";
import { parseIdNumber } from "../domain/id-number.js";
import { parseYuan, type Fen } from "../domain/money.js";
import type { Role } from "../domain/person.js";
import type { Policy } from "../policy/types.js";
import { programKey } from "../policy/parse-util.js";
import { PayoutError } from "../errors.js";
import { detached, Interner } from "../input/cell.js";
import { readCsvRecords, readGrowingCsvRecords, type GrowingFile } from "../input/read-csv.js";
import { FIXED, openLedger, unescapeCell, unknownCodesWarning, type LedgerKey } from "./ledger-table.js";

const KINDS = new Set<PayeeKind>(["个人", "机构", "待补录", "资格"]);
const ROLES = new Set<Role>(["夫", "妻", "子女"]);

/**
 * Reads a ledger the clerk hands us (reconcile --ledger, supplement --ledger) into awards, every row
 * checked through the one reader. Warnings (hidden rows, programme codes the policy does not know)
 * go to `onWarning`, by default the console.
 */
export async function readLedgerAwards(path: string, policy: Policy, onWarning: (message: string) => void = (w) => process.stderr.write(`提示:${w}\n`)): Promise<Award[]> {
  const ledger = await openLedger(path, { what: "台账", levels: policy.levels, knownCodes: new Set(policy.programs.map((p) => programKey(p.code))) });
  const awards: Award[] = [];
  for await (const a of ledger.awards) awards.push(a);
  for (const w of ledger.warnings) onWarning(w);
  const unknown = unknownCodesWarning(`台账 ${path} `, ledger.unknownCodes);
  if (unknown) onWarning(unknown);
  return awards;
}

/**
 * Where each township's lines are in the run's own ledger (it is sorted by 乡镇), as the writer
 * recorded them: a worker thread reads just its townships' bytes.
 */
export interface LedgerSpan {
  readonly township: string;
  /** Index of the township's first award in the ledger (its line is first + 2, after the header). */
  readonly first: number;
  readonly count: number;
  /** Bytes [start, end) of the file. */
  readonly start: number;
  readonly end: number;
}

/**
 * The run's own ledger, just written, award by award: what the worker threads write 发放台账.xlsx
 * and the township workbooks from, so those outputs derive from the ledger on disk. Read with the
 * fast reader of our own files, not the guarded one: at a million awards the guarded reader's
 * csv-parse would cost ~15 s more, and this file is ours, written moments ago. With `span`, only
 * that township's lines are read (after the header, for the columns); with `growing`, the whole
 * ledger is read while it is being written, following the writer.
 */
export async function* ledgerAwards(path: string, policy: Policy, span?: LedgerSpan, growing?: GrowingFile): AsyncGenerator<Award> {
  const bad = (line: number, what: string): never => {
    throw new PayoutError("input-format", `台账 ${path} 第 ${line} 行:${what}(请使用 payout 写出的 发放台账.csv)`);
  };
  // column positions from the header, looked up once (a million rows follow)
  let at: Record<LedgerKey, number> | undefined;
  let levelCols: number[] = [];
  const readHeader = (raw: readonly string[]): void => {
    const header = raw.map(unescapeCell);
    if (!["身份证号", "项目代码", "金额", "领款类型"].every((h) => header.includes(h))) bad(1, "不是发放台账(缺少 身份证号、项目代码、金额 或 领款类型 列)");
    at = Object.fromEntries(FIXED.map(([key, name]) => [key, header.indexOf(name)])) as Record<LedgerKey, number>;
    levelCols = policy.levels.map((l) => header.indexOf(l));
  };
  if (span) {
    for await (const raw of readCsvRecords(path)) {
      readHeader(raw);
      break;
    }
    if (!at) return;
  }
  // a column of few values gives every award the same string: a township's awards are held while its
  // workbook is written, and strings of each award's own would be copied by every young-generation
  // collection till then. The tables keep copies (detached): a slice of the text read keeps its chunk.
  const strings = new Interner(detached);
  // 户编号 only as the last one: the award before is mostly of the same household, and a table of
  // every household would grow with the ledger
  let lastHousehold = "";
  const sameHousehold = (text: string): string => (text === lastHousehold ? lastHousehold : (lastHousehold = text));
  let line = span ? span.first + 1 : 0;
  // without a span the header is the first record read; with `growing`, read as the file is written
  const records = span ? readCsvRecords(path, span) : growing ? readGrowingCsvRecords(path, growing) : readCsvRecords(path);
  for await (const raw of records) {
    line++;
    if (!at) {
      readHeader(raw);
      continue;
    }
    const c = at;
    const get = (i: number): string => (i < 0 ? "" : unescapeCell(raw[i] ?? ""));
    const id = get(c.id);
    const info = parseIdNumber(id);
    const amount = parseYuan(get(c.amount));
    const kind = get(c.payeeKind) as PayeeKind;
    const role = get(c.role) as Role;
    if (!info.ok) bad(line, "身份证号无效");
    if (amount === undefined) bad(line, "金额无法读取");
    if (!KINDS.has(kind) || !ROLES.has(role)) bad(line, "领款类型或家庭角色无法识别");
    const levels = levelCols.map((i) => parseYuan(get(i)) ?? bad(line, "分担金额无法读取"));
    yield {
      year: Number(get(c.year)), township: strings.intern(get(c.township), 0), village: strings.intern(get(c.village), 1), householdId: sameHousehold(get(c.householdId)),
      name: get(c.name), id, role: strings.intern(role, 2), sex: info.ok ? info.value.sex : "男", birth: info.ok ? info.value.birth : 0,
      code: strings.intern(get(c.code), 3), programName: strings.intern(get(c.programName), 4), category: strings.intern(get(c.category), 5), amount: amount as Fen,
      payeeKind: strings.intern(kind, 6), payeeName: get(c.payeeName), payeeId: get(c.payeeId), bank: strings.intern(get(c.bank), 7), account: get(c.account),
      levels, explanation: strings.intern(get(c.explanation), 8),
    };
  }
}
