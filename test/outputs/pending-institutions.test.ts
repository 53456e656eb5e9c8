import assert from "node:assert/strict";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import { institutionPayments, readInstitutionTotals, writeInstitutions } from "../../src/outputs/institutions.js";
import { readFundingTotals, writeFunding } from "../../src/outputs/funding.js";
import { writeNotices } from "../../src/outputs/notices.js";
import { pendingLines, readPendingTotal, writePending } from "../../src/outputs/pending.js";
import { writeTownshipSheets } from "../../src/outputs/township-sheets.js";
import { fen, readBook, rowStartingWith, sampleResult, sheetValues, tempDir } from "./fixtures.js";

const posix = process.platform !== "win32";

describe("待补录账户", async () => {
  const result = sampleResult();
  const dir = await tempDir();
  const written = await writePending(result, dir);
  const path = join(dir, "银行代发", "待补录账户.xlsx");

  it("lists every award waiting for an account on sheet 待补录, with 合计 and four blank columns for the clerk (DESIGN §11.3)", async () => {
    assert.deepEqual(written, [{ path: "银行代发/待补录账户.xlsx", total: 948000, count: 3, sensitive: true }]);
    const sheet = (await readBook(path)).getWorksheet("待补录");
    assert.ok(sheet);
    const rows = sheetValues(sheet);
    assert.deepEqual(rows[2], ["序号", "乡镇", "村", "户编号", "姓名", "身份证号", "项目名称", "金额", "原因", "联系电话", "领款人姓名", "领款人身份证号", "开户银行", "银行账号"]);
    assert.equal(rows[3]?.[0], 1);
    assert.ok((rows[3] ?? []).slice(10).every((v) => v === "" || v === null || v === undefined), "the clerk's four columns are blank");
    assert.equal(fen(rowStartingWith(sheet, "合计")?.[7]), 948000);
    for (const col of [6, 10, 12, 14]) assert.equal(sheet.getRow(4).getCell(col).numFmt, "@", `column ${col} is text`);
  });

  it("says why each award waits: no account, an invalid account, or a payee who died", () => {
    assert.deepEqual(
      pendingLines(result).map((l) => [l.award.name, l.reason]),
      [
        ["李秀英", "无开户银行或账号"],
        ["=HYPERLINK(\"x\")", "账号无效"],
        ["周福", "领款人已去世,请确定继承人及账户"],
      ],
    );
  });

  it("reads back 合计 and the sum of the lines for the self-audit", async () => {
    assert.deepEqual(await readPendingTotal(path), { total: 948000, detail: 948000, count: 3 });
  });

  it("is written owner-readable only", { skip: !posix }, async () => {
    assert.equal((await stat(path)).mode & 0o777, 0o600);
  });

  it("is still written, with 合计 0, when nothing waits", async () => {
    const none = await tempDir();
    const empty = sampleResult();
    const [file] = await writePending({ ...empty, awards: empty.awards.filter((a) => a.payeeKind !== "待补录") }, none);
    assert.equal(file?.total, 0);
    assert.deepEqual(await readPendingTotal(join(none, "银行代发", "待补录账户.xlsx")), { total: 0, detail: 0, count: 0 });
  });
});

describe("机构拨付", async () => {
  const result = sampleResult();
  const dir = await tempDir();
  const written = await writeInstitutions(result, dir);
  const path = join(dir, "机构拨付.xlsx");

  it("totals the payments to institutions", () => {
    assert.deepEqual(written, [{ path: "机构拨付.xlsx", total: 350200, count: 4, sensitive: true }]);
  });

  it("summarises per institution and programme, in the policy's order", async () => {
    const sheet = (await readBook(path)).getWorksheet("汇总");
    assert.ok(sheet);
    const rows = sheetValues(sheet).slice(2);
    assert.deepEqual(
      rows.filter((r) => typeof r?.[4] === "number" || r?.[0] === "收款机构").map((r) => [r?.[0], r?.[1], r?.[2], r?.[3], fen(r?.[4])]),
      [
        ["收款机构", "项目", "人数", "笔数", NaN],
        ["县社会保险经办机构", "新农保缴费补贴", 1, 1, 7000],
        ["县社会保险经办机构", "小计", 1, 1, 7000],
        ["县医疗保障基金", "城乡居民医保参保资助", 1, 1, 40000],
        ["县医疗保障基金", "小计", 1, 1, 40000],
        ["入住养老机构", "养老机构入住补贴", 1, 1, 300000],
        ["入住养老机构", "小计", 1, 1, 300000],
        ["承保保险公司", "农村独生子女平安保险", 1, 1, 3200],
        ["承保保险公司", "小计", 1, 1, 3200],
        ["合计", undefined, 4, 4, 350200],
      ],
    );
    assert.equal(rowStartingWith(sheet, "合计(大写)")?.[1], "人民币叁仟伍佰零贰元整");
    assert.ok(rows.some((r) => String(r?.[0] ?? "").startsWith("制表人:")), "signature line");
  });

  it("lists every award in 明细, with the institution", async () => {
    const sheet = (await readBook(path)).getWorksheet("明细");
    assert.ok(sheet);
    const rows = sheetValues(sheet);
    assert.deepEqual(rows[2], ["乡镇", "村", "户编号", "姓名", "身份证号", "项目", "金额", "机构"]);
    assert.deepEqual(rows[3]?.slice(0, 4), ["东山镇", "前进村", "H002", "王建国"]);
    assert.equal(rows[3]?.[7], "县社会保险经办机构");
    assert.equal(fen(rowStartingWith(sheet, "合计")?.[6]), 350200);
  });

  it("reads back both 合计 rows for the self-audit", async () => {
    assert.deepEqual(await readInstitutionTotals(path), { total: 350200, detailTotal: 350200, detailSum: 350200, detailCount: 4 });
    assert.equal(institutionPayments(result).length, 4);
  });

  it("gives identical bytes for identical input", async () => {
    const again = await tempDir();
    await writeInstitutions(result, again);
    await writePending(result, again);
    assert.ok((await readFile(path)).equals(await readFile(join(again, "机构拨付.xlsx"))));
  });
});

describe("the ledger splits into bank, institution and pending money", () => {
  it("Σ 机构拨付 + Σ 待补录 + Σ 个人 = Σ ledger", () => {
    const result = sampleResult();
    const personal = result.awards.filter((a) => a.payeeKind === "个人").reduce((s, a) => s + a.amount, 0);
    const institution = institutionPayments(result).reduce((s, p) => s + p.total, 0);
    const pending = pendingLines(result).reduce((s, l) => s + l.award.amount, 0);
    assert.equal(personal + institution + pending, result.awards.reduce((s, a) => s + a.amount, 0));
  });
});

describe("a run without awards", () => {
  it("writes no township or notice workbooks, and the control files with 合计 0", async () => {
    const dir = await tempDir();
    const empty = sampleResult({ awards: [] });
    assert.deepEqual(await writeTownshipSheets(empty, dir), []);
    assert.deepEqual(await writeNotices(empty, dir), []);
    const files = [...(await writeFunding(empty, dir)), ...(await writePending(empty, dir)), ...(await writeInstitutions(empty, dir))];
    assert.deepEqual(files.map((f) => [f.path, f.total, f.count]), [
      ["资金分担.xlsx", 0, 0],
      ["银行代发/待补录账户.xlsx", 0, 0],
      ["机构拨付.xlsx", 0, 0],
    ]);
    assert.equal((await readFundingTotals(join(dir, "资金分担.xlsx"))).total, 0);
    assert.equal((await readInstitutionTotals(join(dir, "机构拨付.xlsx"))).total, 0);
  });
});
