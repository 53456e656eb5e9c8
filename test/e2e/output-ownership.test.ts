import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { BIN, payout, ROOT, tempDir } from "./cli.js";
import { leftovers, snapshot } from "./disk.js";

/** A process id above Linux's pid_max default: no process has it. */
const DEAD_PID = 4_194_304 + 12_345;
const SAMPLE = join(ROOT, "samples/roster.csv");
const run = (out: string, ...more: string[]): ReturnType<typeof payout> => payout("run", SAMPLE, "--year", "2027", "--out", out, ...more);

describe("--force replaces only a run directory exactly as payout left it (DESIGN §11.2)", () => {
  it("an untouched earlier run is replaced, and nothing of it survives beside the new one", () => {
    const parent = tempDir();
    const out = join(parent, "2027年度");
    assert.equal(run(out).code, 0);
    const marker = JSON.parse(readFileSync(join(out, ".payout-run.json"), "utf8")) as Record<string, unknown>;
    assert.equal(marker.tool, "payout");
    assert.equal(marker.year, 2027);
    assert.match(String(marker.run_id), /^[0-9a-f]{16}$/);
    assert.match(readFileSync(join(out, "校验值.sha256"), "utf8"), /  \.payout-run\.json\n/);
    writeFileSync(join(parent, "marker-before"), readFileSync(join(out, ".payout-run.json")));
    const r = run(out, "--force");
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(readdirSync(parent).sort(), ["2027年度", "marker-before"]);
    assert.deepEqual(readFileSync(join(out, ".payout-run.json")), readFileSync(join(parent, "marker-before")), "the same run gives the same marker");
  });

  it("without --force an existing run is refused and left as it was", () => {
    const out = join(tempDir(), "out");
    assert.equal(run(out).code, 0);
    const before = snapshot(out);
    const r = run(out);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^错误:输出目录 .* 已存在且不为空:请换一个新的目录名;如果它是 payout 上次写出的结果、要用这次的结果替换它,加 --force/);
    assert.deepEqual(snapshot(out), before);
  });

  it("a folder with a planted 运行摘要.json but no marker is not a run directory", () => {
    const parent = tempDir();
    const out = join(parent, "资料");
    mkdirSync(out);
    writeFileSync(join(out, "运行摘要.json"), "{}");
    writeFileSync(join(out, "报告.docx"), "not ours");
    const before = snapshot(out);
    const r = run(out, "--force");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /不是 payout 写出的结果目录\(没有 payout 的标记文件 \.payout-run\.json\),--force 也不会替换它/);
    assert.deepEqual(snapshot(out), before);
    assert.deepEqual(leftovers(parent), []);
  });

  it("a run directory with a file added, changed or removed since is refused, naming the file", () => {
    const cases: Array<[string, (out: string) => void, RegExp]> = [
      ["added", (out) => writeFileSync(join(out, "去年的说明.docx"), "x"), /多了不属于这次运行的文件“去年的说明\.docx”/],
      ["changed", (out) => writeFileSync(join(out, "数据问题.csv"), "edited"), /文件“数据问题\.csv”在运行之后被改动过/],
      ["removed", (out) => renameSync(join(out, "资金分担.xlsx"), join(out, "..", "moved.xlsx")), /缺少文件“资金分担\.xlsx”/],
    ];
    for (const [name, change, message] of cases) {
      const out = join(tempDir(), "out");
      assert.equal(run(out).code, 0);
      change(out);
      const before = snapshot(out);
      const r = run(out, "--force");
      assert.equal(r.code, 2, name);
      assert.match(r.stderr, message, name);
      assert.match(r.stderr, /--force 不会替换它,以免删掉您的文件/, name);
      assert.deepEqual(snapshot(out), before, name);
    }
  });

  it("never a directory holding an input of this run: the roster, --exclude, or last year's ledger given to --previous", () => {
    const parent = tempDir();
    const last = join(parent, "2026年度");
    assert.ok(payout("run", SAMPLE, "--year", "2026", "--out", last).code <= 1);
    const before = snapshot(last);
    // the 0.1 accident: last year's folder as --out, its own ledger as --previous
    let r = payout("run", SAMPLE, "--year", "2027", "--out", last, "--force", "--previous", join(last, "发放台账.csv"));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /输出目录 .*2026年度 里有本次要读取的文件 .*发放台账\.csv:结果不能写进存放输入文件的目录\(--force 也不会替换它\)/);
    assert.deepEqual(snapshot(last), before);
    const folder = join(parent, "材料");
    mkdirSync(folder);
    copyFileSync(SAMPLE, join(folder, "花名册.csv"));
    writeFileSync(join(folder, "异议.csv"), "身份证号,项目代码,原因\n");
    const inputs = snapshot(folder);
    r = payout("run", join(folder, "花名册.csv"), "--year", "2027", "--out", folder, "--force");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /里有本次要读取的文件/);
    r = payout("run", SAMPLE, "--year", "2027", "--out", folder, "--force", "--exclude", join(folder, "异议.csv"));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /里有本次要读取的文件 .*异议\.csv/);
    assert.deepEqual(snapshot(folder), inputs);
    assert.deepEqual(leftovers(parent), []);
  });

  it("reconcile refuses to write into the folder of the ledger it reads", () => {
    const parent = tempDir();
    const out = join(parent, "2027年度");
    assert.equal(run(out).code, 0);
    const before = snapshot(out);
    writeFileSync(join(parent, "回盘.csv"), "账号,户名,金额,状态\n");
    const r = payout("reconcile", join(parent, "回盘.csv"), "--ledger", join(out, "发放台账.csv"), "--out", out, "--force");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /里有本次要读取的文件 .*发放台账\.csv/);
    assert.deepEqual(snapshot(out), before);
  });

  it("--out . (the working folder, even empty) is refused with what to do, no stack trace", () => {
    const r = payout("run", SAMPLE, "--year", "2027", "--out", ".");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^错误:--out \. 是当前所在的文件夹\(或它的上级\),结果不能写在这里:请给一个新文件夹的名字/);
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  });

  it("a file at --out is named as a file", () => {
    const parent = tempDir();
    writeFileSync(join(parent, "out"), "x");
    const r = run(join(parent, "out"), "--force");
    assert.equal(r.code, 2);
    assert.match(r.stderr, /输出位置 .*out 是一个文件,不是目录/);
    assert.equal(readFileSync(join(parent, "out"), "utf8"), "x");
  });
});

describe("one run per output at a time", () => {
  it("a second run into the same --out is refused at once, naming when the other began", async () => {
    const parent = tempDir();
    const out = join(parent, "out");
    const first = spawn(process.execPath, [BIN, "run", SAMPLE, "--year", "2027", "--out", out], { env: { ...process.env, NO_COLOR: "1" } });
    let firstErr = "";
    first.stderr.on("data", (d: Buffer) => (firstErr += d.toString()));
    const firstDone = new Promise<number>((resolve) => first.on("exit", (code) => resolve(code ?? -1)));
    // once the first run is writing, pause it, so the second surely starts while it holds the lock
    while (!existsSync(join(parent, `.out.tmp-${first.pid}`))) await new Promise((r) => setTimeout(r, 10));
    first.kill("SIGSTOP");
    const second = run(out);
    first.kill("SIGCONT");
    assert.equal(second.code, 2);
    assert.match(second.stderr, new RegExp(`另一个 payout 正在向 .*out 写结果\\(进程 ${first.pid},开始于 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\):请等它结束后再运行`));
    assert.equal(await firstDone, 0, firstErr);
    assert.ok(existsSync(join(out, "发放台账.csv")));
    assert.deepEqual(leftovers(parent), []);
  });

  it("a lock left by a process that no longer runs is removed, with a notice", () => {
    const parent = tempDir();
    writeFileSync(join(parent, ".out.payout-lock"), JSON.stringify({ pid: DEAD_PID, host: hostname(), started: "2027-01-01 08:00:00" }));
    const r = run(join(parent, "out"));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /提示:上次向 .*out 写结果的 payout\(进程 \d+,开始于 2027-01-01 08:00:00\)已不在运行,已删除它留下的锁文件/);
    assert.deepEqual(leftovers(parent), []);
  });
});

describe("what an interrupted run leaves is removed", () => {
  it("a temporary directory of a dead process is removed by the next run into that place, with a notice", () => {
    const parent = tempDir();
    const stale = join(parent, `.out.tmp-${DEAD_PID}`);
    mkdirSync(stale);
    writeFileSync(join(stale, "发放台账.csv"), "full IDs and accounts");
    const r = run(join(parent, "out"));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /提示:已删除上次被中断的运行留下的临时目录 .*\.out\.tmp-\d+/);
    assert.deepEqual(leftovers(parent), []);
  });

  it("an old run moved aside by a run killed before the new one stood is put back", () => {
    const parent = tempDir();
    const out = join(parent, "out");
    assert.equal(run(out).code, 0);
    const before = snapshot(out);
    renameSync(out, join(parent, `.out.old-${DEAD_PID}`));
    const r = run(out, "--force");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /已把原来的结果放回原处/);
    assert.deepEqual(snapshot(out), before, "the restored run was replaced by an identical one");
    assert.deepEqual(leftovers(parent), []);
  });

  it("Ctrl-C during a run removes the temporary directory and exits 130; the earlier run stays whole", async () => {
    const parent = tempDir();
    const out = join(parent, "out");
    assert.equal(run(out).code, 0);
    const before = snapshot(out);
    for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
      const child = spawn(process.execPath, [BIN, "run", SAMPLE, "--year", "2027", "--out", out, "--force"], { env: { ...process.env, NO_COLOR: "1" } });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      const done = new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? -1)));
      // signal once the run is writing into its temporary directory
      while (!existsSync(join(parent, `.out.tmp-${child.pid}`))) await new Promise((r) => setTimeout(r, 10));
      child.kill(signal);
      assert.equal(await done, code, stderr);
      assert.match(stderr, /临时文件已删除,本次没有写出任何结果/);
      assert.deepEqual(leftovers(parent), [], signal);
      assert.deepEqual(snapshot(out), before, signal);
    }
  });
});
