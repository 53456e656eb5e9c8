import type { Command } from "commander";

export function registerTemplate(program: Command): void {
  program
    .command("template")
    .description("生成 Excel 花名册模板:列、文本格式的身份证号/账号列、下拉选项、填写说明和示例户")
    .option("--out <文件>", "模板文件名", "花名册模板.xlsx")
    .action(async (opts: { out: string }) => {
      const { writeRosterTemplate } = await import("../../outputs/roster-template.js");
      await writeRosterTemplate(opts.out);
      process.stdout.write(`已生成花名册模板 ${opts.out}\n`);
    });
}
