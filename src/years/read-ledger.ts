import type { Award, PayeeKind } from "../domain/award.js";
import { parseIdNumber } from "../domain/id-number.js";
import { parseYuan, type Fen } from "../domain/money.js";
import type { Role } from "../domain/person.js";
import type { Policy } from "../policy/types.js";
import { open, readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { decodeChunks } from "../input/decode.js";
import { PayoutError } from "../errors.js";
import { fileError } from "../file-errors.js";
import { readCsvRecords } from "../input/read-csv.js";

/**
 * The records of a ledger: streamed when it is as payout wrote it (UTF-8 with BOM), else decoded whole
 * (a clerk opened it in Excel and saved it again, usually as GBK). The ledger's formula neutralising
 * (a leading ') is undone, so what is read back is what the run held.
 */
export async function* ledgerRecords(path: string): AsyncGenerator<string[]> {
  let head: Buffer;
  try {
    const fh = await open(path, "r");
    head = Buffer.alloc(3);
    await fh.read(head, 0, 3, 0);
    await fh.close();
  } catch (err) {
    throw fileError(err, "台账", path);
  }
  const unescape = (r: string[]): string[] => r.map((f) => f.replace(/^'(?=[=+\-@\t\r])/, ""));
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) {
    for await (const r of readCsvRecords(path)) yield unescape(r);
    return;
  }
  const rows = parse([...decodeChunks(await readFile(path))].join(""), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  for (const r of rows) yield unescape(r);
}

const KINDS = new Set<PayeeKind>(["个人", "机构", "待补录", "资格"]);
const ROLES = new Set<Role>(["夫", "妻", "子女"]);

/**
 * Reads a ledger written by this tool back into awards: what a worker thread writes its workbooks
 * from, so every output is derived from the ledger on disk. Sex and birth come from the ID.
 */
export async function readLedgerAwards(path: string, policy: Policy): Promise<Award[]> {
  const awards: Award[] = [];
  for await (const a of ledgerAwards(path, policy)) awards.push(a);
  return awards;
}

/** The ledger's awards one township at a time (the ledger is sorted by 乡镇): bounded memory. */
export async function* ledgerByTownship(path: string, policy: Policy): AsyncGenerator<Award[]> {
  let chunk: Award[] = [];
  for await (const a of ledgerAwards(path, policy)) {
    if (chunk.length > 0 && chunk[0]?.township !== a.township) {
      yield chunk;
      chunk = [];
    }
    chunk.push(a);
  }
  if (chunk.length > 0) yield chunk;
}

async function* ledgerAwards(path: string, policy: Policy): AsyncGenerator<Award> {
  let col: Record<string, number> | undefined;
  let levelCols: number[] = [];
  const bad = (line: number, what: string): never => {
    throw new PayoutError("input-format", `台账 ${path} 第 ${line} 行:${what}(请使用 payout 写出的 发放台账.csv)`);
  };
  let line = 0;
  for await (const r of ledgerRecords(path)) {
    line++;
    if (!col) {
      col = Object.fromEntries(r.map((h, i) => [h, i]));
      if (!["身份证号", "项目代码", "金额", "领款类型"].every((h) => h in (col ?? {}))) bad(1, "不是发放台账(缺少 身份证号、项目代码、金额 或 领款类型 列)");
      levelCols = policy.levels.map((l) => col?.[l] ?? -1);
      continue;
    }
    const get = (name: string): string => r[col?.[name] ?? -1] ?? "";
    const id = get("身份证号");
    const info = parseIdNumber(id);
    const amount = parseYuan(get("金额"));
    const kind = get("领款类型") as PayeeKind;
    const role = get("家庭角色") as Role;
    if (!info.ok) bad(line, "身份证号无效");
    if (amount === undefined) bad(line, "金额无法读取");
    if (!KINDS.has(kind) || !ROLES.has(role)) bad(line, "领款类型或家庭角色无法识别");
    const levels = levelCols.map((i) => parseYuan(r[i] ?? "") ?? bad(line, "分担金额无法读取"));
    yield {
      year: Number(get("年度")), township: get("乡镇"), village: get("村"), householdId: get("户编号"),
      name: get("姓名"), id, role, sex: info.ok ? info.value.sex : "男", birth: info.ok ? info.value.birth : 0,
      code: get("项目代码"), programName: get("项目名称"), category: get("类别"), amount: amount as Fen, payeeKind: kind,
      payeeName: get("领款人"), payeeId: get("领款人身份证号"), bank: get("开户银行"), account: get("银行账号"),
      levels, explanation: get("计算说明"),
    };
  }
}
