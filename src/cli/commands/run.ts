import type { Command } from "commander";
import { parseDateText } from "../../domain/dates.js";
import { formatYuan } from "../../domain/money.js";
import { ledgerTotals } from "../../outputs/summary.js";
import { writeRunDirectory } from "../../outputs/write-run.js";
import { outputLanes } from "../../outputs/stages.js";
import { computeRun } from "../../run.js";
import { EXIT_OK, EXIT_ROWS_REJECTED } from "../exit.js";
import { PayoutError } from "../../errors.js";
import { endProgress, makeProgress } from "../progress.js";
import { readPolicy, SAMPLE_POLICY_WARNING } from "../read-policy.js";
import { guardYear, manyOption, parseYear, VERSION } from "../shared.js";
import { writeFile } from "node:fs/promises";
import { openOutput } from "../output-dir.js";
import { COLLECT_FROM_ROWS, releaseMemory } from "../../gc.js";
import { rejectedRows } from "../roster-problems.js";

interface RunOptions {
  year: string;
  out: string;
  policy?: string;
  previous?: string[];
  exclude?: string;
  noticeStart?: string;
  force?: boolean;
  sheet?: string;
  yearConfirm?: boolean;
}

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("年度核定发放:读入花名册,按政策生成台账、发放表、公示名单、银行代发文件、资金分担等全部结果")
    .argument("<花名册>", "花名册文件(.csv 或 .xlsx)")
    .requiredOption("--year <年度>", "发放年度,如 2027(必填)")
    .requiredOption("--out <目录>", "输出目录(须不存在或为空)")
    .option("--policy <文件>", "政策文件(YAML),默认为内置的 samples/policy.yaml")
    .option("--year-confirm", "确认 --year 无误(年度晚于明年、或早于政策参数齐全的年度时必须加)")
    .addOption(manyOption("--previous <往年台账...>", "往年的 发放台账.csv 或 发放台账.xlsx(一次性项目不重复发放,并生成变动名单)"))
    .option("--exclude <文件>", "公示后的异议名单 CSV(身份证号,项目代码,原因),这些款项暂停发放")
    .option("--notice-start <日期>", "公示开始日期,如 2027-11-01")
    .option("--sheet <工作表>", "Excel 花名册的工作表名(默认第一个)")
    .option("--force", "替换上次运行的结果目录(仅当它是 payout 写出且未被改动过的)")
    .action(async (roster: string, opts: RunOptions) => {
      const year = parseYear(opts.year);
      let noticeStart = 0;
      if (opts.noticeStart !== undefined) {
        noticeStart = parseDateText(opts.noticeStart) ?? 0;
        if (!noticeStart) throw new PayoutError("bad-argument", `--notice-start 日期“${opts.noticeStart}”无法识别(写作 2027-11-01)`);
      }
      const runDir = await openOutput("run", opts.out, opts.force, [roster, opts.policy, ...(opts.previous ?? []), opts.exclude]);
      const timings: Record<string, number> = {};
      const t0 = performance.now() / 1000;
      let computed;
      try {
        const loaded = await readPolicy(opts.policy);
        guardYear(year, loaded.policy, opts.yearConfirm);
        const progress = makeProgress();
        const result = await computeRun({
          rosterPath: roster, year, policy: loaded.policy, policySha256: loaded.sha256, previous: opts.previous ?? [], noticeStart,
          sheet: opts.sheet, version: VERSION, onProgress: progress, timings, bankTemplates: loaded.bankTemplates, exclude: opts.exclude,
        });
        computed = { loaded, result };
      } catch (err) {
        await runDir.abort();
        throw err;
      } finally {
        endProgress();
      }
      const { loaded: { policy, bankTemplates, data: policyData }, result } = computed;
      timings.before_output = performance.now() / 1000 - t0;
      // the roster and earlier ledgers are garbage now that only the awards remain: free them before writing
      if (result.rowsRead >= COLLECT_FROM_ROWS) await releaseMemory();
      timings.rss_before_output_mb = process.memoryUsage().rss / 2 ** 20;
      timings.heap_before_output_mb = process.memoryUsage().heapUsed / 2 ** 20;
      const written = await writeRunDirectory(result, runDir, await outputLanes(bankTemplates, policyData), timings);
      timings.total = performance.now() / 1000 - t0;
      if (process.env.PAYOUT_TIMINGS) await writeFile(process.env.PAYOUT_TIMINGS, JSON.stringify(timings, null, 2));
      const t = ledgerTotals(result);
      const errors = result.problems.filter((p) => p.level === "错误").length;
      const warnings = result.problems.length - errors;
      const lines = [
        `${policy.county} ${year} 年度发放核定完成,结果在 ${opts.out}`,
        `  读入 ${result.rowsRead} 行:核定 ${result.persons} 人(${result.households} 户),${rejectedRows(result.rowsRejected, result.rowsSetAside)}`,
        `  台账 ${result.awards.length} 笔,合计 ${formatYuan(t.ledger)} 元(银行代发 ${formatYuan(t.bank)},机构拨付 ${formatYuan(t.institution)},待补录 ${formatYuan(t.pending)})`,
        `  共写出 ${written.length + 1} 个文件`,
      ];
      if (result.withheld?.length) lines.push(`  公示异议暂停 ${result.withheld.length} 笔,见 ${result.changes ? "变动名单.xlsx 的 异议暂停 表" : "异议暂停.xlsx"}`);
      if (errors || warnings) lines.push(`  数据问题:错误 ${errors} 条,警告 ${warnings} 条,见 数据问题.csv`);
      for (const w of result.budgetWarnings) lines.push(`  预算提示:${w.name} 合计 ${formatYuan(w.amount)} 元,超过预算 ${formatYuan(w.budget)} 元`);
      process.stdout.write(lines.join("\n") + "\n");
      if (opts.policy === undefined) process.stderr.write(`${SAMPLE_POLICY_WARNING}\n`);
      // rows set aside (relatives outside the couple and their children) are a warning, not a rejection
      process.exitCode = result.rowsRejected - result.rowsSetAside > 0 || errors > 0 ? EXIT_ROWS_REJECTED : EXIT_OK;
    });
}
