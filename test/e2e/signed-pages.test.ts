import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { generateRosterFile } from "../../scripts/gen-roster.js";
import { openZip } from "../../src/xlsx/zip-entries.js";
import { printableArea } from "../../src/xlsx/workbook.js";
import { payout, payoutWithEnv, ROOT, tempDir } from "./cli.js";

// Every signed sheet prints its signature line on the page of its 合计 row: the page breaks written in
// the sheet, with the row heights and the print scale written there, say so (issue 10).

interface PrintedSheet {
  readonly name: string;
  readonly scale: number | undefined;
  /** Excel's paperSize code: 9 A4, 8 A3. */
  readonly paper: number;
  readonly breaks: number[];
  readonly heights: Map<number, number>;
  readonly lastRow: number;
  readonly titleRows: number;
  /** First-column text of each row that has one. */
  readonly labels: Map<number, string>;
}

async function text(zip: Awaited<ReturnType<typeof openZip>>, name: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await zip.stream(name)) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

async function printedSheets(path: string): Promise<PrintedSheet[]> {
  const zip = await openZip(path);
  const book = await text(zip, "xl/workbook.xml");
  const names = [...book.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1] ?? "");
  const sheets: PrintedSheet[] = [];
  for (const [i, name] of names.entries()) {
    const xml = await text(zip, `xl/worksheets/sheet${i + 1}.xml`);
    const heights = new Map<number, number>();
    const labels = new Map<number, string>();
    let lastRow = 0;
    for (const m of xml.matchAll(/<row r="(\d+)"(?: ht="([\d.]+)")?[^>]*>(.*?)<\/row>/g)) {
      const r = Number(m[1]);
      lastRow = r;
      if (m[2]) heights.set(r, Number(m[2]));
      const first = /<c r="A\d+"[^>]*t="inlineStr"><is><t[^>]*>([^<]*)<\/t>/.exec(m[3] ?? "");
      if (first) labels.set(r, first[1] ?? "");
    }
    const titles = new RegExp(`localSheetId="${i}">[^<]*!\\$\\d+:\\$(\\d+)<`).exec(book);
    sheets.push({
      name,
      scale: /scale="(\d+)"/.exec(xml) ? Number(/scale="(\d+)"/.exec(xml)?.[1]) : undefined,
      paper: Number(/paperSize="(\d+)"/.exec(xml)?.[1] ?? 9),
      breaks: [...xml.matchAll(/<brk id="(\d+)"/g)].map((m) => Number(m[1])),
      heights,
      lastRow,
      titleRows: Number(titles?.[1] ?? 0),
      labels,
    });
  }
  return sheets;
}

const pageOf = (row: number, breaks: readonly number[]): number => breaks.filter((b) => b < row).length;

/** Checks one signed sheet; returns how many pages it prints on. */
function checkSigned(file: string, s: PrintedSheet): number {
  const where = `${file} ${s.name}`;
  const signature = [...s.labels].filter(([, t]) => t.startsWith("制表人")).map(([r]) => r).pop();
  assert.ok(signature, `${where}: a signature line`);
  // the 合计 row; a sheet without one (变动名单 汇总: units differ) ends its table above a note and a blank row
  const total = [...s.labels].filter(([r, t]) => t === "合计" && r < signature).map(([r]) => r).pop() ?? signature - 3;
  assert.ok(total > s.titleRows, `${where}: a table row above the signature`);
  assert.ok(s.scale, `${where}: printed at a fixed scale, so the breaks hold`);
  assert.equal(pageOf(total, s.breaks), pageOf(signature, s.breaks), `${where}: 合计 (row ${total}) and signature (row ${signature}) on one page; breaks ${s.breaks.join(",")}`);
  return checkPages(file, s);
}

/** Every page, with its repeated title rows, fits the printable height at the sheet's scale; returns the page count. */
function checkPages(file: string, s: PrintedSheet): number {
  const where = `${file} ${s.name}`;
  assert.ok(s.scale, `${where}: printed at a fixed scale`);
  assert.ok(s.breaks.every((b) => b > s.titleRows && b < s.lastRow), `${where}: breaks ${s.breaks.join(",")} within rows ${s.titleRows + 1}–${s.lastRow}`);
  const height = (r: number): number => s.heights.get(r) ?? 15;
  const page = (printableArea(s.paper === 8 ? "A3" : "A4", "landscape").height * 100) / (s.scale ?? 100);
  const starts = [s.titleRows + 1, ...s.breaks.map((b) => b + 1)];
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? (starts[i + 1] as number) - 1 : s.lastRow;
    let h = 0;
    for (let r = 1; r <= s.titleRows; r++) h += height(r);
    for (let r = start; r <= end; r++) h += height(r);
    assert.ok(h <= page, `${where}: page ${i + 1} is ${Math.round(h)} pt of ${Math.round(page)}`);
  });
  return starts.length;
}

function xlsxFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? xlsxFiles(dir, join(prefix, e.name)) : e.name.endsWith(".xlsx") ? [join(prefix, e.name)] : [],
  );
}

describe("signed sheets keep the signature line on the page of the 合计 (managed page breaks)", async () => {
  const dir = tempDir();
  const roster = join(dir, "county.csv");
  await generateRosterFile({ rows: 6000, seed: 21, year: 2027, badRate: 0, mode: "county" }, roster, false);
  const out = join(dir, "out");
  const r = payout("run", roster, "--year", "2027", "--out", out, "--policy", join(ROOT, "samples", "policy.yaml"));

  it("runs", () => {
    assert.ok([0, 1].includes(r.code), r.stderr);
  });

  it("发放表 (汇总 and every programme sheet), 资金分担, 机构拨付 and 待补录: 合计 and signature on one printed page, every page fits", async () => {
    let signed = 0;
    let multiPage = 0;
    const files = xlsxFiles(out).filter((f) => !f.startsWith("公示名单") && !f.startsWith("发放台账"));
    for (const f of files) {
      for (const s of await printedSheets(join(out, f))) {
        if (![...s.labels.values()].some((t) => t.startsWith("制表人"))) continue;
        signed++;
        if (checkSigned(f, s) > 1) multiPage++;
      }
    }
    assert.ok(files.some((f) => f.startsWith("乡镇发放表")) && files.includes("资金分担.xlsx"), files.join(" "));
    assert.ok(signed >= 10, `${signed} signed sheets`);
    assert.ok(multiPage >= 3, `${multiPage} signed sheets print on more than one page`);
  });
});

describe("a table continued on …(续) sheets (PAYOUT_SHEET_ROWS=150): every part paginated on its own", async () => {
  const dir = tempDir();
  const roster = join(dir, "county.csv");
  await generateRosterFile({ rows: 3000, seed: 5, year: 2027, badRate: 0, mode: "county" }, roster, false);
  const out = join(dir, "out");
  const r = payoutWithEnv({ PAYOUT_SHEET_ROWS: "150" }, "run", roster, "--year", "2027", "--out", out, "--policy", join(ROOT, "samples", "policy.yaml"));

  it("holds", async () => {
    assert.ok([0, 1].includes(r.code), r.stderr);
    let continued = 0;
    for (const f of xlsxFiles(join(out, "乡镇发放表"))) {
      for (const s of await printedSheets(join(out, "乡镇发放表", f))) {
        if (/\(续\d*\)$/.test(s.name)) continued++;
        if ([...s.labels.values()].some((t) => t.startsWith("制表人"))) checkSigned(f, s);
        else checkPages(f, s);
      }
    }
    assert.ok(continued >= 2, `${continued} continuation sheets`);
  });
});

describe("变动名单 汇总 (a run against the year before): its last row and the signature on one page", async () => {
  const sample = join(ROOT, "samples");
  const dir = tempDir();
  const policy = ["--policy", join(sample, "policy.yaml")];
  payout("run", join(sample, "roster.csv"), "--year", "2026", "--out", join(dir, "2026"), ...policy);
  const r = payout("run", join(sample, "roster.csv"), "--year", "2027", "--out", join(dir, "2027"), ...policy, "--previous", join(dir, "2026", "发放台账.csv"));

  it("holds", async () => {
    assert.equal(r.code, 0, r.stderr);
    const summary = (await printedSheets(join(dir, "2027", "变动名单.xlsx"))).find((s) => s.name === "汇总");
    assert.ok(summary);
    checkSigned("变动名单.xlsx", summary);
  });
});
