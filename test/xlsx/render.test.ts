import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { describe, it } from "node:test";
import type { Fen } from "../../src/domain/money.js";
import { STYLES } from "../../src/xlsx/styles.js";
import { cell, XlsxBook } from "../../src/xlsx/workbook.js";
import { tempDir } from "../outputs/fixtures.js";

// A workbook printed through LibreOffice, as a clerk's printer would see it: the page count, the
// paged footer, the title rows on every page, landscape A4. Skipped when LibreOffice or poppler's
// pdftotext/pdfinfo are not installed.

const onPath = (command: string): boolean => (process.env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
const tools = ["soffice", "pdftotext", "pdfinfo"].filter((t) => !onPath(t));
const skip = tools.length > 0 ? `needs ${tools.join(", ")} (LibreOffice, poppler-utils) on PATH` : false;
if (skip) console.log(`# render test skipped: ${skip}`);

const ROWS = 120;
const ROW_HEIGHT = 20;
/** A4 landscape height less the top and bottom margins (0.6 + 0.7 inch), in points. */
const PRINTABLE_HEIGHT = 595.28 - (0.6 + 0.7) * 72;
/** Title 32 pt, note 15 pt, header 22 pt, repeated on every page. */
const TITLE_ROWS_HEIGHT = 32 + 15 + 22;

describe("printing through LibreOffice", () => {
  it("prints a long sheet on A4 landscape pages, each with the title rows and the footer 第 k 页 共 N 页", { skip }, async () => {
    const dir = await tempDir();
    const path = join(dir, "打印.xlsx");
    const book = await XlsxBook.create(path, { year: 2027, sensitive: false });
    const columns = [
      { header: "序号", width: 8 },
      { header: "姓名", width: 12 },
      { header: "身份证号", width: 21, text: true },
      { header: "金额", width: 14 },
    ];
    const sheet = await book.addSheet("打印", { title: "示例县2027年度打印测试表", note: "单位:元", columns });
    for (let i = 1; i <= ROWS; i++) await sheet.add([cell.integer(i), cell.text(`姓名${i}`, STYLES.center), cell.id(`34990119600101${String(i).padStart(4, "0")}`), cell.yuan((i * 100) as Fen)], [], ROW_HEIGHT);
    await book.close();

    const profile = join(dir, "lo-profile");
    const convert = spawnSync("soffice", [`-env:UserInstallation=file://${profile}`, "--headless", "--convert-to", "pdf", "--outdir", dir, path], { encoding: "utf8", timeout: 120_000 });
    const pdf = join(dir, "打印.pdf");
    assert.ok(existsSync(pdf), `soffice wrote no PDF: ${convert.stdout}${convert.stderr}`);

    const info = spawnSync("pdfinfo", [pdf], { encoding: "utf8" }).stdout;
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    const [width, height] = (/^Page size:\s+([\d.]+) x ([\d.]+)/m.exec(info) ?? []).slice(1).map(Number);
    assert.ok(width !== undefined && height !== undefined && width > height, `landscape: ${info}`);
    assert.ok(Math.abs((width ?? 0) - 841.89) < 1, "A4");
    const perPage = Math.floor((PRINTABLE_HEIGHT - TITLE_ROWS_HEIGHT) / ROW_HEIGHT);
    assert.equal(pages, Math.ceil(ROWS / perPage), `${ROWS} rows of ${ROW_HEIGHT} pt, ${perPage} a page`);

    spawnSync("pdftotext", ["-layout", pdf, join(dir, "打印.txt")]);
    const texts = readFileSync(join(dir, "打印.txt"), "utf8").split("\f").filter((t) => t.trim() !== "");
    assert.equal(texts.length, pages);
    texts.forEach((text, k) => {
      assert.match(text, new RegExp(`第\\s*${k + 1}\\s*页\\s*共\\s*${pages}\\s*页`), `page ${k + 1} footer`);
      assert.match(text, /示例县2027年度打印测试表/, `page ${k + 1} repeats the title`);
      assert.match(text, /序号\s+姓名\s+身份证号\s+金额/, `page ${k + 1} repeats the header`);
    });
    assert.match(texts.at(-1) ?? "", /34990119600101\d{4}/, "IDs print as digits, not 3.4E+17");
    assert.match(texts.at(-1) ?? "", new RegExp(`\\b${ROWS}\\.00\\b`), "the last row's amount prints with two decimals");
  });
});
