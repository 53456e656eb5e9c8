import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import iconv from "iconv-lite";
import { payout, ROOT, tempDir } from "./cli.js";
import { leftovers, snapshot } from "./disk.js";

// A file of an earlier result open in Excel or WPS while `--force` replaces that result. On Windows
// such a file can be neither moved nor deleted (nor the folder holding it): rename and unlink fail
// with EPERM or EBUSY. The same failure, for real, on Linux: `chattr +i` (root only, and not on every
// file system) makes a file or folder immutable, and rename/unlink on it fail with EPERM.
const SAMPLE = join(ROOT, "samples/roster.csv");
/** The clerk is told the old result is held by another program (Excel or WPS), to close it, and that nothing changed. */
const LOCKED = /^错误:无法替换上次的结果:.+ 正被其他程序占用、不能移动或删除\(是否在 Excel 或 WPS 中打开着\?\)。请关闭它\(或打开了这个文件夹的窗口\)后重新运行;上次的结果原样保留,本次没有写出任何结果\n$/;

const immutable: string[] = [];
function chattr(flag: "+i" | "-i", path: string): boolean {
  const r = spawnSync("chattr", [flag, path], { encoding: "utf8" });
  if (r.status !== 0) return false;
  if (flag === "+i") immutable.push(path);
  return true;
}
// nothing may be left undeletable, whatever an assertion did
after(() => {
  for (const path of immutable) chattr("-i", path);
});

/** Why the situation cannot be made here, or undefined when `chattr +i` works in the test folders. */
function cannotLock(): string | undefined {
  if (process.platform !== "linux") return "chattr exists on Linux only";
  if (process.getuid?.() !== 0) return "chattr +i needs root";
  const probe = join(tempDir(), "probe");
  writeFileSync(probe, "");
  if (!chattr("+i", probe)) return "chattr +i fails in the temporary folder (tmpfs or no chattr)";
  chattr("-i", probe);
  return undefined;
}
const skip = cannotLock();

/** Runs `body` with `paths` immutable, and always makes them mutable again. */
function whileLocked<T>(paths: readonly string[], body: () => T): T {
  for (const p of paths) assert.ok(chattr("+i", p), `chattr +i ${p}`);
  try {
    return body();
  } finally {
    for (const p of paths) chattr("-i", p);
  }
}

/** Every file's path under `dir`, deepest first. */
function files(dir: string, prefix = ""): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? [...files(join(dir, e.name), `${prefix}${e.name}/`), `${prefix}${e.name}/`] : [`${prefix}${e.name}`]));
}

describe("--force while a file of the earlier result is open in Excel or WPS (made immutable)", { skip }, () => {
  const run = (out: string, roster = SAMPLE, ...more: string[]): ReturnType<typeof payout> => payout("run", roster, "--year", "2027", "--out", out, "--force", ...more);

  for (const which of ["a bank file deep inside", "the ledger", "the folder itself"] as const) {
    it(`run --force with ${which} locked: exit 2, says to close it in Excel or WPS; the earlier run, the roster and the folder beside it unchanged; it goes through once closed`, () => {
      const parent = tempDir();
      const roster = join(parent, "花名册.csv");
      copyFileSync(SAMPLE, roster);
      const out = join(parent, "2027年度");
      // the earlier run differs from the new one (another year), so a half-replaced result would show
      const earlier = payout("run", roster, "--year", "2026", "--year-confirm", "--out", out);
      assert.ok(earlier.code === 0 || earlier.code === 1, earlier.stderr);
      const before = snapshot(parent);
      const earlierOut = snapshot(out);
      const deep = files(out).find((f) => f.startsWith("银行代发/") && !f.endsWith("/"));
      assert.ok(deep);
      const target = which === "the folder itself" ? out : join(out, which === "the ledger" ? "发放台账.csv" : deep);
      const r = whileLocked([target], () => run(out, roster));
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, LOCKED);
      if (which !== "the folder itself") assert.ok(r.stderr.includes(which === "the ledger" ? "发放台账.csv" : deep), `names the file: ${r.stderr}`);
      assert.deepEqual(snapshot(parent), before, "the earlier run and the roster byte for byte as they were");
      assert.deepEqual(leftovers(parent), [], "no temporary directory, no moved-aside run, no lock");
      assert.deepEqual(readdirSync(parent).sort(), ["2027年度", "花名册.csv"]);
      // closed in Excel: the same command replaces the earlier run
      const again = run(out, roster);
      assert.ok(again.code === 0 || again.code === 1, again.stderr);
      assert.notDeepEqual(snapshot(out), earlierOut, "the 2027 run replaced the 2026 one");
      assert.deepEqual(readdirSync(parent).sort(), ["2027年度", "花名册.csv"]);
    });
  }

  it("template --force over a template open in Excel: exit 2, says to close it; the file unchanged, nothing left beside it", () => {
    const parent = tempDir();
    const filled = join(parent, "花名册模板.xlsx");
    writeFileSync(filled, "the clerk's filled rows");
    const r = whileLocked([filled], () => payout("template", "--out", filled, "--force"));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^错误:.*模板文件 .*花名册模板\.xlsx.*Excel 或 WPS 中打开,请先关闭再运行/);
    assert.equal(readFileSync(filled, "utf8"), "the clerk's filled rows");
    assert.deepEqual(readdirSync(parent), ["花名册模板.xlsx"]);
  });

  it("reconcile --force over an earlier reconciliation with a file open: exit 2, the earlier one and the inputs unchanged", () => {
    const parent = tempDir();
    const out = join(parent, "2027年度");
    assert.equal(payout("run", SAMPLE, "--year", "2027", "--out", out).code, 0);
    const text = iconv.decode(readFileSync(join(out, "银行代发", "农村信用社.csv")), "gb18030");
    const body = text.split("\r\n").filter(Boolean).slice(1, -1).map((l) => l.split(","));
    const returnFile = join(parent, "回盘.csv");
    const lines = (failed: number): string[] => body.map((row, i) => [row[3], row[1], row[4], i < failed ? "失败" : "成功", i < failed ? "户名不符" : ""].join(","));
    writeFileSync(returnFile, iconv.encode(["账号,户名,金额,状态,失败原因", ...lines(1)].join("\r\n") + "\r\n", "gbk"));
    const rec = join(parent, "对账");
    const first = payout("reconcile", returnFile, "--ledger", join(out, "发放台账.csv"), "--out", rec);
    assert.ok(first.code === 0 || first.code === 1, first.stderr);
    // the bank's corrected return: two lines failed now, so the new reconciliation differs
    writeFileSync(returnFile, iconv.encode(["账号,户名,金额,状态,失败原因", ...lines(2)].join("\r\n") + "\r\n", "gbk"));
    const before = snapshot(parent);
    const r = whileLocked([join(rec, "退票名单.xlsx")], () => payout("reconcile", returnFile, "--ledger", join(out, "发放台账.csv"), "--out", rec, "--force"));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, LOCKED);
    assert.match(r.stderr, /退票名单\.xlsx/);
    assert.deepEqual(snapshot(parent), before);
    assert.deepEqual(leftovers(parent), []);
  });

  it("supplement --force over an earlier supplement with a file open: exit 2, the earlier one and the inputs unchanged", () => {
    const parent = tempDir();
    const out = join(parent, "2027年度");
    assert.equal(payout("run", SAMPLE, "--year", "2027", "--out", out).code, 0);
    const book = join(parent, "待补录账户.xlsx");
    copyFileSync(join(out, "银行代发", "待补录账户.xlsx"), book);
    const sup = join(parent, "补录");
    const first = payout("supplement", book, "--ledger", join(out, "发放台账.csv"), "--out", sup);
    assert.ok(first.code === 0 || first.code === 1, first.stderr);
    const before = snapshot(parent);
    const r = whileLocked([join(sup, "仍待补录.xlsx")], () => payout("supplement", book, "--ledger", join(out, "发放台账.csv"), "--out", sup, "--force"));
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, LOCKED);
    assert.match(r.stderr, /仍待补录\.xlsx/);
    assert.deepEqual(snapshot(parent), before);
    assert.deepEqual(leftovers(parent), []);
  });
});
