import type { Command } from "commander";
import { rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { PayoutError } from "../../errors.js";
import { fileError } from "../../file-errors.js";

/** The template never replaces a file the clerk may have filled in, unless --force; a folder is never replaced. */
async function checkTarget(out: string, force: boolean): Promise<void> {
  const st = await stat(out).catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT") return undefined;
    throw fileError(err, "模板文件", out, "write");
  });
  if (!st) return;
  if (st.isDirectory()) {
    throw new PayoutError("output-is-file", `--out ${out} 是一个文件夹:请给出要生成的文件名,如 --out ${join(out, "花名册模板.xlsx")}`, { path: out });
  }
  if (!force) {
    throw new PayoutError("output-exists", `文件 ${out} 已存在(可能是已经填写的花名册),不会覆盖它:请换一个文件名,如 --out 花名册模板2.xlsx;确定要用空白模板替换它,加 --force`, { path: out });
  }
}

export function registerTemplate(program: Command): void {
  program
    .command("template")
    .description("生成 Excel 花名册模板:列、文本格式的身份证号/账号列、下拉选项、填写说明和示例户")
    .option("--out <文件>", "模板文件名", "花名册模板.xlsx")
    .option("--force", "替换已存在的同名文件(否则拒绝覆盖)")
    .action(async (opts: { out: string; force?: boolean }) => {
      const { writeRosterTemplate } = await import("../../outputs/roster-template.js");
      await checkTarget(opts.out, opts.force === true);
      // written aside and renamed into place: an existing file is replaced whole or not at all
      const aside = join(dirname(opts.out), `.${basename(opts.out)}.tmp-${process.pid}`);
      try {
        await writeRosterTemplate(aside);
        await rename(aside, opts.out);
      } catch (err) {
        await rm(aside, { force: true });
        throw err instanceof PayoutError ? err : fileError(err, "模板文件", opts.out, "write");
      }
      process.stdout.write(`已生成花名册模板 ${opts.out}\n`);
    });
}
