import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Award } from "../../src/domain/award.js";
import { withLuhn } from "../../src/domain/id-number.js";
import type { Fen } from "../../src/domain/money.js";
import type { Bank } from "../../src/policy/banks.js";
import { matchSupplement, supplementSummary, type SupplementLine } from "../../src/reconcile/supplement.js";
import { idFor } from "../helpers/household-builder.js";

const HUSBAND = idFor(19600101, "男", 1);
const WIFE = idFor(19620101, "女", 2);
const HEIR = idFor(19900101, "男", 3);
const pending = (id: string, programName: string, yuan: number, payeeId = id): Award => ({
  year: 2027, township: "白沙镇", village: "前进村", householdId: "H1", name: "张三", id, role: "夫", sex: "男", birth: 19600101,
  code: programName === "奖扶" ? "jiangfu" : "pension_topup", programName, category: "奖励", amount: (yuan * 100) as Fen, payeeKind: "待补录",
  payeeName: "张三", payeeId, bank: "", account: "", levels: [(yuan * 100) as Fen], explanation: "",
});
const ledger = [pending(HUSBAND, "奖扶", 1200), pending(HUSBAND, "养老金补贴", 1440), pending(WIFE, "奖扶", 1200), { ...pending(WIFE, "养老金补贴", 1440), payeeKind: "个人" as const, bank: "农行", account: withLuhn("622848000000000001") }];
const banks: Bank[] = [
  { name: "中国农业银行", aliases: ["农行"], prefixes: ["622848"], template: undefined },
  { name: "来安农村商业银行", aliases: ["农商行"], prefixes: ["621336"], template: undefined },
];
const ABC = withLuhn("622848000000000012");
const line = (row: number, id: string, programName: string, amount: string, fill: Partial<SupplementLine> = {}): SupplementLine => ({
  row, id, programName, amount, reason: "无开户银行或账号", phone: "", payeeName: "", payeeId: "", bank: "", account: "", ...fill,
});

describe("payout supplement: lines matched to their 待补录 awards (DESIGN §11.3)", () => {
  it("a line with 开户银行 and 银行账号 is paid to that account, the payee kept; a blank line stays open; filled + open = lines", () => {
    const r = matchSupplement([line(4, HUSBAND, "奖扶", "1200.00", { bank: "农行", account: ABC }), line(5, HUSBAND, "养老金补贴", "1440", { phone: "13900000000" }), line(6, WIFE, "奖扶", "1200.00")], ledger, banks);
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.filled.map((a) => [a.payeeKind, a.payeeName, a.payeeId, a.bank, a.account, a.amount]), [["个人", "张三", HUSBAND, "中国农业银行", ABC, 120000]]);
    assert.deepEqual(r.open.map((a) => [a.programName, a.payeeKind, a.phone]), [["养老金补贴", "待补录", "13900000000"], ["奖扶", "待补录", undefined]]);
    assert.deepEqual(supplementSummary(r), { lines: 3, filled: 1, open: 2, amount_filled: "1200.00", amount_open: "2640.00" });
  });
  it("a payee who died needs the heir named: name and ID, then the heir is paid", () => {
    const dead = { reason: "领款人已去世(死亡日期 2027-05-16),请确定继承人及账户", bank: "农行", account: ABC };
    const missing = matchSupplement([line(4, HUSBAND, "奖扶", "1200.00", dead)], ledger, banks);
    assert.match(missing.errors[0] ?? "", /^第 4 行.*须填写新领款人\(继承人\)的姓名和身份证号/);
    const r = matchSupplement([line(4, HUSBAND, "奖扶", "1200.00", { ...dead, payeeName: "张小三", payeeId: HEIR.toLowerCase() })], ledger, banks);
    assert.deepEqual(r.errors, []);
    assert.deepEqual([r.filled[0]?.payeeName, r.filled[0]?.payeeId], ["张小三", HEIR]);
  });
  it("each wrong value is an error naming the row: ID check digit, account digits, amount, a line not in the ledger or not pending, a half-filled line, a line twice", () => {
    const badId = HEIR.slice(0, 17) + (HEIR.endsWith("0") ? "1" : "0");
    const r = matchSupplement([
      line(4, HUSBAND, "奖扶", "1200.00", { payeeName: "张小三", payeeId: badId, bank: "农行", account: ABC }),
      line(5, HUSBAND, "养老金补贴", "1440.00", { bank: "农行", account: "12AB" }),
      line(6, WIFE, "奖扶", "1300.00", { bank: "农行", account: ABC }),
      line(7, HEIR, "奖扶", "1200.00", { bank: "农行", account: ABC }),
      line(8, WIFE, "养老金补贴", "1440.00", { bank: "农行", account: ABC }),
    ], ledger, banks);
    assert.deepEqual(r.errors.map((e) => e.slice(0, 5)), ["第 4 行", "第 5 行", "第 6 行", "第 7 行", "第 8 行"]);
    assert.match(r.errors[0] ?? "", /领款人身份证号.*无效/);
    assert.match(r.errors[1] ?? "", /8–30 位数字/);
    assert.match(r.errors[2] ?? "", /金额 1300.00 与台账的 1200.00 不符/);
    assert.match(r.errors[3] ?? "", /台账中没有这笔款项/);
    assert.match(r.errors[4] ?? "", /不是待补录款项/);
    const half = matchSupplement([line(9, WIFE, "奖扶", "1200.00", { account: ABC })], ledger, banks);
    assert.match(half.errors[0] ?? "", /第 9 行.*缺少开户银行/);
    const twice = matchSupplement([line(4, WIFE, "奖扶", "1200.00"), line(5, WIFE, "奖扶", "1200.00")], ledger, banks);
    assert.match(twice.errors[0] ?? "", /第 5 行.*与第 4 行是同一笔款项/);
  });
  it("no error message shows a full ID or account", () => {
    const r = matchSupplement([line(4, HEIR, "奖扶", "1200.00", { bank: "农行", account: ABC })], ledger, banks);
    assert.ok(!r.errors.join("").includes(HEIR));
  });
  it("an unknown bank, another bank's card and a Luhn failure are warnings; the line is still paid", () => {
    const r = matchSupplement([
      line(4, HUSBAND, "奖扶", "1200.00", { bank: "建设银行", account: withLuhn("621700000000000012") }),
      line(5, HUSBAND, "养老金补贴", "1440.00", { bank: "农商行", account: ABC }),
      line(6, WIFE, "奖扶", "1200.00", { bank: "农行", account: "6228480000000000010" === withLuhn("622848000000000001") ? "6228480000000000011" : "6228480000000000010" }),
    ], ledger, banks);
    assert.deepEqual(r.errors, []);
    assert.equal(r.filled.length, 3);
    assert.match(r.warnings[0] ?? "", /第 4 行.*建设银行.*不在政策的银行列表中/);
    assert.match(r.warnings[1] ?? "", /第 5 行.*622848 属于 中国农业银行/);
    assert.match(r.warnings[2] ?? "", /第 6 行.*未通过校验/);
  });
});
