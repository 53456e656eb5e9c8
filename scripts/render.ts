// Renders the printed outputs (公示名单, 乡镇发放表, 资金分担, 机构拨付, 待补录, 变动名单) to PDF and
// PNG pages, to look at them as paper. The year before is run first, so 变动名单 has a --previous.
//   npm run build && npm run render [-- --roster FILE] [--year Y] [--notice-start D] [--out DIR] [--only 乡镇]
// Runs the built CLI into a temporary directory, converts the workbooks with LibreOffice
// (`soffice --headless --convert-to pdf`, a private profile) and the PDFs with `pdftoppm -png -r 80`.
// Without soffice or pdftoppm it says so and exits 0: rendering is a look, not a test.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, delimiter, join, resolve } from "node:path";
import { parseArgs } from "node:util";

const ROOT = resolve(import.meta.dirname, "..");
const CLI = join(ROOT, "bin", "payout.js");
const KINDS = ["公示名单", "乡镇发放表"] as const;
/** Single workbooks a chief signs, rendered whole (变动名单 from a run against the year before). */
const FILES = ["资金分担.xlsx", "机构拨付.xlsx", "银行代发/待补录账户.xlsx", "变动名单.xlsx"] as const;
const DPI = "80";

const USAGE = `usage: render [--roster FILE] [--year Y] [--notice-start YYYY-MM-DD] [--out DIR] [--only 乡镇]
  默认 / defaults: --roster samples/roster.csv --year 2027 --notice-start 2027-11-01 --out render`;

class UsageError extends Error {}

function onPath(command: string): boolean {
  return (process.env.PATH ?? "").split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

function run(command: string, args: readonly string[], what: string): string {
  const r = spawnSync(command, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  if (r.error) throw new Error(`${what}: ${r.error.message}`);
  return `${r.stdout}${r.stderr}`.trim() + (r.status === 0 ? "" : `\n(${what} exited ${r.status})`);
}

/** Terminal columns: a Chinese character takes two. */
function columns(text: string): number {
  let n = 0;
  for (const ch of text) n += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return n;
}

/** PNG pages of one PDF, named <stem>-<page>.png by pdftoppm. */
async function pagesOf(dir: string, stem: string): Promise<number> {
  const names = await readdir(dir);
  return names.filter((n) => n.startsWith(`${stem}-`) && /-\d+\.png$/.test(n)).length;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      roster: { type: "string", default: "samples/roster.csv" },
      year: { type: "string", default: "2027" },
      "notice-start": { type: "string", default: "2027-11-01" },
      out: { type: "string", default: "render" },
      only: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!existsSync(join(ROOT, "dist", "packed", "main.js"))) {
    throw new UsageError("没有找到编译结果 dist/,请先运行 npm run build。\ndist/ is missing: run `npm run build` first.");
  }
  const missing = ["soffice", "pdftoppm"].filter((c) => !onPath(c));
  if (missing.length > 0) {
    console.log(
      `未找到 ${missing.join("、")},跳过渲染(需要 LibreOffice 和 poppler-utils)。\n` +
        `${missing.join(" and ")} not found on PATH: skipping the render (install LibreOffice and poppler-utils).`,
    );
    return;
  }

  const work = await mkdtemp(join(tmpdir(), "payout-render-"));
  try {
    const runDir = join(work, "run");
    const roster = resolve(values.roster);
    const prevDir = join(work, "previous");
    const before = spawnSync(process.execPath, [CLI, "run", roster, "--year", String(Number(values.year) - 1), "--out", prevDir, "--policy", join(ROOT, "samples", "policy.yaml")], { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    const previous = before.status === 0 || before.status === 1 ? ["--previous", join(prevDir, "发放台账.csv")] : [];
    const args = [CLI, "run", roster, "--year", values.year, "--out", runDir, "--notice-start", values["notice-start"], "--policy", join(ROOT, "samples", "policy.yaml"), ...previous];
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    // 0 = clean, 1 = some rows dropped (a generated roster has bad rows on purpose); 2 = nothing written.
    if (r.status !== 0 && r.status !== 1) throw new Error(`payout run failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
    console.log(`payout run ${basename(roster)} --year ${values.year}: exit ${r.status}`);

    const out = resolve(values.out);
    const profile = `file://${join(work, "lo-profile")}`;
    const rows: Array<[string, number]> = [];
    for (const kind of KINDS) {
      const from = join(runDir, kind);
      const to = join(out, kind);
      await rm(to, { recursive: true, force: true });
      await mkdir(to, { recursive: true });
      if (!existsSync(from)) continue;
      const books = (await readdir(from))
        .filter((n) => n.endsWith(".xlsx") && (!values.only || n.includes(values.only)))
        .sort();
      if (books.length === 0) continue;
      const log = run("soffice", [`-env:UserInstallation=${profile}`, "--headless", "--convert-to", "pdf", "--outdir", to, ...books.map((b) => join(from, b))], "soffice");
      for (const book of books) {
        const stem = book.replace(/\.xlsx$/, "");
        const pdf = join(to, `${stem}.pdf`);
        if (!existsSync(pdf)) throw new Error(`soffice wrote no ${kind}/${stem}.pdf:\n${log}`);
        const pngLog = run("pdftoppm", ["-png", "-r", DPI, pdf, join(to, stem)], "pdftoppm");
        const pages = await pagesOf(to, stem);
        if (pages === 0) throw new Error(`pdftoppm wrote no pages for ${kind}/${stem}.pdf:\n${pngLog}`);
        rows.push([`${kind}/${stem}`, pages]);
      }
    }
    if (!values.only) {
      const to = join(out, "其他");
      await rm(to, { recursive: true, force: true });
      await mkdir(to, { recursive: true });
      const books = FILES.map((f) => join(runDir, ...f.split("/"))).filter((f) => existsSync(f));
      const log = run("soffice", [`-env:UserInstallation=${profile}`, "--headless", "--convert-to", "pdf", "--outdir", to, ...books], "soffice");
      for (const book of books) {
        const stem = basename(book).replace(/\.xlsx$/, "");
        const pdf = join(to, `${stem}.pdf`);
        if (!existsSync(pdf)) throw new Error(`soffice wrote no ${stem}.pdf:\n${log}`);
        run("pdftoppm", ["-png", "-r", DPI, pdf, join(to, stem)], "pdftoppm");
        rows.push([stem, await pagesOf(to, stem)]);
      }
    }
    if (rows.length === 0) throw new UsageError(`没有可渲染的工作簿 / no workbooks to render${values.only ? ` matching --only ${values.only}` : ""}.`);
    const width = Math.max(...rows.map(([name]) => columns(name)), 4);
    const pad = (text: string): string => text + " ".repeat(width - columns(text));
    console.log(`\n${pad("文件 / file")}  页数 / pages`);
    for (const [name, pages] of rows) console.log(`${pad(name)}  ${String(pages).padStart(5)}`);
    console.log(`\nPDF 和 PNG 在 / PDFs and PNGs in: ${out}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof UsageError ? e.message : e);
  process.exitCode = e instanceof UsageError ? 2 : 1;
});
