import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import type { Fen } from "../../src/domain/money.js";
import { funding, readFundingTotals, writeFunding } from "../../src/outputs/funding.js";
import { fen, readBook, rowStartingWith, sampleResult, sheetValues, tempDir } from "./fixtures.js";

const LEDGER_TOTAL = 2382200;

describe("资金分担", async () => {
  const result = sampleResult();
  const dir = await tempDir();
  const written = await writeFunding(result, dir);
  const path = join(dir, "资金分担.xlsx");

  it("carries the ledger's total", () => {
    // 15 ledger rows, one of them the priority qualification: 14 awards that carry money
    assert.deepEqual(written, [{ path: "资金分担.xlsx", total: LEDGER_TOTAL, count: 14, sensitive: false }]);
  });

  it("has one row per programme that carries money, by name in the policy's order, then 合计; qualifications apart", async () => {
    const sheet = (await readBook(path)).getWorksheet("汇总");
    assert.ok(sheet);
    const rows = sheetValues(sheet);
    assert.deepEqual(rows[2], ["项目名称", "人数", "户数", "笔数", "金额", "中央金额", "中央占比", "省金额", "省占比", "市金额", "市占比", "县金额", "县占比"]);
    const policy = result.policy;
    const name = (code: string): string => policy.programs.find((p) => p.code === code)?.name ?? code;
    const names = rows.slice(3, 15).map((r) => r?.[0]);
    assert.deepEqual(names, [...["honor_cert", "oc_care", "contra_bonus", "jiangfu", "special_loss", "special_disabled", "pension_subsidy", "ncms_premium", "care_home", "hs_grant", "child_insurance"].map(name), "合计"]);
    const jiangfu = rows.find((r) => r?.[0] === name("jiangfu"));
    assert.deepEqual([...(jiangfu ?? []).slice(1)], [4, undefined, 4, 4800, 2880, 0.6, 960, 0.2, 480, 0.1, 480, 0.1]);
    const honor = rows.find((r) => r?.[0] === name("honor_cert"));
    assert.deepEqual([...(honor ?? []).slice(1, 4)], [undefined, 1, 1], "a household programme counts households, not persons");
    assert.ok(!rows.some((r) => r?.[0] === name("priority")), "the qualification is not a row of money");
    assert.ok(rows.some((r) => String(r?.[0] ?? "").includes(`${name("priority")} 1 户`)), "the qualification is listed apart, in households");
    assert.ok(rows.some((r) => String(r?.[0] ?? "").startsWith("制表人")), "signature line");
    assert.equal(sheet.getRow(4).getCell(7).numFmt, "0.00%");
    assert.equal(sheet.getRow(4).getCell(5).numFmt, "#,##0.00");
  });

  it("makes the level columns add up to 金额 on every row of both sheets", async () => {
    const book = await readBook(path);
    for (const name of ["汇总", "按乡镇"]) {
      const sheet = book.getWorksheet(name);
      assert.ok(sheet);
      const at = name === "汇总" ? 4 : 5;
      for (const r of sheetValues(sheet).slice(3).filter((x) => typeof x?.[at] === "number")) {
        const levels = [at + 1, at + 3, at + 5, at + 7].map((i) => fen(r?.[i]));
        assert.equal(levels.reduce((a, b) => a + b, 0), fen(r?.[at]), `${name} ${String(r?.[0])}`);
      }
      const total = rowStartingWith(sheet, "合计");
      assert.equal(fen(total?.[at]), LEDGER_TOTAL);
    }
  });

  it("subtotals each township on the 按乡镇 sheet", async () => {
    const sheet = (await readBook(path)).getWorksheet("按乡镇");
    assert.ok(sheet);
    const subtotals = sheetValues(sheet).filter((r) => r?.[1] === "小计").map((r) => [r?.[0], r?.[4], fen(r?.[5])]);
    assert.deepEqual(subtotals, [
      ["东山镇", 10, 1677000],
      ["西河乡", 4, 705200],
    ]);
  });

  it("reads back the 合计 rows for the self-audit", async () => {
    const totals = await readFundingTotals(path);
    assert.equal(totals.total, LEDGER_TOTAL);
    assert.equal(totals.townshipTotal, LEDGER_TOTAL);
    assert.equal(totals.levels.reduce((a, b) => a + b, 0), LEDGER_TOTAL);
    assert.deepEqual(totals.levels, funding(result).total.levels);
    assert.deepEqual(totals.townshipLevels, totals.levels);
  });

  it("sums levels exactly for any split of any amounts", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(10_000_000), fc.nat(10_000_000), fc.nat(10_000_000), fc.nat(10_000_000)), { minLength: 1, maxLength: 30 }), (splits) => {
        const awards = result.awards.slice(0, 1).flatMap((a) =>
          splits.map((levels) => ({ ...a, amount: levels.reduce((x, y) => x + y, 0) as Fen, levels: levels as unknown as Fen[] })),
        );
        const f = funding({ ...result, awards });
        for (const row of [...f.programs, f.total]) assert.equal(row.levels.reduce((x, y) => x + y, 0), row.amount);
      }),
    );
  });

  it("gives identical bytes for identical input", async () => {
    const again = await tempDir();
    await writeFunding(result, again);
    assert.ok((await readFile(path)).equals(await readFile(join(again, "资金分担.xlsx"))));
  });
});
