import { Command, CommanderError } from "commander";
import { PolicyRuntimeError } from "../policy/amount.js";
import { MissingParamError } from "../policy/params.js";
import { RosterError } from "../roster/read-records.js";
import { AuditError } from "../outputs/audit.js";
import { OutputDirError } from "../outputs/write-run.js";
import { registerCheck } from "./commands/check.js";
import { registerExplain } from "./commands/explain.js";
import { registerRun } from "./commands/run.js";
import { registerTemplate } from "./commands/template.js";
import { EXIT_FAILED, ExitError } from "./exit.js";
import { VERSION } from "./shared.js";
import { err as colour } from "./colour.js";

const KNOWN_ERRORS = [RosterError, MissingParamError, PolicyRuntimeError, AuditError, OutputDirError];

async function main(argv: readonly string[]): Promise<void> {
  const program = new Command("payout")
    .description("计生利益导向资金批量发放工具:花名册 + 政策文件 → 台账、发放表、公示名单、银行代发文件、资金分担")
    .version(VERSION, "-V, --version", "显示版本号")
    .helpOption("-h, --help", "显示帮助")
    .addHelpCommand("help [命令]", "显示某个命令的帮助")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerRun(program);
  registerCheck(program);
  registerExplain(program);
  registerTemplate(program);
  for (const cmd of program.commands) cmd.exitOverride().helpOption("-h, --help", "显示帮助");
  try {
    await program.parseAsync(argv as string[], { from: "node" });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
        process.exitCode = 0;
        return;
      }
      process.exitCode = EXIT_FAILED;
      return;
    }
    if (err instanceof ExitError) {
      process.stderr.write(`${colour.red("错误")}:${err.message}\n`);
      process.exitCode = err.code;
      return;
    }
    if (KNOWN_ERRORS.some((k) => err instanceof k)) {
      process.stderr.write(`${colour.red("错误")}:${(err as Error).message}\n`);
      process.exitCode = EXIT_FAILED;
      return;
    }
    process.stderr.write(`内部错误(请把这条信息报告给维护者):${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = EXIT_FAILED;
  }
}

await main(process.argv);
