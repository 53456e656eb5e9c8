import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { payout, tempDir } from "./cli.js";
import { csvText, encode, fixtureRows, zipOf } from "../helpers/tables.js";
import { readTable } from "../../src/input/read-table.js";

// exceljs's streaming reader got each zip entry in 64 KiB chunks and decoded every chunk alone:
// a Chinese character whose UTF-8 bytes straddled two chunks read as "��" ("前进村" → "��进村"),
// silently. Here the workbook's XML is padded (with XML comments) so that characters straddle the
// 64 KiB and 128 KiB boundaries — in the sheet's inline strings, in sharedStrings.xml and in the
// sheet name in workbook.xml — split after their first byte and after their second.

const ROWS = fixtureRows("sixty-with-two-sons.csv");
const SHEET = "前进村花名册";
const SHARED_COLUMNS = new Set([0, 3]); // 乡镇 and 姓名 as shared strings, the rest inline
const FIRST_BYTE_ALONE = 64 * 1024 - 1; // a 3-byte character starting here splits 1 | 2
const LAST_BYTE_ALONE = 128 * 1024 - 2; // … and here 2 | 1

const xmlText = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** `xml`, XML comments, then `lead`: the comments' length puts the text after `lead` at byte `at`
 * (short ones: the guard refuses a long run without "<" as a monster cell). */
function padded(xml: string, lead: string, at: number | undefined): string {
  if (at === undefined) return xml + lead;
  let left = at - Buffer.byteLength(xml + lead);
  assert.ok(left >= "<!---->".length, "the padding must fit before the boundary");
  let comments = "";
  for (let size = 0; left > 0; left -= size) {
    size = left > 300 ? 200 : left;
    comments += `<!--${" ".repeat(size - 7)}-->`;
  }
  return xml + comments + lead;
}

/** An xlsx of `rows` whose chosen texts straddle chunk boundaries: cells by [row, column], shared strings by text. */
function straddlingWorkbook(rows: readonly (readonly string[])[], cells: ReadonlyMap<string, number>, shared: ReadonlyMap<string, number>, sheetNameAt: number | undefined): Buffer {
  const strings = [...new Set(rows.flatMap((r) => r.filter((_, c) => SHARED_COLUMNS.has(c))))];
  let sst = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">`;
  for (const s of strings) sst = padded(sst, "<si><t>", shared.get(s)) + `${xmlText(s)}</t></si>`;
  sst += "</sst>";
  let sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`;
  rows.forEach((r, ri) => {
    sheet += `<row r="${ri + 1}">`;
    r.forEach((v, ci) => {
      const ref = `${String.fromCharCode(65 + ci)}${ri + 1}`;
      if (v === "") return;
      if (SHARED_COLUMNS.has(ci)) sheet += `<c r="${ref}" t="s"><v>${strings.indexOf(v)}</v></c>`;
      else sheet = padded(sheet, `<c r="${ref}" t="inlineStr"><is><t>`, cells.get(`${ri},${ci}`)) + `${xmlText(v)}</t></is></c>`;
    });
    sheet += "</row>";
  });
  sheet += "</sheetData></worksheet>";
  const book = padded(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`, '<sheets><sheet name="', sheetNameAt)
    + `${xmlText(SHEET)}" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  const rel = (id: string, type: string, target: string): string => `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  const rels = (...r: string[]): string => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${r.join("")}</Relationships>`;
  const main = "application/vnd.openxmlformats-officedocument.spreadsheetml";
  return zipOf({
    "[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${main}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="${main}.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="${main}.sharedStrings+xml"/></Types>`,
    "_rels/.rels": rels(rel("rId1", "officeDocument", "xl/workbook.xml")),
    "xl/workbook.xml": book,
    "xl/_rels/workbook.xml.rels": rels(rel("rId1", "worksheet", "worksheets/sheet1.xml"), rel("rId2", "sharedStrings", "sharedStrings.xml")),
    "xl/sharedStrings.xml": sst,
    "xl/worksheets/sheet1.xml": sheet,
  });
}

/** The roster fixture: villages (inline) and names (shared) of several people straddle the boundaries, the sheet name too if asked. */
function writeRoster(dir: string, sheetNameSplit: boolean): string {
  const [header, first, second, , , fifth] = ROWS;
  assert.deepEqual([header?.[1], first?.[1], fifth?.[1], second?.[3], fifth?.[3]], ["村", "前进村", "前进村", "钱二女", "孙一男"]);
  const cells = new Map([["1,1", FIRST_BYTE_ALONE], ["5,1", LAST_BYTE_ALONE]]);
  const shared = new Map([["钱二女", FIRST_BYTE_ALONE], ["孙一男", LAST_BYTE_ALONE]]);
  const path = join(dir, sheetNameSplit ? "花名册.xlsx" : "花名册-首表.xlsx");
  writeFileSync(path, straddlingWorkbook(ROWS, cells, shared, sheetNameSplit ? FIRST_BYTE_ALONE : undefined));
  return path;
}

describe("Chinese text split between two 64 KiB chunks of an xlsx's XML", () => {
  it("really straddles the boundaries in the sheet, sharedStrings.xml and workbook.xml", async () => {
    const XLSX = await import("@e965/xlsx");
    const zip = XLSX.CFB.read(readFileSync(writeRoster(tempDir(), true)), { type: "buffer" });
    const part = (name: string): Buffer => Buffer.from(XLSX.CFB.find(zip, `/${name}`)?.content as Uint8Array);
    const at = (name: string, offset: number, text: string): void => assert.equal(part(name).subarray(offset, offset + Buffer.byteLength(text)).toString("utf8"), text, `${name} @ ${offset}`);
    at("xl/workbook.xml", FIRST_BYTE_ALONE, SHEET);
    at("xl/worksheets/sheet1.xml", FIRST_BYTE_ALONE, "前进村");
    at("xl/worksheets/sheet1.xml", LAST_BYTE_ALONE, "前进村");
    at("xl/sharedStrings.xml", FIRST_BYTE_ALONE, "钱二女");
    at("xl/sharedStrings.xml", LAST_BYTE_ALONE, "孙一男");
  });

  it("the guarded reader gives back the sheet name, villages and names intact", async () => {
    const dir = tempDir();
    const columns = ROWS[0]?.map((header, i) => ({ key: `c${i}`, header })) ?? [];
    const first = await readTable(writeRoster(dir, false), { what: "花名册", columns });
    assert.deepEqual(first.records.map((r) => columns.map((c) => r.text[c.key])), ROWS.slice(1));
    const byName = await readTable(writeRoster(dir, true), { what: "花名册", sheet: SHEET, columns });
    assert.deepEqual(byName.records.map((r) => columns.map((c) => r.text[c.key])), ROWS.slice(1));
  });

  it("payout run writes the same ledger as from the CSV, and payout check finds nothing wrong", () => {
    const dir = tempDir();
    const csv = join(dir, "花名册.csv");
    writeFileSync(csv, encode(csvText(ROWS), "utf8-bom"));
    const fromCsv = payout("run", csv, "--year", "2027", "--out", join(dir, "from-csv"));
    const fromXlsx = payout("run", writeRoster(dir, false), "--year", "2027", "--out", join(dir, "from-xlsx"));
    assert.equal(fromCsv.code, 0, fromCsv.stderr);
    assert.equal(fromXlsx.code, 0, fromXlsx.stderr);
    assert.deepEqual(readFileSync(join(dir, "from-xlsx", "发放台账.csv"), "utf8"), readFileSync(join(dir, "from-csv", "发放台账.csv"), "utf8"));
    const check = payout("check", writeRoster(dir, true), "--sheet", SHEET);
    assert.doesNotMatch(check.stdout + check.stderr, /\ufffd|不同的乡镇\/村/);
    assert.match(check.stdout, /花名册:读入 7 行.*错误 0 条,警告 0 条/);
  });
});
