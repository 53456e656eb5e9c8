import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Award } from "../../src/domain/award.js";
import { pendingReasonText } from "../../src/domain/pending-reason.js";
import type { Person } from "../../src/domain/person.js";
import { emptyOnceRegistry, evaluateHousehold } from "../../src/policy/evaluate.js";
import { parsePolicyText } from "../../src/policy/parse-policy.js";
import { prepareRun } from "../../src/policy/prepare.js";
import type { Policy } from "../../src/policy/types.js";
import { daughter, household, husband, parseOrThrow, samplePolicy, samplePolicyText, son, wife } from "../helpers/household-builder.js";

// DESIGN §11.3: an award whose payee died on or before the payment date goes to 待补录; the
// person's own entitlement for the year of death is unchanged (死亡的当年享受).

const withPaymentDate = (md: string): Policy => parseOrThrow(`payment_date: "${md}"\n${samplePolicyText()}`);
const jiangfuOf = (members: readonly Person[], policy: Policy = samplePolicy()): Award => {
  const r = evaluateHousehold(members, prepareRun(policy, 2027), emptyOnceRegistry());
  const found = r.awards.filter((a) => a.code === "jiangfu" && a.id === members[1]?.id);
  assert.equal(found.length, 1);
  return found[0] as Award;
};
/** A rural couple of 65 with one son; the wife dies on `death`. */
const widowerHousehold = (death: number): Person[] => household("H1", [husband(19620101), wife(19620301, { deathDate: death }), son(19900101)]);

describe("a payee who died by the payment date", () => {
  test("奖扶 of a woman who died on 2027-05-16 keeps its 1200.00 but goes to 待补录, with the death date and what to do", () => {
    const a = jiangfuOf(widowerHousehold(20270516));
    assert.equal(a.amount, 120000);
    assert.equal(a.payeeKind, "待补录");
    assert.deepEqual(a.pendingReason, { kind: "payee-deceased", deathDate: 20270516 });
    assert.equal(pendingReasonText(a.pendingReason ?? { kind: "no-payee" }), "领款人已去世(死亡日期 2027-05-16),请确定继承人及账户");
    // the account stays on the ledger as found, for the heir's settlement
    assert.notEqual(a.account, "");
  });
  test("the payment date defaults to the reference date: a death on 12-31 is on or before it", () => {
    assert.equal(jiangfuOf(widowerHousehold(20271231)).payeeKind, "待补录");
  });
  test("with payment_date 03-31 a death on 05-16 comes after the payment: paid to her own account", () => {
    const a = jiangfuOf(widowerHousehold(20270516), withPaymentDate("03-31"));
    assert.equal(a.payeeKind, "个人");
    assert.equal(a.pendingReason, undefined);
  });
  test("a death on the payment date itself is on or before it", () => {
    assert.equal(jiangfuOf(widowerHousehold(20270331), withPaymentDate("03-31")).payeeKind, "待补录");
  });
  test("the surviving husband's own 奖扶 is paid as usual", () => {
    const members = widowerHousehold(20270516);
    const r = evaluateHousehold(members, prepareRun(samplePolicy(), 2027), emptyOnceRegistry());
    assert.deepEqual(r.awards.filter((a) => a.code === "jiangfu" && a.id === members[0]?.id).map((a) => a.payeeKind), ["个人"]);
  });
  test("a household award whose marked payee died in the year goes to 待补录 with the reason", () => {
    const members = household("H1", [husband(19600101, { payeeFlag: true, deathDate: 20270201 }), wife(19620101, { honorCertDate: 20100601 }), daughter(20100101, { stage: "高中" })]);
    const r = evaluateHousehold(members, prepareRun(samplePolicy(), 2027), emptyOnceRegistry());
    const hs = r.awards.filter((a) => a.code === "hs_grant");
    assert.equal(hs.length, 1);
    assert.equal(hs[0]?.payeeKind, "待补录");
    assert.deepEqual(r.pending.map((p) => [p.person.id, p.reason]), [[members[0]?.id, { kind: "payee-deceased", deathDate: 20270201 }]]);
  });
  test("payment_date is written month-day", () => {
    const r = parsePolicyText(`payment_date: 2027-06-30\n${samplePolicyText()}`);
    assert.equal(r.ok, false);
    assert.match(r.ok ? "" : (r.issues[0]?.message ?? ""), /payment_date 应写作 月-日/);
    assert.equal(withPaymentDate("06-30").paymentMonthDay, 630);
    assert.equal(samplePolicy().paymentMonthDay, 1231);
  });
});

describe("待补录 reasons are said in one place", () => {
  test("each reason reads as the clerk sees it", () => {
    assert.deepEqual(
      [{ kind: "no-payee" }, { kind: "no-account" }, { kind: "invalid-account" }, { kind: "payee-deceased", deathDate: 20260101 }].map((r) => pendingReasonText(r as never)),
      ["无领款人", "无开户银行或账号", "账号无效", "领款人已去世(死亡日期 2026-01-01),请确定继承人及账户"],
    );
  });
});
