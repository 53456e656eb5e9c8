import type { Command } from "commander";
import { matchSupplement, supplementSummary } from "../../reconcile/supplement.js";
import { readSupplementLines, STILL_PENDING, SUPPLEMENT_LEDGER, writeSupplement } from "../../reconcile/supplement-files.js";
import { BANK_DIR } from "../../outputs/bank/index.js";
import { openOutput } from "../output-dir.js";
import { readLedgerAwards } from "../../years/read-ledger.js";
import { EXIT_OK, EXIT_ROWS_REJECTED } from "../exit.js";
import { PayoutError } from "../../errors.js";
import { readPolicy } from "../read-policy.js";

interface SupplementOptions {
  ledger: string;
  out: string;
  policy?: string;
  force?: boolean;
}

const LISTED = 30;

export function registerSupplement(program: Command): void {
  program
    .command("supplement")
    .description("待补录补发:读入填好领款人(继承人)和新账号的 待补录账户.xlsx,生成补录代发文件、补录台账和仍待补录名单")
    .argument("<待补录账户.xlsx>", "本次运行写出的 银行代发/待补录账户.xlsx(或上次补录的 仍待补录.xlsx),最后四列已填写")
    .requiredOption("--ledger <台账>", "本次运行的 发放台账.csv")
    .requiredOption("--out <目录>", "输出目录(须不存在或为空)")
    .option("--policy <文件>", "政策文件(YAML,取银行列表和代发文件格式),默认为内置的 samples/policy.yaml")
    .option("--force", "替换上次补录的结果目录(仅当它是 payout 写出且未被改动过的)")
    .action(async (book: string, opts: SupplementOptions) => {
      const runDir = await openOutput("supplement", opts.out, opts.force, [book, opts.ledger, opts.policy]);
      let result: ReturnType<typeof matchSupplement>;
      try {
        const { policy, bankTemplates } = await readPolicy(opts.policy);
        const ledger = await readLedgerAwards(opts.ledger, policy);
        if (ledger.length === 0) throw new PayoutError("bad-argument", `台账 ${opts.ledger} 中没有款项:请给出本次运行写出的 发放台账.csv`);
        const lines = await readSupplementLines(book);
        result = matchSupplement(lines, ledger, policy.banks);
        if (result.errors.length > 0) {
          const shown = result.errors.slice(0, LISTED).map((e) => `  ${e}`);
          if (result.errors.length > LISTED) shown.push(`  ……共 ${result.errors.length} 处`);
          throw new PayoutError("input-format", `待补录账户 ${book} 有 ${result.errors.length} 处填写有误,未写出任何文件:\n${shown.join("\n")}`);
        }
        await writeSupplement(runDir.tmp, result, policy, bankTemplates);
        await runDir.commit(ledger[0]?.year ?? null);
      } catch (err) {
        await runDir.abort();
        throw err;
      }
      const s = supplementSummary(result);
      process.stdout.write(
        [
          ...result.warnings.map((w) => `警告:${w}`),
          `补录完成,结果在 ${opts.out}`,
          `  共 ${s.lines} 笔:已补录 ${s.filled} 笔 ${s.amount_filled} 元(见 ${BANK_DIR}/ 和 ${SUPPLEMENT_LEDGER}),仍待补录 ${s.open} 笔 ${s.amount_open} 元(见 ${STILL_PENDING})`,
        ].join("\n") + "\n",
      );
      process.exitCode = s.open > 0 ? EXIT_ROWS_REJECTED : EXIT_OK;
    });
}
