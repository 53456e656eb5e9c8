import type { Command } from "commander";
import { PayoutError } from "../../errors.js";
import { verifyRunDirectory } from "../../verify/verify-run.js";
import { out as colour } from "../colour.js";
import { EXIT_OK, EXIT_ROWS_REJECTED } from "../exit.js";

export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description("审核移交的结果文件夹(无需花名册和政策文件):校验值、台账与各文件的合计、银行文件控制行、公示名单的遮盖")
    .argument("<结果文件夹>", "payout run 写出的结果文件夹")
    .action(async (dir: string) => {
      const result = await verifyRunDirectory(dir);
      if (result.kind === "not-a-run") throw new PayoutError("output-not-a-run", result.why);
      const failed = result.checks.filter((c) => !c.ok);
      const lines = [`审核 ${dir}:`, ...result.checks.map((c) => `  ${c.ok ? colour.green("✓") : colour.red("✗")} ${c.text}`)];
      lines.push(failed.length === 0 ? "结论:全部核对一致。" : `结论:${failed.length} 项不一致(见 ✗ 行),请向出具文件的单位核实。`);
      process.stdout.write(lines.join("\n") + "\n");
      process.exitCode = failed.length === 0 ? EXIT_OK : EXIT_ROWS_REJECTED;
    });
}
