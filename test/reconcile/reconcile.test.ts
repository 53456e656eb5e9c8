import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Award } from "../../src/domain/award.js";
import type { Fen } from "../../src/domain/money.js";
import { reconcile, returnLine, type ReturnLine } from "../../src/reconcile/reconcile.js";

const award = (code: string, account: string, yuan: number, name = "张三"): Award => ({
  year: 2027, township: "白沙镇", village: "前进村", householdId: "H1", name, id: "349901196001010614", role: "夫", sex: "男", birth: 19600101,
  code, programName: code, category: "奖励", amount: (yuan * 100) as Fen, payeeKind: "个人", payeeName: name, payeeId: "349901196001010614",
  bank: "农村信用社", account, levels: [(yuan * 100) as Fen], explanation: "",
});
const line = (row: number, account: string, yuan: number, status: ReturnLine["status"], reason = ""): ReturnLine => ({ row, account, name: "张三", amount: (yuan * 100) as Fen, status, reason, accountWasNumber: false });

describe("reconciling a bank return with the ledger", () => {
  it("matches a line to the award of the same account and amount, and a failed line keeps its reason", () => {
    const r = reconcile([line(2, "111", 1200, "成功"), line(3, "222", 300, "失败", "已销户")], [award("jiangfu", "111", 1200), award("contra_bonus", "222", 300)]);
    assert.equal(r.succeeded.length, 1);
    assert.equal(r.failed[0]?.awards[0]?.code, "contra_bonus");
    assert.equal(r.failed[0]?.line.reason, "已销户");
    assert.equal(r.unmatched.length, 0);
  });
  it("a line per payee and programme matches that programme's awards summed; a line per payee matches them all", () => {
    const ledger = [award("dibao_topup", "111", 1440), award("dibao_topup", "111", 1440), award("jiangfu", "111", 1200)];
    const byProgram = reconcile([line(2, "111", 2880, "成功"), line(3, "111", 1200, "成功")], ledger);
    assert.deepEqual(byProgram.succeeded.map((x) => x.awards.length), [2, 1]);
    const byPayee = reconcile([line(2, "111", 4080, "成功")], ledger);
    assert.equal(byPayee.succeeded[0]?.awards.length, 3);
  });
  it("a line that matches nothing, or matches an award already reconciled, is listed as unmatched, never dropped", () => {
    const lines = [line(2, "111", 1200, "成功"), line(3, "111", 1200, "成功"), line(4, "999", 5, "失败"), line(5, "111", 7, "成功")];
    const r = reconcile(lines, [award("jiangfu", "111", 1200)]);
    assert.equal(r.succeeded.length + r.failed.length + r.unmatched.length, lines.length);
    assert.deepEqual(r.unmatched.map((u) => u.line.row), [3, 4, 5]);
  });
  it("a line whose status is neither 成功 nor 失败 is unmatched and leaves its award open", () => {
    const r = reconcile([line(2, "111", 1200, "不明"), line(3, "111", 1200, "成功")], [award("jiangfu", "111", 1200)]);
    assert.equal(r.unmatched.length, 1);
    assert.equal(r.succeeded.length, 1);
  });

  it("不成功 and 交易未成功 are failures, not successes", () => {
    const col = { account: 0, name: 1, amount: 2, status: 3, reason: 4 };
    assert.equal(returnLine(["111", "张三", "1.00", "不成功", ""], 2, col).status, "失败");
    assert.equal(returnLine(["111", "张三", "1.00", "交易未成功", ""], 2, col).status, "失败");
    assert.equal(returnLine(["111", "张三", "1.00", "处理成功", ""], 2, col).status, "成功");
  });
  it("a 户名 that disagrees with the ledger, a repeated line and an account stored as a number are unmatched, each saying why", () => {
    const other = { ...line(2, "111", 1200, "成功"), name: "李四" };
    const r = reconcile([other, line(3, "111", 1200, "成功"), line(4, "111", 1200, "成功"), { ...line(5, "111", 1200, "成功"), accountWasNumber: true }], [award("jiangfu", "111", 1200)]);
    assert.deepEqual(r.unmatched.map((u) => [u.line.row, u.why.slice(0, 6)]), [[2, "户名与台账不"], [4, "该账号的款项"], [5, "账号被存成了"]]);
    assert.equal(r.succeeded.length, 1);
  });
  it("a line that fits more than one award (or payee's set) is unmatched, 无法唯一匹配 — never the first that fits", () => {
    // no 户名, an account shared by two payees, each paid 1200
    const wife = { ...award("jiangfu", "111", 1200, "李四"), id: "349901196201010620", payeeId: "349901196201010620" };
    const lines = [{ ...line(2, "111", 1200, "失败", "已销户"), name: "" }];
    const r = reconcile(lines, [award("jiangfu", "111", 1200), wife]);
    assert.equal(r.failed.length, 0);
    assert.deepEqual(r.unmatched.map((u) => u.why.slice(0, 6)), ["无法唯一匹配"]);
    // with the 户名 the same line is unambiguous
    const named = reconcile([{ ...lines[0] as ReturnLine, name: "李四" }], [award("jiangfu", "111", 1200), wife]);
    assert.deepEqual(named.failed.map((f) => f.awards.map((a) => a.payeeName)), [["李四"]]);
  });
  it("one payee's two programmes of the same amount cannot be told apart by a line of that amount", () => {
    const r = reconcile([line(2, "111", 300, "成功")], [award("contra_bonus", "111", 300), award("girl_aid", "111", 300)]);
    assert.match(r.unmatched[0]?.why ?? "", /^无法唯一匹配/);
    // the line for both together is one payee's whole set: unambiguous
    assert.equal(reconcile([line(2, "111", 600, "成功")], [award("contra_bonus", "111", 300), award("girl_aid", "111", 300)]).succeeded[0]?.awards.length, 2);
  });
});
