// Guided mode (DESIGN §10): a roster dropped on payout.cmd arrives as `payout <花名册>` with no
// command. The clerk sees the roster's problems, types the year, and finds the results beside the
// roster in `<年度>年度发放结果`; the window waits for a key before it closes. Answers come from stdin,
// so the same flow runs in tests.
import { existsSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { loadRoster } from "../roster/load-roster.js";
import { compareProblems } from "../roster/problem.js";
import { bankRowRule } from "../outputs/bank/index.js";
import { checkOutDir } from "../outputs/write-run.js";
import { PayoutError } from "../errors.js";
import { EXIT_FAILED } from "./exit.js";
import { readPolicy } from "./read-policy.js";
import { problemLine } from "./roster-problems.js";
import { VERSION } from "./shared.js";

/** Runs a command line of the ordinary CLI (`run …`) and returns its exit code. */
export type RunCommand = (args: string[]) => Promise<number>;

/** How many problems the window shows; 数据问题.csv holds them all. */
const SHOWN_PROBLEMS = 30;

/** `payout <花名册> [--policy FILE]`: the first argument is an existing file, not a command. */
export function isGuided(args: readonly string[], commands: readonly string[]): boolean {
  const first = args[0];
  if (first === undefined || first.startsWith("-") || commands.includes(first)) return false;
  return existsSync(first);
}

/** Started by the Windows launcher with nothing dropped on it (a double-click). */
export function isBareLaunch(args: readonly string[]): boolean {
  return args.length === 0 && process.env.PAYOUT_LAUNCHER === "cmd";
}

interface Console {
  say(text: string): void;
  ask(question: string): Promise<string | undefined>;
  waitForKey(): Promise<void>;
}

function terminal(): Console & { close(): void } {
  const rl = createInterface({ input: process.stdin, terminal: false });
  const lines = rl[Symbol.asyncIterator]();
  const say = (text: string): void => void process.stdout.write(`${text}\n`);
  return {
    say,
    async ask(question) {
      process.stdout.write(question);
      const next = await lines.next();
      const answer = next.done ? undefined : String(next.value);
      // a terminal echoes what was typed; piped answers are shown so the transcript reads as a dialogue
      if (!process.stdin.isTTY) process.stdout.write(`${answer ?? ""}\n`);
      return answer;
    },
    async waitForKey() {
      if (process.stdin.isTTY) {
        rl.close();
        say("按任意键关闭窗口……");
        process.stdin.setRawMode(true);
        process.stdin.resume();
        await new Promise<void>((done) => process.stdin.once("data", () => done()));
        process.stdin.setRawMode(false);
        process.stdin.pause();
      } else {
        say("按回车键关闭窗口……");
        await lines.next();
      }
    },
    close: () => rl.close(),
  };
}

/** The policy of a guided run: --policy, else policy.yaml beside the launcher, else the embedded sample. */
function guidedPolicy(args: readonly string[]): string | undefined {
  const at = args.indexOf("--policy");
  if (at >= 0) return args[at + 1];
  const home = process.env.PAYOUT_HOME;
  const beside = home ? join(home, "policy.yaml") : undefined;
  return beside && existsSync(beside) ? beside : undefined;
}

export async function runGuided(args: readonly string[], runCommand: RunCommand): Promise<number> {
  const io = terminal();
  try {
    const code = await guided(args, runCommand, io);
    await io.waitForKey();
    return code;
  } finally {
    io.close();
  }
}

export async function showBareLaunchHelp(): Promise<void> {
  const io = terminal();
  try {
    io.say(`计生利益导向资金批量发放工具 payout ${VERSION}`);
    io.say("");
    io.say("使用方法:把花名册文件(.xlsx 或 .csv)用鼠标拖到 payout.cmd 图标上松开,按提示输入发放年度。");
    io.say("结果写在花名册所在文件夹下的“<年度>年度发放结果”文件夹里。详见 使用说明.txt。");
    io.say("命令行用法:在本文件夹打开命令窗口,运行 payout.cmd --help");
    await io.waitForKey();
  } finally {
    io.close();
  }
}

async function guided(args: readonly string[], runCommand: RunCommand, io: Console): Promise<number> {
  const files = args.filter((a, i) => !a.startsWith("-") && args[i - 1] !== "--policy");
  const extra = args.filter((a, i) => a.startsWith("-") && a !== "--policy" && args[i - 1] !== "--policy");
  io.say(`计生利益导向资金批量发放工具 payout ${VERSION}`);
  if (files.length !== 1 || extra.length > 0) {
    io.say(files.length > 1 ? "一次只能拖入一个花名册文件。" : `拖放运行只接受一个花名册文件(和 --policy 政策文件),不认识:${extra.join(" ")}`);
    return EXIT_FAILED;
  }
  const roster = resolve(files[0] ?? "");
  if (!statSync(roster).isFile()) {
    io.say(`${roster} 是文件夹,请拖入花名册文件(.xlsx 或 .csv)。`);
    return EXIT_FAILED;
  }
  const policyPath = guidedPolicy(args);
  io.say(`花名册:${roster}`);
  io.say(`政策文件:${policyPath ? resolve(policyPath) : "内置的示例县政策(samples/policy.yaml)"}`);
  io.say("");
  io.say("一、检查花名册……");
  let errors: number;
  try {
    const { policy, bankTemplates } = await readPolicy(policyPath);
    const loaded = await loadRoster(roster, { year: 9999, keepCells: false, rowRule: bankRowRule(bankTemplates, policy.banks) });
    const problems = [...loaded.problems].sort(compareProblems);
    errors = problems.filter((p) => p.level === "错误").length;
    for (const p of problems.slice(0, SHOWN_PROBLEMS)) io.say(`  ${problemLine(p)}`);
    if (problems.length > SHOWN_PROBLEMS) io.say(`  ……共 ${problems.length} 条,全部列在结果的 数据问题.csv 中`);
    io.say(`  政策文件:通过(${policy.programs.length} 个项目)`);
    io.say(`  花名册:读入 ${loaded.rowsRead} 行,${loaded.households.length} 户可核定;错误 ${errors} 条,警告 ${problems.length - errors} 条${loaded.rowsSetAside > 0 ? `;另有 ${loaded.rowsSetAside} 行为夫妻及其子女以外的亲属,不参与核定` : ""}`);
  } catch (err) {
    io.say(`  无法继续:${err instanceof Error ? err.message : String(err)}`);
    return EXIT_FAILED;
  }
  if (errors > 0) io.say("  有错误的户本次不核定、不发放。要先改正花名册,请直接关闭窗口,改好后再拖一次。");
  io.say("");

  let year: number | undefined;
  while (year === undefined) {
    const answer = await io.ask("二、请输入发放年度(四位数字,如 2027),然后按回车:");
    if (answer === undefined || answer.trim() === "") {
      io.say("");
      io.say("没有输入年度,未做任何核定。");
      return EXIT_FAILED;
    }
    const text = answer.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/年(度)?$/, "");
    const n = Number(text);
    if (/^\d{4}$/.test(text) && n >= 1990 && n <= 2100) year = n;
    else io.say(`  “${answer.trim()}”不是年度,请输入四位数字,如 2027。`);
  }

  const out = join(dirname(roster), `${year}年度发放结果`);
  io.say("");
  io.say(`三、核定 ${year} 年度,结果写到:${out}`);
  try {
    await checkOutDir(out);
  } catch (err) {
    if (!(err instanceof PayoutError)) throw err;
    io.say(`  该位置已有文件或文件夹“${basename(out)}”,不会覆盖。请先把它移走或改名,再拖一次。`);
    return EXIT_FAILED;
  }
  const runArgs = ["run", roster, "--year", String(year), "--out", out];
  if (policyPath) runArgs.push("--policy", policyPath);
  const code = await runCommand(runArgs);
  io.say("");
  if (code === EXIT_FAILED) io.say("核定没有完成(原因见上),没有写出结果。");
  else {
    io.say(`完成。结果在:${out}`);
    io.say("  发放台账.csv、乡镇发放表、公示名单、银行代发、资金分担.xlsx、数据问题.csv 等都在这个文件夹里。");
  }
  return code;
}
