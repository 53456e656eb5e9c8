import type { Command } from "commander";
import { maskAccount, maskId, normaliseIdText } from "../../domain/id-number.js";
import { formatYuan } from "../../domain/money.js";
import type { Person } from "../../domain/person.js";
import { monthLines, seenText, splitText, type Outcome, type ProgramTrace } from "../../policy/explain.js";
import { programByNameOrCode } from "../../years/objections.js";
import { computeRun } from "../../run.js";
import { toHalfWidth } from "../../roster/columns.js";
import { PayoutError } from "../../errors.js";
import { readPolicy } from "../read-policy.js";
import { guardYear, manyOption, parseYear, VERSION } from "../shared.js";
import { out as colour } from "../colour.js";

const mark = (ok: boolean): string => (ok ? colour.green("✓") : colour.red("✗"));

/** ✓ only for money the ledger holds; a qualification in the ledger is 资格; anything else, 0.00 included, is ✗. */
function outcomeMark(t: ProgramTrace): string {
  if (t.outcome.kind !== "paid") return mark(false);
  if (t.payment?.kind === "资格") return colour.green("资格");
  return mark(t.outcome.award.amount > 0);
}

interface ExplainOptions {
  year: string;
  policy?: string;
  sheet?: string;
  previous?: string[];
  exclude?: string;
  yearConfirm?: boolean;
  program?: string;
  verbose?: boolean;
}

/** Why an award the conditions allow is not in the ledger; "" when it is. */
function withheldText(o: Outcome): string {
  switch (o.kind) {
    case "paid":
    case "not-eligible":
      return "";
    case "zero":
      return "金额为 0:不列入台账";
    case "once":
      return "不列入台账:一次性项目,往年(或本次已对本户)发放过";
    case "excluded":
      return `不列入台账:与 ${o.by} 不可兼得,只发金额较高的 ${o.by}`;
    case "objection":
      return `不列入台账:公示异议,暂停发放(${o.reason})`;
    default: {
      const never: never = o;
      return String(never);
    }
  }
}

function printTrace(t: ProgramTrace, levels: readonly string[], idHead: number, idTail: number, verbose: boolean): string[] {
  const who = `${t.target.name}(${t.target.role},${maskId(t.target.id, idHead, idTail)})`;
  // ✓ only for what the ledger holds: an award withheld by excludes, once or an objection is ✗
  const lines = [`${outcomeMark(t)} ${colour.bold(t.name)}${verbose ? `(${t.code})` : ""} — ${who}`];
  for (const c of t.conditions) {
    const seen = seenText(c.values);
    lines.push(`    ${mark(c.ok)} ${c.name}${verbose ? `: ${c.source}` : ""}${seen ? `   ${seen}` : ""}`);
  }
  if (t.eligible && t.amount) {
    for (const m of monthLines(t.amount.months)) lines.push(`    · ${m}`);
    if (t.payment?.kind === "资格") {
      lines.push(`    ${t.amount.explanation}`);
    } else {
      lines.push(`    金额:${formatYuan(t.amount.amount)} 元 = ${t.amount.explanation}`);
      lines.push(`    分担:${splitText(levels, t.amount.levels)}`);
    }
    const pay = t.payment;
    if (pay && pay.kind !== "资格") {
      const payee = pay.kind === "机构" ? pay.institution : pay.payee ? `${pay.payee.name} ${pay.payee.bank} ${pay.payee.account ? maskAccount(pay.payee.account) : "(无账号)"}` : "";
      lines.push(`    领款:${pay.kind} ${payee}`);
    }
  }
  const withheld = withheldText(t.outcome);
  if (withheld) lines.push(`    ${withheld}`);
  lines.push(`    依据:${t.basis}`);
  return lines;
}

export function registerExplain(program: Command): void {
  program
    .command("explain")
    .description("说明一个人或一户的每个项目:每个条件及其取值(✓/✗;资格项目标“资格”)、按月计入情况、金额计算、各级分担和领款人")
    .argument("<花名册>", "花名册文件(.csv 或 .xlsx)")
    .argument("<身份证号或户编号>", "要说明的人(身份证号)或户(户编号)")
    .requiredOption("--year <年度>", "发放年度,如 2027(必填)")
    .option("--policy <文件>", "政策文件(YAML),默认为内置的 samples/policy.yaml")
    .option("--sheet <工作表>", "Excel 花名册的工作表名(默认第一个)")
    .addOption(manyOption("--previous <往年台账...>", "往年的 发放台账.csv 或 .xlsx(与 run 相同:一次性项目不重复发放)"))
    .option("--year-confirm", "确认 --year 无误(年度晚于明年、或早于政策参数齐全的年度时必须加)")
    .option("--exclude <文件>", "公示后的异议名单 CSV(与 run 相同:这些款项暂停发放)")
    .option("--program <名称或代码>", "只说明这一个项目(项目名称或代码)")
    .option("--verbose", "同时显示每个条件的表达式和项目代码")
    .action(async (roster: string, key: string, opts: ExplainOptions) => {
      const year = parseYear(opts.year);
      const { policy, sha256, bankTemplates } = await readPolicy(opts.policy);
      guardYear(year, policy, opts.yearConfirm);
      const chosen = opts.program === undefined ? undefined : programByNameOrCode(policy.programs, opts.program);
      if (opts.program !== undefined && !chosen) {
        throw new PayoutError("bad-argument", `--program “${opts.program}”不是政策中的项目。可填的项目名称:\n    ${policy.programs.map((p) => p.name).join("\n    ")}`);
      }
      const wanted = toHalfWidth(key).trim();
      const wantedId = normaliseIdText(key);
      // the run's own evaluation: earlier ledgers (once), objections and excludes as the ledger has them
      const result = await computeRun({
        rosterPath: roster, year, policy, policySha256: sha256, previous: opts.previous ?? [], noticeStart: 0, sheet: opts.sheet,
        version: VERSION, bankTemplates, exclude: opts.exclude, explain: { id: wantedId, householdId: wanted },
      });
      const explained = result.explained;
      if (!explained) {
        const rejected = result.problems.filter((p) => p.id === wantedId || p.householdId === wanted);
        const aside = rejected.find((p) => p.code === "set-aside" && p.id === wantedId);
        if (aside) throw new PayoutError("bad-argument", `该人不参与核定,也不计入本户的家庭情况:第 ${aside.row} 行${aside.message.slice(0, aside.message.indexOf(":"))}。本户其他人可用户编号 ${aside.householdId} 查看`);
        if (rejected.length > 0) {
          const lines = rejected.map((p) => `  第 ${p.row} 行 [${p.level}] ${p.column ? `${p.column}:` : ""}${p.message}`);
          throw new PayoutError("bad-argument", `该人/户因数据问题未参与核定:\n${lines.join("\n")}`);
        }
        throw new PayoutError("bad-argument", `花名册中找不到身份证号或户编号“${wanted.length >= 15 ? maskId(wanted) : wanted}”`);
      }
      const { members, only } = explained;
      const first = members[0] as Person;
      const out = [
        `${policy.county} ${year} 年度 · ${first.township}${first.village} 户编号 ${first.householdId}(${members.length} 人)${only ? ` · 本人 ${only.name}` : ""}`,
        ...members.map((m) => `  ${m.role} ${m.name} ${m.sex} ${maskId(m.id, policy.notice.maskHead, policy.notice.maskTail)}${m.deathDate ? " 已故" : ""}`),
        "",
      ];
      const traces = chosen ? explained.traces.filter((t) => t.code === chosen.code) : explained.traces;
      if (chosen && traces.length === 0) out.push(`${chosen.name}:本年度未施行,或不适用于此人/户`);
      for (const t of traces) out.push(...printTrace(t, policy.levels, policy.notice.maskHead, policy.notice.maskTail, opts.verbose === true));
      process.stdout.write(out.join("\n") + "\n");
    });
}
