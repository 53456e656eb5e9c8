import assert from "node:assert/strict";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import type { CellValue } from "exceljs";
import ExcelJS from "../../src/input/exceljs.js";
import { readSheetRows, type ReadCell } from "../../src/input/read-sheets.js";
import { payout, payoutWithEnv, readCsvObjects, ROOT, tempDir } from "./cli.js";

// Every workbook the run writes, opened by exceljs as a clerk's Excel would be: the values are
// those the self-audit reads, IDs are text, money is a number with two decimals.

const sample = (name: string): string => join(ROOT, "samples", name);
const fen = (text: string | undefined): number => Math.round(Number(text ?? "NaN") * 100);

function workbooksIn(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const full = join(dir, n);
    return statSync(full).isDirectory() ? workbooksIn(full) : n.endsWith(".xlsx") ? [full] : [];
  });
}

/** A cell as exceljs gives it, in the reader's terms: blank and "" are the same empty cell. */
function plain(value: CellValue): ReadCell {
  if (value === null || value === undefined || value === "") return undefined;
  if (typeof value === "string" || typeof value === "number") return value;
  throw new Error(`unexpected cell value ${JSON.stringify(value)}`);
}

/** Each sheet's rows as exceljs reads them (merged cells report their first cell: only the first is kept). */
async function excelRows(path: string): Promise<Map<string, Map<number, ReadCell[]>>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const sheets = new Map<string, Map<number, ReadCell[]>>();
  for (const ws of wb.worksheets) {
    const rows = new Map<number, ReadCell[]>();
    ws.eachRow((row, n) => {
      const cells: ReadCell[] = [];
      row.eachCell({ includeEmpty: false }, (c, col) => {
        if (!c.isMerged || c.master === c) cells[col - 1] = plain(c.value);
      });
      if (cells.some((c) => c !== undefined)) rows.set(n, cells);
    });
    sheets.set(ws.name, rows);
  }
  return sheets;
}

async function ourRows(path: string): Promise<Map<string, Map<number, ReadCell[]>>> {
  const sheets = new Map<string, Map<number, ReadCell[]>>();
  for await (const r of readSheetRows(path)) {
    const rows = sheets.get(r.part) ?? new Map<number, ReadCell[]>();
    sheets.set(r.part, rows);
    const cells = r.cells.map((c) => (c === "" ? undefined : c));
    if (cells.some((c) => c !== undefined)) rows.set(r.row, cells);
  }
  return sheets;
}

const trim = (cells: readonly ReadCell[]): ReadCell[] => {
  const out = [...cells];
  while (out.length && out[out.length - 1] === undefined) out.pop();
  return out;
};

async function assertSameValues(path: string, label: string): Promise<void> {
  const theirs = await excelRows(path);
  const ours = await ourRows(path);
  assert.deepEqual([...theirs.keys()], [...ours.keys()], `${label}: sheets`);
  for (const [sheet, rows] of theirs) {
    const mine = ours.get(sheet) ?? new Map();
    assert.deepEqual([...rows.keys()], [...mine.keys()], `${label}/${sheet}: rows`);
    for (const [n, cells] of rows) assert.deepEqual(trim(cells), trim(mine.get(n) ?? []), `${label}/${sheet} row ${n}`);
  }
}

describe("the sample run's workbooks, opened by exceljs", () => {
  it("hold exactly the values the self-audit reads, in every workbook of a run with --previous and --exclude", async () => {
    const y2026 = join(tempDir(), "2026");
    const y2027 = join(tempDir(), "2027");
    assert.ok([0, 1].includes(payout("run", sample("roster.csv"), "--year", "2026", "--out", y2026).code));
    const ledger2026 = readCsvObjects(join(y2026, "发放台账.csv"));
    const objected = ledger2026.find((a) => a["领款类型"] === "个人")?.["身份证号"] ?? "";
    const exclude = join(tempDir(), "异议.csv");
    writeFileSync(exclude, `身份证号,项目代码,原因\n${objected},,公示期内有异议\n`);
    const r = payout("run", sample("roster.csv"), "--year", "2027", "--out", y2027, "--notice-start", "2027-11-01", "--previous", join(y2026, "发放台账.csv"), "--exclude", exclude);
    assert.equal(r.code, 0, r.stderr);
    const files = workbooksIn(y2027);
    const names = files.map((f) => relative(y2027, f).split("\\").join("/"));
    for (const expected of ["资金分担.xlsx", "机构拨付.xlsx", "变动名单.xlsx", "银行代发/待补录账户.xlsx"]) assert.ok(names.includes(expected), expected);
    assert.ok(names.some((n) => n.startsWith("乡镇发放表/")) && names.some((n) => n.startsWith("公示名单/")));
    for (const [i, f] of files.entries()) await assertSameValues(f, names[i] ?? f);
  });

  it("shows IDs and accounts as text cells with the text format, amounts as numbers with #,##0.00", async () => {
    const out = join(tempDir(), "out");
    assert.equal(payout("run", sample("roster.csv"), "--year", "2027", "--out", out).code, 0);
    const dir = join(out, "乡镇发放表");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, readdirSync(dir)[0] ?? ""));
    const ws = wb.worksheets.find((w) => w.name !== "汇总" && w.getRow(4).getCell(7).type === ExcelJS.ValueType.Number);
    assert.ok(ws, "a programme sheet with money");
    const row = ws.getRow(4);
    assert.equal(typeof row.getCell(5).value, "string");
    assert.match(String(row.getCell(5).value), /^\d{17}[\dX]$/);
    assert.equal(row.getCell(5).numFmt, "@");
    assert.equal(row.getCell(7).numFmt, "#,##0.00");
    assert.equal(ws.getColumn(5).numFmt, "@", "the ID column stays text for what a clerk types later");
    assert.deepEqual(ws.views[0] && [ws.views[0].state, (ws.views[0] as { ySplit?: number }).ySplit], ["frozen", 3]);
  });
});

describe("Excel's row limit", () => {
  it("continues a township's programme sheet on …(续) sheets under the same title rows, and the self-audit adds the parts up", async () => {
    const out = join(tempDir(), "out");
    const limit = 12;
    const r = payoutWithEnv({ PAYOUT_SHEET_ROWS: String(limit) }, "run", sample("roster.csv"), "--year", "2027", "--out", out);
    assert.equal(r.code, 0, r.stderr);
    const ledger = readCsvObjects(join(out, "发放台账.csv"));
    const dir = join(out, "乡镇发放表");
    let continued = 0;
    for (const file of readdirSync(dir)) {
      const path = join(dir, file);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
      for (const ws of wb.worksheets) {
        assert.ok(ws.rowCount <= limit, `${file}/${ws.name} has ${ws.rowCount} rows`);
        if (!/\(续\d*\)$/.test(ws.name)) continue;
        continued++;
        assert.equal(ws.getRow(3).getCell(1).value, "序号", `${file}/${ws.name} repeats the header`);
        assert.match(String(ws.getRow(1).getCell(1).value), /年度/);
        assert.equal(ws.pageSetup.printTitlesRow, "1:3");
      }
      // the detail lines of a programme, over its sheet and continuations, are the township's awards
      const township = file.replace(/\.xlsx$/, "");
      let lines = 0;
      let total = 0;
      for await (const row of readSheetRows(path)) {
        if (row.sheet === "汇总" || typeof row.cells[0] !== "number" || typeof row.cells[6] !== "number") continue;
        lines++;
        total += Math.round(row.cells[6] * 100);
      }
      const paid = ledger.filter((a) => a["乡镇"] === township && a["领款类型"] !== "资格");
      assert.equal(lines, paid.length, township);
      assert.equal(total, paid.reduce((s, a) => s + fen(a["金额"]), 0), township);
      await assertSameValues(path, file);
    }
    assert.ok(continued >= 2, "the sample's big programmes continue on further sheets");
  });
});
