import type { Command } from "commander";
import { formatYuan, sum, ZERO } from "../../domain/money.js";
import type { ReturnLine } from "../../reconcile/reconcile.js";
import { readLedgerAwards } from "../../years/read-ledger.js";
import { readCorrections, readReturnFile, writeReconcile } from "../../reconcile/reconcile-files.js";
import { openOutput } from "../output-dir.js";
import { EXIT_OK, EXIT_ROWS_REJECTED } from "../exit.js";
import { PayoutError } from "../../errors.js";
import { readPolicy } from "../read-policy.js";

interface ReconcileOptions {
  ledger: string;
  out: string;
  corrections?: string;
  policy?: string;
  force?: boolean;
}

export function registerReconcile(program: Command): void {
  program
    .command("reconcile")
    .description("银行回盘对账:列出退票(失败)名单及原因,为已更正账号的人生成补发文件")
    .argument("<回盘文件>", "银行返回的结果文件(CSV 或 .xlsx;列:账号、户名、金额、状态、失败原因)")
    .requiredOption("--ledger <台账>", "本次发放的 发放台账.csv")
    .requiredOption("--out <目录>", "输出目录(须不存在或为空)")
    .option("--corrections <文件>", "更正后的账号 CSV(身份证号,开户银行,银行账号)")
    .option("--policy <文件>", "政策文件(YAML,取银行文件格式),默认为内置的 samples/policy.yaml")
    .option("--force", "替换上次对账的结果目录(仅当它是 payout 写出且未被改动过的)")
    .action(async (returnFile: string, opts: ReconcileOptions) => {
      const runDir = await openOutput("reconcile", opts.out, opts.force, [returnFile, opts.ledger, opts.corrections, opts.policy]);
      let lines: ReturnLine[];
      let outcome: Awaited<ReturnType<typeof writeReconcile>>;
      try {
        const { policy, bankTemplates } = await readPolicy(opts.policy);
        const ledger = await readLedgerAwards(opts.ledger, policy);
        if (ledger.length === 0) throw new PayoutError("bad-argument", `台账 ${opts.ledger} 中没有款项:请给出本次运行写出的 发放台账.csv`);
        lines = await readReturnFile(returnFile);
        const corrections = opts.corrections ? await readCorrections(opts.corrections) : new Map<string, { bank: string; account: string }>();
        outcome = await writeReconcile(runDir.tmp, lines, ledger, corrections, policy, bankTemplates);
        await runDir.commit(ledger[0]?.year ?? null);
      } catch (err) {
        await runDir.abort();
        throw err;
      }
      {
        const { result, reissued } = outcome;
        const amount = (list: ReadonlyArray<{ line: ReturnLine }>): string => formatYuan(sum(list.map((x) => x.line.amount ?? ZERO)));
        process.stdout.write(
          [
            `对账完成,结果在 ${opts.out}`,
            `  回盘 ${lines.length} 行:成功 ${result.succeeded.length} 行 ${amount(result.succeeded)} 元,失败 ${result.failed.length} 行 ${amount(result.failed)} 元,未匹配 ${result.unmatched.length} 行`,
            reissued > 0 ? `  补发 ${reissued} 笔(见 补发/)` : "  没有可补发的款项(更正名单中没有失败款项的领款人)",
          ].join("\n") + "\n",
        );
        process.exitCode = result.unmatched.length > 0 ? EXIT_ROWS_REJECTED : EXIT_OK;
      }
    });
}
