import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { Award } from "../../src/domain/award.js";
import type { Fen } from "../../src/domain/money.js";
import { changeList } from "../../src/years/changes.js";
import { withholdObjections } from "../../src/years/objections.js";
import type { PreviousAward } from "../../src/years/previous.js";
import { parsePolicyText } from "../../src/policy/parse-policy.js";

const parsed = parsePolicyText(readFileSync(new URL("../../samples/policy.yaml", import.meta.url), "utf8"));
if (!parsed.ok) throw new Error("sample policy");
const policy = parsed.value;

const award = (code: string, id: string, householdId: string, yuan: number): Award => ({
  year: 2027, township: "白沙镇", village: "前进村", householdId, name: "某", id, role: "妻", sex: "女", birth: 19700101, code, programName: code,
  category: "奖励", amount: (yuan * 100) as Fen, payeeKind: "个人", payeeName: "某", payeeId: id, bank: "农村信用社", account: "6228480000000009019",
  levels: [0, 0, 0, (yuan * 100) as Fen] as Fen[], explanation: "",
});
const earlier = (code: string, id: string, householdId: string, yuan: number): PreviousAward => ({
  year: 2026, township: "白沙镇", village: "前进村", householdId, name: "某", id, code, programName: code, amount: (yuan * 100) as Fen, payeeId: id,
});

describe("the change list", () => {
  it("sorts this year against last year into 新增, 退出 and 金额变动, and 本年 = 上年 − 退出 + 新增", () => {
    const previous = [earlier("jiangfu", "A", "H1", 1200), earlier("contra_bonus", "B", "H2", 300), earlier("oc_care", "C", "H3", 120)];
    const now = [award("jiangfu", "A", "H1", 1200), award("jiangfu", "B", "H2", 1200), award("oc_care", "C", "H3", 60)];
    const c = changeList(policy, previous, now, [], () => "不再符合:未满60周岁");
    assert.deepEqual(c.added.map((a) => `${a.id}:${a.code}`), ["B:jiangfu"]);
    assert.deepEqual(c.exited.map((e) => `${e.previous.id}:${e.previous.code}:${e.reason}`), ["B:contra_bonus:不再符合:未满60周岁"]);
    assert.deepEqual(c.changed.map((x) => x.award.code), ["oc_care"]);
    for (const s of c.summary) assert.equal(s.current, s.previous - s.exited + s.added, s.code);
  });
  it("a household programme is matched by 户编号, so a change of payee is neither an exit nor an entry", () => {
    const c = changeList(policy, [earlier("priority", "WIFE", "H1", 0)], [award("priority", "HUSBAND", "H1", 0)], [], () => "");
    assert.equal(c.added.length + c.exited.length, 0);
  });
});

describe("objections (--exclude)", () => {
  it("withholds the awards booked on the objected ID — all of them, or only the named programme — and reports objections that match nothing", () => {
    const awards = [award("jiangfu", "A", "H1", 1200), award("ncms_premium", "A", "H1", 400), award("jiangfu", "B", "H2", 1200)];
    const r = withholdObjections(awards, [{ id: "A", code: "", reason: "外出" }, { id: "B", code: "ncms_premium", reason: "重复" }]);
    assert.deepEqual(r.withheld.map((w) => `${w.award.id}:${w.award.code}:${w.reason}`), ["A:jiangfu:外出", "A:ncms_premium:外出"]);
    assert.deepEqual(r.kept.map((a) => `${a.id}:${a.code}`), ["B:jiangfu"]);
    assert.deepEqual(r.unmatched.map((o) => `${o.id}:${o.code}`), ["B:ncms_premium"]);
  });
});
