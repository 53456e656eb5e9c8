import type { Command } from "commander";
import { bankRowRule } from "../../outputs/bank/index.js";
import { describeCoverage, policyCoverage } from "../../policy/coverage.js";
import { prepareRun } from "../../policy/prepare.js";
import { applyBanks } from "../../roster/apply-banks.js";
import { loadRoster } from "../../roster/load-roster.js";
import { compareProblems } from "../../roster/problem.js";
import { EXIT_OK, EXIT_ROWS_REJECTED } from "../exit.js";
import { readPolicy } from "../read-policy.js";
import { problemLine, rejectedRows } from "../roster-problems.js";
import { parseYear } from "../shared.js";

interface CheckOptions {
  policy?: string;
  year?: string;
  sheet?: string;
}

export function registerCheck(program: Command): void {
  program
    .command("check")
    .description("只检查花名册(和政策文件),列出问题,不写任何文件")
    .argument("<花名册>", "花名册文件(.csv 或 .xlsx)")
    .option("--policy <文件>", "政策文件(YAML),默认为内置的 samples/policy.yaml")
    .option("--year <年度>", "按该年度检查(死亡日期不晚于年底、参数是否齐全)")
    .option("--sheet <工作表>", "Excel 花名册的工作表名(默认第一个)")
    .action(async (roster: string, opts: CheckOptions) => {
      const year = opts.year !== undefined ? parseYear(opts.year) : undefined;
      const { policy, bankTemplates } = await readPolicy(opts.policy);
      if (year !== undefined) prepareRun(policy, year);
      // the same rules as run, so what check passes run can write (bank templates included)
      const loaded = await loadRoster(roster, { year: year ?? 9999, sheet: opts.sheet, keepCells: false, rowRule: bankRowRule(bankTemplates, policy.banks) });
      const banks = applyBanks(loaded.households, policy.banks);
      const problems = [...loaded.problems, ...banks.problems].sort(compareProblems);
      const errors = problems.filter((p) => p.level === "错误");
      const out: string[] = [];
      for (const p of problems) out.push(problemLine(p));
      out.push(`政策文件:通过(${policy.programs.length} 个项目)`);
      out.push(describeCoverage(policyCoverage(policy)));
      if (banks.counts.length > 0) {
        out.push(`开户银行(按政策 banks 归并,人数):${banks.counts.map((b) => `${b.name} ${b.count}${b.configured ? "" : "(未配置)"}`).join(",")}`);
      }
      out.push(`花名册:读入 ${loaded.rowsRead} 行,${loaded.households.length} 户可核定;错误 ${errors.length} 条,警告 ${problems.length - errors.length} 条,${rejectedRows(loaded.rowsRejected, loaded.rowsSetAside)}`);
      process.stdout.write(out.join("\n") + "\n");
      process.exitCode = errors.length > 0 ? EXIT_ROWS_REJECTED : EXIT_OK;
    });
}
