// npm run package: the offline bundles in dist/ (DESIGN §11.5). Options: --target win-x64 (repeatable), --out DIR.
import { writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { buildBundles, RuntimeUnavailableError, TARGETS, type Target } from "./package-bundles.js";

const root = resolve(import.meta.dirname, "..");
const args = process.argv.slice(2);
const targets: Target[] = [];
let outDir = join(root, "dist");
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const v = args[i + 1];
  if (a === "--target" && v && (TARGETS as string[]).includes(v)) targets.push(v as Target);
  else if (a === "--out" && v) outDir = resolve(v);
  else {
    process.stderr.write(`usage: npm run package -- [--target ${TARGETS.join("|")}]... [--out DIR]\n`);
    process.exit(2);
  }
  i++;
}

try {
  const bundles = await buildBundles({ root, outDir, targets: targets.length > 0 ? targets : TARGETS });
  const sums = bundles.map((b) => `${b.sha256}  ${basename(b.path)}\n`).join("");
  const version = basename(bundles[0]?.path ?? "").replace(/^payout-(.+?)-(win|linux)-.*$/, "$1");
  if (targets.length === 0) writeFileSync(join(outDir, `payout-${version}-SHA256SUMS`), sums);
  process.stdout.write(sums);
} catch (err) {
  if (err instanceof RuntimeUnavailableError) {
    process.stderr.write(`${err.message}\n(the runtime packages are fetched from the npm registry or npm's cache at packaging time)\n`);
    process.exit(2);
  }
  throw err;
}
