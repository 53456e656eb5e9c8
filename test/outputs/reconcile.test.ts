import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Award } from "../../src/domain/award.js";
import type { Fen } from "../../src/domain/money.js";
import { reconcile, type ReturnLine } from "../../src/outputs/reconcile.js";

const award = (code: string, account: string, yuan: number, name = "张三"): Award => ({
  year: 2027, township: "白沙镇", village: "前进村", householdId: "H1", name, id: "349901196001010614", role: "夫", sex: "男", birth: 19600101,
  code, programName: code, category: "奖励", amount: (yuan * 100) as Fen, payeeKind: "个人", payeeName: name, payeeId: "349901196001010614",
  bank: "农村信用社", account, levels: [(yuan * 100) as Fen], explanation: "",
});
const line = (row: number, account: string, yuan: number, status: ReturnLine["status"], reason = ""): ReturnLine => ({ row, account, name: "张三", amount: (yuan * 100) as Fen, status, reason });

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
});
