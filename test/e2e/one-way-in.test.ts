import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { payout, readCsvObjects, tempDir } from "./cli.js";
import { compoundFile, csvText, encode, fixtureRows, workbook, zipOf } from "../helpers/tables.js";

// DESIGN §11.1: every table a clerk hands us goes through one guarded reader. Each case runs the
// built CLI on a tiny table made here and checks the exit code, the message, and what was written.

const ROWS = fixtureRows("sixty-with-two-sons.csv");
const copy = (): string[][] => ROWS.map((r) => [...r]);

/** Runs `payout run` on a file written from bytes; returns the result and the output dir. */
function runOn(name: string, bytes: Buffer | string, ...extra: string[]): { code: number; stderr: string; stdout: string; out: string } {
  const dir = tempDir();
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const out = join(dir, "out");
  return { ...payout("run", path, "--year", "2027", "--out", out, ...extra), out };
}

function refused(r: { code: number; stderr: string; out: string }, message: RegExp): void {
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, message);
  assert.equal(existsSync(r.out), false, "nothing is written when a table is refused");
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
}

describe("format by content, not by name", () => {
  it("a roster in .xlsx, legacy .xls and CSV gives the same ledger", () => {
    const csv = runOn("roster.csv", encode(csvText(ROWS), "utf8-bom"));
    const xlsx = runOn("roster.xlsx", workbook(ROWS, "xlsx"));
    const xls = runOn("roster.xls", workbook(ROWS, "biff8"));
    for (const r of [csv, xlsx, xls]) assert.equal(r.code, 0, r.stderr);
    const ledger = readFileSync(join(csv.out, "发放台账.csv"));
    assert.deepEqual(readFileSync(join(xlsx.out, "发放台账.csv")), ledger);
    assert.deepEqual(readFileSync(join(xls.out, "发放台账.csv")), ledger);
  });

  it("an .xls saved under a .csv name is still read as .xls", () => {
    const r = runOn("名单.csv", workbook(ROWS, "biff8"));
    assert.equal(r.code, 0, r.stderr);
  });

  it("an .ods, a WPS .et, a Word file and a 0-byte file are refused, saying what to save as", () => {
    refused(runOn("roster.ods", zipOf({ mimetype: "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office:document-content/>" })), /OpenDocument 表格.*另存为 \.xlsx 或 CSV/);
    refused(runOn("roster.et", compoundFile(["ETWorkbook"])), /WPS 表格格式\(\.et\).*另存为.*\.xlsx/);
    refused(runOn("roster.docx", zipOf({ "[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>" })), /Word 文档/);
    refused(runOn("roster.xlsx", Buffer.alloc(0)), /是空文件/);
  });

  it("a device is refused at once, not read until memory runs out", () => {
    const out = join(tempDir(), "out");
    const r = { ...payout("run", "/dev/zero", "--year", "2027", "--out", out), out };
    refused(r, /不是普通文件/);
  });
});

describe("records are exactly as wide as the header", () => {
  it("a CRLF header over LF rows, and CR-only or mixed endings, never merge rows", () => {
    const mixed = runOn("mixed.csv", encode(csvText(ROWS, (i) => (i === 0 ? "\r\n" : i % 3 === 0 ? "\r" : "\n")), "utf8"));
    assert.equal(mixed.code, 0, mixed.stderr);
    assert.match(mixed.stdout, /读入 7 行/);
    const crlf = runOn("crlf.csv", encode(csvText(ROWS), "utf8"));
    assert.deepEqual(readFileSync(join(mixed.out, "发放台账.csv")), readFileSync(join(crlf.out, "发放台账.csv")));
  });

  it("a row with a cell too many or too few is an error naming the row", () => {
    const rows = copy();
    rows[3]?.push("多余");
    rows[5]?.pop();
    const r = runOn("ragged.csv", encode(csvText(rows), "utf8-bom"));
    refused(r, /第 4 行有 13 列,表头有 12 列/);
    assert.match(r.stderr, /第 6 行有 11 列/);
  });

  it("an xlsx row with content right of the header is an error naming the row", () => {
    const rows: Array<Array<string | number>> = copy();
    rows[2]?.push("", "备注");
    refused(runOn("wide.xlsx", workbook(rows, "xlsx")), /第 3 行在表头以外的列\(M 列起\)还有内容/);
  });
});

describe("headers", () => {
  it("two columns meaning the same (乡镇 and 街道) are an error naming both", () => {
    const rows = copy().map((r, i) => [...r, i === 0 ? "街道" : "城关"]);
    refused(runOn("two.csv", encode(csvText(rows), "utf8-bom")), /两列都表示“乡镇”:A 列“乡镇” 和 M 列“街道”/);
  });

  it("a second 身份证号 column is an error naming both", () => {
    const rows = copy().map((r, i) => [...r, i === 0 ? "身份证号码" : "349901196701010113"]);
    refused(runOn("two-ids.csv", encode(csvText(rows), "utf8-bom")), /两列都表示“身份证号”:E 列“身份证号” 和 M 列“身份证号码”/);
  });
});

describe("formulas, control characters, cell length", () => {
  it("a formula without a saved result and a #REF! cell are errors naming row and column", () => {
    const rows: Array<Array<string | number | object>> = copy();
    (rows[2] as object[])[0] = { t: "s", f: "B3&\"镇\"" };
    (rows[4] as object[])[3] = { t: "e", v: 0x17 };
    const r = runOn("formulas.xlsx", workbook(rows as never, "xlsx"));
    refused(r, /第 3 行“乡镇”列\(A 列\)是公式,但文件中没有保存计算结果:请在 Excel 中将公式转为数值后另存/);
    assert.match(r.stderr, /第 5 行“姓名”列\(D 列\)是错误值 #REF!/);
    assert.doesNotMatch(r.stderr, /object Object/);
  });

  it("NUL and ESC in a cell are errors naming row and column, and never reach the terminal", () => {
    const rows = copy();
    (rows[1] as string[])[3] = "赵\u001b]0;pwned\u0007二男";
    (rows[2] as string[])[2] = "S0\u00001";
    const r = runOn("control.csv", encode(csvText(rows), "utf8-bom"));
    refused(r, /第 2 行“姓名”列\(D 列\)含有控制字符/);
    assert.match(r.stderr, /第 3 行“户编号”列\(C 列\)含有控制字符/);
    assert.doesNotMatch(r.stderr + r.stdout, /[\u0000\u001b\u0007]/);
  });

  it("a name over 100 characters, and any cell over 1,000, stop the run with exit 2", () => {
    const rows = copy();
    (rows[1] as string[])[3] = "张".repeat(101);
    (rows[3] as string[])[11] = "1".repeat(1001);
    const r = runOn("long.csv", encode(csvText(rows), "utf8-bom"));
    refused(r, /第 2 行“姓名”列\(D 列\)超过 100 个字符/);
    assert.match(r.stderr, /第 4 行“银行账号”列\(L 列\)超过 1000 个字符/);
  });

  it("a 10 MB cell is refused before it is parsed", () => {
    const rows = copy();
    (rows[2] as string[])[3] = "x".repeat(10 * 1024 * 1024);
    refused(runOn("huge-cell.csv", encode(csvText(rows), "utf8")), /第 3 行过长/);
    const sheet = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${"长".repeat(3_000_000)}</t></is></c></row></sheetData></worksheet>`;
    refused(runOn("huge-cell.xlsx", xlsxParts({ "xl/worksheets/sheet1.xml": sheet })), /超过 1000 个字符的单元格/);
  });

  it("an xlsx with millions of shared strings is refused before exceljs reads it", () => {
    const strings = `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${"<si><t>a</t></si>".repeat(4_100_000)}</sst>`;
    refused(runOn("bomb.xlsx", xlsxParts({ "xl/sharedStrings.xml": strings })), /共享字符串超过 4000000 个/);
  });
});

describe("hidden rows and Excel damage", () => {
  it("hidden xlsx rows are read and warned with their row numbers", () => {
    const r = runOn("hidden.xlsx", workbook(ROWS, "xlsx", [3, 5]));
    assert.equal(r.code, 0, r.stderr);
    const hidden = readCsvObjects(join(r.out, "数据问题.csv")).filter((p) => /隐藏行/.test(p["问题"] ?? ""));
    assert.deepEqual(hidden.map((p) => p["行号"]), ["3", "5"]);
    assert.ok(hidden.every((p) => p["级别"] === "警告"));
  });
});

describe("every table, not only the roster", () => {
  it("an objections list with an ID Excel turned into a number is refused with the roster's instruction", () => {
    const dir = tempDir();
    const objections = join(dir, "异议.csv");
    writeFileSync(objections, encode(csvText([["身份证号", "项目代码", "原因"], ["3.49901E+17", "", "外出"]]), "gbk"));
    const r = runOn("roster.csv", encode(csvText(ROWS), "utf8-bom"), "--exclude", objections);
    refused(r, /异议名单 .*第 2 行“身份证号”列\(A 列\).*科学计数法.*设为“文本”格式/s);
  });

  it("an objections list as xlsx with a hidden row is read, and the hidden row warned", () => {
    const dir = tempDir();
    const objections = join(dir, "异议.xlsx");
    writeFileSync(objections, workbook([["身份证号", "项目代码", "原因"], ["349901196701010113", "", "外出"]], "xlsx", [2]));
    const r = runOn("roster.csv", encode(csvText(ROWS), "utf8-bom"), "--exclude", objections);
    assert.ok(r.code === 0 || r.code === 1, r.stderr);
    assert.ok(readCsvObjects(join(r.out, "数据问题.csv")).some((p) => /异议名单 .*第 2 行在 Excel 中是隐藏行/.test(p["问题"] ?? "")));
  });
});

/** A minimal xlsx whose parts may be replaced. */
function xlsxParts(parts: Record<string, string>): Buffer {
  return zipOf({
    "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    "xl/workbook.xml": '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>',
    ...parts,
  });
}

