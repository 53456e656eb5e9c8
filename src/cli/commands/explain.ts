import type { Command } from "commander";
import { maskAccount, maskId, normaliseIdText } from "../../domain/id-number.js";
import { formatYuan } from "../../domain/money.js";
import type { Person } from "../../domain/person.js";
import { explainHousehold, splitText, type ProgramTrace } from "../../policy/explain.js";
import { prepareRun } from "../../policy/prepare.js";
import { applyBanks } from "../../roster/apply-banks.js";
import { loadRoster } from "../../roster/load-roster.js";
import { toHalfWidth } from "../../roster/columns.js";
import { PayoutError } from "../../errors.js";
import { readPolicy } from "../read-policy.js";
import { parseYear } from "../shared.js";
import { out as colour } from "../colour.js";

const mark = (ok: boolean): string => (ok ? colour.green("✓") : colour.red("✗"));

interface ExplainOptions {
  year: string;
  policy?: string;
  sheet?: string;
}

function printTrace(t: ProgramTrace, levels: readonly string[], idHead: number, idTail: number): string[] {
  const who = `${t.target.name}(${t.target.role},${maskId(t.target.id, idHead, idTail)})`;
  const lines = [`${mark(t.eligible)} ${colour.bold(t.code)} ${t.name} — ${who}`];
  for (const c of t.conditions) {
    const seen = c.values.map(([k, v]) => `${k}=${v}`).join(", ");
    lines.push(`    ${mark(c.ok)} ${c.name}: ${c.source}${seen ? `   [${seen}]` : ""}`);
  }
  if (t.eligible && t.amount) {
    for (const m of t.amount.months.filter((x) => !x.ok)) lines.push(`    · ${m.month} 月不计:${m.failed}`);
    lines.push(`    金额:${formatYuan(t.amount.amount)} 元 = ${t.amount.explanation}`);
    lines.push(`    分担:${splitText(levels, t.amount.levels)}`);
    const pay = t.payment;
    if (pay) {
      const payee = pay.kind === "机构" ? pay.institution : pay.kind === "资格" ? "(仅资格,无资金)" : pay.payee ? `${pay.payee.name} ${pay.payee.bank} ${pay.payee.account ? maskAccount(pay.payee.account) : "(无账号)"}` : "";
      lines.push(`    领款:${pay.kind} ${payee}`);
    }
    if (t.amount.amount === 0 && t.amount.parts.length > 0) lines.push("    金额为 0:不列入台账");
  }
  lines.push(`    依据:${t.basis}`);
  return lines;
}

export function registerExplain(program: Command): void {
  program
    .command("explain")
    .description("说明一个人或一户的每个项目:每个条件及其取值(✓/✗)、金额计算、各级分担和领款人")
    .argument("<花名册>", "花名册文件(.csv 或 .xlsx)")
    .argument("<身份证号或户编号>", "要说明的人(身份证号)或户(户编号)")
    .requiredOption("--year <年度>", "发放年度,如 2027(必填)")
    .option("--policy <文件>", "政策文件(YAML),默认为内置的 samples/policy.yaml")
    .option("--sheet <工作表>", "Excel 花名册的工作表名(默认第一个)")
    .action(async (roster: string, key: string, opts: ExplainOptions) => {
      const year = parseYear(opts.year);
      const { policy } = await readPolicy(opts.policy);
      const run = prepareRun(policy, year);
      const loaded = await loadRoster(roster, { year, sheet: opts.sheet, keepCells: policy.readsRowCells });
      applyBanks(loaded.households, policy.banks);
      const wanted = toHalfWidth(key).trim();
      const wantedId = normaliseIdText(key);
      let members: Person[] | undefined;
      let only: Person | undefined;
      for (const hh of loaded.households) {
        only = hh.find((p) => p.id === wantedId);
        if (only || hh[0]?.householdId === wanted) {
          members = hh;
          break;
        }
      }
      if (!members) {
        const rejected = loaded.problems.filter((p) => p.id === wantedId || p.householdId === wanted);
        if (rejected.length > 0) {
          const lines = rejected.map((p) => `  第 ${p.row} 行 [${p.level}] ${p.column ? `${p.column}:` : ""}${p.message}`);
          throw new PayoutError("bad-argument", `该人/户因数据问题未参与核定:\n${lines.join("\n")}`);
        }
        throw new PayoutError("bad-argument", `花名册中找不到身份证号或户编号“${wanted.length >= 15 ? maskId(wanted) : wanted}”`);
      }
      const first = members[0] as Person;
      const out = [
        `${policy.county} ${year} 年度 · ${first.township}${first.village} 户编号 ${first.householdId}(${members.length} 人)${only ? ` · 本人 ${only.name}` : ""}`,
        ...members.map((m) => `  ${m.role} ${m.name} ${m.sex} ${maskId(m.id, policy.notice.maskHead, policy.notice.maskTail)}${m.deathDate ? " 已故" : ""}`),
        "",
      ];
      for (const t of explainHousehold(members, run, only)) out.push(...printTrace(t, policy.levels, policy.notice.maskHead, policy.notice.maskTail));
      process.stdout.write(out.join("\n") + "\n");
    });
}
