import { Command, CommanderError, Help } from "commander";
import { registerCheck } from "./commands/check.js";
import { registerExplain } from "./commands/explain.js";
import { registerRun } from "./commands/run.js";
import { registerTemplate } from "./commands/template.js";
import { registerReconcile } from "./commands/reconcile.js";
import { registerSupplement } from "./commands/supplement.js";
import { registerVerify } from "./commands/verify.js";
import { EXIT_CODE_OF, EXIT_FAILED } from "./exit.js";
import type { PayoutErrorCode } from "../errors.js";
import { installInterruptHandlers, type InterruptSignal } from "../run-dir/index.js";
import { reportError } from "./report-error.js";
import { VERSION } from "./shared.js";
import { isBareLaunch, isGuided, runGuided, showBareLaunchHelp } from "./guided.js";

/** commander's own messages, said in Chinese (DESIGN §2: all user-facing text is Simplified Chinese). */
export function chineseUsageError(message: string): string {
  const rules: Array<[RegExp, (...m: string[]) => string]> = [
    [/unknown option '(.+?)'(?:\s*\(Did you mean (.+?)\?\))?/, (o, s) => `未知的选项 ${o}${s ? `(是不是 ${s}?)` : ""}`],
    [/required option '(.+?)' not specified/, (o) => `缺少必填选项 ${o}`],
    [/option '(.+?)' argument missing/, (o) => `选项 ${o} 缺少取值`],
    [/missing required argument '(.+?)'/, (a) => `缺少参数 <${a}>`],
    [/unknown command '(.+?)'(?:\s*\(Did you mean (.+?)\?\))?/, (c, s) => `未知的命令 ${c}${s ? `(是不是 ${s}?)` : ""}`],
    [/too many arguments(?: for '(.+?)')?/, (c) => `参数过多${c ? `(${c} 命令)` : ""}`],
  ];
  for (const [re, say] of rules) {
    const m = re.exec(message);
    if (m) return `错误:${say(...m.slice(1).map((x) => x ?? ""))}。用 payout --help 查看用法。\n`;
  }
  return message;
}

/** commander's help with its headings in Chinese. */
function chineseHelp(cmd: Command, helper: Help): string {
  return Help.prototype.formatHelp
    .call(helper, cmd, helper)
    .replace(/^Usage:/m, "用法:")
    .replace(/^Arguments:/m, "参数:")
    .replace(/^Options:/m, "选项:")
    .replace(/^Commands:/m, "命令:")
    .replace(/\[options\]/g, "[选项]")
    .replace(/\[command\]/g, "[命令]")
    .replace(/\(default: (.+?)\)/g, "(默认:$1)");
}

/** --debug anywhere on the command line: errors print their stack trace too. */
const debug = process.argv.includes("--debug");

/** Ctrl-C / SIGTERM: the cleanups registered by the command have run (no temporary directory is left); say so and exit 130 / 143. */
function exitOnSignal(signal: InterruptSignal): void {
  const code: PayoutErrorCode = signal === "SIGINT" ? "interrupted" : "terminated";
  process.stderr.write(`\n${signal === "SIGINT" ? "已中断(Ctrl-C)" : "已被终止"}:临时文件已删除,本次没有写出任何结果\n`);
  process.exit(EXIT_CODE_OF[code]);
}

async function main(argv: readonly string[]): Promise<void> {
  installInterruptHandlers(exitOnSignal);
  const program = new Command("payout")
    .description("计生利益导向资金批量发放工具:花名册 + 政策文件 → 台账、发放表、公示名单、银行代发文件、资金分担")
    .version(VERSION, "-V, --version", "显示版本号")
    .option("--debug", "出错时显示调试信息(程序堆栈),供报告问题用")
    .helpOption("-h, --help", "显示帮助")
    .addHelpCommand("help [命令]", "显示某个命令的帮助")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), outputError: (s, write) => write(chineseUsageError(s)) })
    .configureHelp({ formatHelp: chineseHelp });
  registerRun(program);
  registerCheck(program);
  registerExplain(program);
  registerTemplate(program);
  registerReconcile(program);
  registerSupplement(program);
  registerVerify(program);
  for (const cmd of program.commands) {
    cmd.exitOverride().helpOption("-h, --help", "显示帮助").configureOutput({ outputError: (s, write) => write(chineseUsageError(s)) }).configureHelp({ formatHelp: chineseHelp });
  }
  const args = argv.slice(2);
  const commands = ["help", ...program.commands.flatMap((c) => [c.name(), ...c.aliases()])];
  if (isGuided(args, commands)) {
    process.exitCode = await runGuided(args, async (line) => {
      await execute(program, line);
      return Number(process.exitCode ?? 0);
    });
    return;
  }
  if (isBareLaunch(args)) {
    await showBareLaunchHelp();
    return;
  }
  await execute(program, args);
}

/** Runs one command line (without the node and script paths); only this sets the exit code. */
async function execute(program: Command, args: readonly string[]): Promise<void> {
  try {
    await program.parseAsync(args as string[], { from: "user" });
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") {
        process.exitCode = 0;
        return;
      }
      process.exitCode = EXIT_FAILED;
      return;
    }
    process.exitCode = reportError(err, debug);
  }
}

await main(process.argv);
