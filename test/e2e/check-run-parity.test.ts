import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { payout, readCsvObjects, ROOT, tempDir } from "./cli.js";

// What `check` passes, `run` can write: a 乡镇, 村 or 开户银行 no file or sheet can be named by, or a
// name the txt bank template cannot carry, is a row error found by both, with the row number; in run
// only that household is held back and the rest of the county is paid.
const HEAD = readFileSync(join(ROOT, "samples/roster.csv"), "utf8").replace(/^\ufeff/, "").split("\n")[0]?.split(",") ?? [];
const col = (name: string): number => HEAD.indexOf(name);

interface Edit {
  readonly column: string;
  readonly value: string;
  /** The message's tail in 数据问题.csv and on the check screen. */
  readonly says: RegExp;
  /** Edit only the first row of the household (a payee's own cell), not every row. */
  readonly firstRowOnly?: boolean;
  readonly bank?: RegExp;
}

const EDITS: readonly Edit[] = [
  { column: "乡镇", value: "..", says: /乡镇“\.\.”不能用作文件名/ },
  { column: "村", value: "CON", says: /村“CON”是 Windows 的保留设备名/ },
  { column: "村", value: "com1", says: /村“com1”是 Windows 的保留设备名/ },
  { column: "村", value: ".隐藏村", says: /村“\.隐藏村”以“\.”开头/ },
  { column: "村", value: "History", says: /村“History”是 Excel 保留的工作表名/ },
  { column: "村", value: "东山[二组]", says: /含有文件名或 Excel 工作表名不允许的字符“\[”/ },
  { column: "乡镇", value: "长".repeat(300), says: /长达 300 个字符,超过 50 个/ },
  { column: "开户银行", value: "农村信用社.", says: /开户银行“农村信用社\.”以“\.”或空格结尾/ },
  { column: "姓名", value: "王|明", says: /姓名中有 "\|",是 示例县农村商业银行 代发文件\(txt\)的分隔符/, firstRowOnly: true, bank: /农商|农村商业/ },
];

function hostileRoster(dir: string): { path: string; rows: Map<Edit, number> } {
  const lines = readFileSync(join(ROOT, "samples/roster.csv"), "utf8").replace(/^\ufeff/, "").split("\n");
  const byHousehold = new Map<string, number[]>();
  for (let i = 1; i < lines.length; i++) {
    const id = lines[i]?.split(",")[col("户编号")];
    if (id) byHousehold.set(id, [...(byHousehold.get(id) ?? []), i]);
  }
  const households = [...byHousehold.values()];
  const rows = new Map<Edit, number>();
  let next = 0;
  for (const edit of EDITS) {
    let members = households[next++] as number[];
    if (edit.bank) {
      while (!members.some((i) => edit.bank?.test(lines[i]?.split(",")[col("开户银行")] ?? "") && (lines[i]?.split(",")[col("银行账号")] ?? "") !== "")) members = households[next++] as number[];
      members = [members.find((i) => edit.bank?.test(lines[i]?.split(",")[col("开户银行")] ?? "")) as number];
    }
    for (const i of edit.firstRowOnly ? members.slice(0, 1) : members) {
      const cells = (lines[i] as string).split(",");
      cells[col(edit.column)] = edit.value;
      lines[i] = cells.join(",");
    }
    rows.set(edit, (members[0] as number) + 1);
  }
  const path = join(dir, "花名册.csv");
  writeFileSync(path, lines.join("\n"));
  return { path, rows };
}

describe("what check passes, run can do", () => {
  it("unsafe file and sheet names and bank-template conflicts: check names each row; run holds back only those households", () => {
    const dir = tempDir();
    const { path, rows } = hostileRoster(dir);
    const check = payout("check", path);
    assert.equal(check.code, 1, check.stderr);
    for (const [edit, row] of rows) assert.match(check.stdout, new RegExp(`第 ${row} 行 \\[错误\\].*${edit.says.source}`), `${edit.column} ${edit.value.slice(0, 10)}`);

    const out = join(dir, "out");
    const run = payout("run", path, "--year", "2027", "--out", out);
    assert.equal(run.code, 1, run.stderr);
    const problems = readCsvObjects(join(out, "数据问题.csv"));
    for (const [edit, row] of rows) {
      assert.ok(problems.some((p) => p["行号"] === String(row) && p["级别"] === "错误" && edit.says.test(p["问题"] ?? "")), `数据问题.csv names row ${row}`);
    }
    const ledger = readCsvObjects(join(out, "发放台账.csv"));
    assert.ok(ledger.length > 500, "the rest of the county is paid");
    for (const edit of EDITS) {
      assert.ok(!ledger.some((a) => a[edit.column === "姓名" ? "领款人" : edit.column] === edit.value), `no award carries ${edit.column} ${edit.value.slice(0, 10)}`);
    }
    const names = [...readdirSync(join(out, "公示名单")), ...readdirSync(join(out, "乡镇发放表")), ...readdirSync(join(out, "银行代发"))];
    assert.ok(!names.some((n) => /^(con|com1|\.)/i.test(n) || n.includes("长长长")), names.join(" "));
  });
});
