import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { householdFacts, householdPayee, isAliveForYear, isLiving, runDates } from "../../src/domain/facts.js";
import { hasUsableAccount } from "../../src/domain/person.js";
import { daughter, household, husband, son, wife } from "../helpers/household-builder.js";

const Y2027 = runDates(2027);

describe("the run's dates", () => {
  test("a 2027 run starts on 2027-01-01 and looks at 2027-12-31", () => {
    assert.deepEqual(runDates(2027), { year: 2027, start: 20270101, reference: 20271231, end: 20271231, payment: 20271231 });
  });
  test("the policy may move the reference date", () => {
    assert.equal(runDates(2027, 630).reference, 20270630);
  });
});

describe("alive for the year (当年健在)", () => {
  test("a person with no death date is alive for the year", () => {
    assert.equal(isAliveForYear(husband(19600101), Y2027), true);
  });
  test("a person who dies during the year is paid for that year", () => {
    assert.equal(isAliveForYear(husband(19600101, { deathDate: 20270630 }), Y2027), true);
    assert.equal(isAliveForYear(husband(19600101, { deathDate: 20271231 }), Y2027), true);
  });
  test("a person who dies on 1 January is still alive for that year", () => {
    assert.equal(isAliveForYear(husband(19600101, { deathDate: 20270101 }), Y2027), true);
  });
  test("a person who died the year before leaves this year", () => {
    assert.equal(isAliveForYear(husband(19600101, { deathDate: 20261231 }), Y2027), false);
  });
});

describe("living (现存) for household composition", () => {
  test("a person with no death date is living", () => {
    assert.equal(isLiving(son(20000101), Y2027), true);
  });
  test("a child who died in the year is not living", () => {
    const child = son(20000101, { deathDate: 20270301 });
    assert.equal(isLiving(child, Y2027), false);
    const hh = householdFacts(household("H1", [husband(19600101), wife(19620101), child]), Y2027);
    assert.equal(hh.childrenEver, 1);
    assert.equal(hh.childrenLiving, 0);
  });
  test("a child who dies after a moved reference date is still living on it", () => {
    assert.equal(isLiving(son(20000101, { deathDate: 20270901 }), runDates(2027, 630)), true);
  });
});

describe("parents and children", () => {
  test("parents are the 夫 and 妻 rows; children are every 子女 row, born or adopted, living or not", () => {
    const hh = householdFacts(
      household("H1", [husband(19600101), wife(19620101), son(19900101, { deathDate: 20100101 }), daughter(19950101, { adopted: true })]),
      Y2027,
    );
    assert.equal(hh.parents.length, 2);
    assert.equal(hh.childrenEver, 2);
    assert.equal(hh.childrenLiving, 1);
    assert.equal(hh.sonsEver, 1);
    assert.equal(hh.daughtersEver, 1);
    assert.equal(hh.sonsLiving, 0);
    assert.equal(hh.daughtersLiving, 1);
  });
});

describe("rural household (农村户)", () => {
  test("a household whose every parent is 农业 is rural", () => {
    assert.equal(householdFacts(household("H1", [husband(19600101), wife(19620101), son(19900101)]), Y2027).rural, true);
  });
  test("one 非农业 parent makes the household not rural", () => {
    assert.equal(householdFacts(household("H1", [husband(19600101, { rural: false }), wife(19620101)]), Y2027).rural, false);
  });
  test("a parent with a blank 户籍性质 does not count as 农业", () => {
    assert.equal(householdFacts(household("H1", [husband(19600101, { rural: undefined }), wife(19620101)]), Y2027).rural, false);
  });
  test("a single 农业 parent makes a rural household", () => {
    assert.equal(householdFacts(household("H1", [wife(19620101), daughter(19900101)]), Y2027).rural, true);
  });
  test("a household with no 夫/妻 rows takes rural from its own rows' 户籍性质 (§11.3)", () => {
    assert.equal(householdFacts(household("H1", [son(19900101, { rural: true })]), Y2027).rural, true);
    assert.equal(householdFacts(household("H1", [daughter(19900101, { rural: false }), daughter(19920101, { rural: false })]), Y2027).rural, false);
  });
  test("a household with no 夫/妻 rows is not rural when any row says 非农业 or none says anything", () => {
    assert.equal(householdFacts(household("H1", [daughter(19900101, { rural: true }), daughter(19920101, { rural: false })]), Y2027).rural, false);
    assert.equal(householdFacts(household("H1", [daughter(19900101), daughter(19920101)]), Y2027).rural, false);
  });
});

describe("独生子女家庭 (only-child family)", () => {
  test("a parent's 光荣证 and exactly one child make an only-child family", () => {
    const hh = householdFacts(household("H1", [husband(19600101, { honorCertDate: 19910501 }), wife(19620101), son(19900101)]), Y2027);
    assert.equal(hh.onlyChildFamily, true);
    assert.equal(hh.honorCertDate, 19910501);
    assert.equal(hh.onlyChild?.birth, 19900101);
  });
  test("the 光荣证 may be held by either parent", () => {
    const hh = householdFacts(household("H1", [husband(19600101), wife(19620101, { honorCertDate: 19910501 }), son(19900101)]), Y2027);
    assert.equal(hh.onlyChildFamily, true);
  });
  test("a 光荣证 dated on the reference date counts", () => {
    const hh = householdFacts(household("H1", [husband(19600101), wife(19620101, { honorCertDate: 20271231 }), son(20200101)]), Y2027);
    assert.equal(hh.onlyChildFamily, true);
  });
  test("a 光荣证 dated after the reference date does not count yet", () => {
    const hh = householdFacts(household("H1", [husband(19600101), wife(19620101, { honorCertDate: 20280105 }), son(20200101)]), Y2027);
    assert.equal(hh.onlyChildFamily, false);
    assert.equal(hh.honorCertDate, 0);
  });
  test("without a 光荣证 one child does not make an only-child family", () => {
    assert.equal(householdFacts(household("H1", [husband(19600101), wife(19620101), son(19900101)]), Y2027).onlyChildFamily, false);
  });
  test("a dead child counts: a second child who died means not an only-child family", () => {
    const hh = householdFacts(
      household("H1", [husband(19600101, { honorCertDate: 19910501 }), wife(19620101), son(19900101), daughter(19920101, { deathDate: 19930101 })]),
      Y2027,
    );
    assert.equal(hh.onlyChildFamily, false);
    assert.equal(hh.onlyChild, undefined);
  });
  test("with two certificates the earlier date is the household's", () => {
    const hh = householdFacts(
      household("H1", [husband(19600101, { honorCertDate: 19950101 }), wife(19620101, { honorCertDate: 19910501 }), son(19900101)]),
      Y2027,
    );
    assert.equal(hh.honorCertDate, 19910501);
  });
});

describe("二女家庭 and 纯女户", () => {
  test("exactly two children, both daughters, is a two-girl family", () => {
    const hh = householdFacts(household("H1", [husband(19600101), wife(19620101), daughter(19900101), daughter(19930101)]), Y2027);
    assert.equal(hh.twoGirls, true);
    assert.equal(hh.girlsOnly, true);
  });
  test("a dead daughter still counts among the two", () => {
    const hh = householdFacts(household("H1", [wife(19620101), daughter(19900101), daughter(19930101, { deathDate: 20000101 })]), Y2027);
    assert.equal(hh.twoGirls, true);
  });
  test("a son and a daughter are not a two-girl family", () => {
    const hh = householdFacts(household("H1", [wife(19620101), son(19900101), daughter(19930101)]), Y2027);
    assert.equal(hh.twoGirls, false);
    assert.equal(hh.girlsOnly, false);
  });
  test("three daughters are 纯女户 but not 二女家庭", () => {
    const hh = householdFacts(household("H1", [wife(19620101), daughter(19900101), daughter(19930101), daughter(19950101)]), Y2027);
    assert.equal(hh.twoGirls, false);
    assert.equal(hh.girlsOnly, true);
  });
  test("one daughter is 纯女户", () => {
    assert.equal(householdFacts(household("H1", [wife(19620101), daughter(19900101)]), Y2027).girlsOnly, true);
  });
  test("a son who died still means the household is not 纯女户", () => {
    const hh = householdFacts(household("H1", [wife(19620101), daughter(19900101), son(19930101, { deathDate: 19940101 })]), Y2027);
    assert.equal(hh.girlsOnly, false);
  });
  test("a household with no child is not 纯女户", () => {
    assert.equal(householdFacts(household("H1", [husband(19600101), wife(19620101)]), Y2027).girlsOnly, false);
  });
});

describe("mother's age (女方年龄)", () => {
  test("is the age of the wife alive for the year", () => {
    const hh = householdFacts(household("H1", [husband(19600101), wife(19780615), son(20000101)]), Y2027);
    assert.equal(hh.motherAge, 49);
  });
  test("a wife who dies during the year still gives the mother's age", () => {
    const hh = householdFacts(household("H1", [husband(19600101), wife(19780615, { deathDate: 20270301 })]), Y2027);
    assert.equal(hh.motherAge, 49);
  });
  test("when the wife died before the year, the husband's age is taken", () => {
    const hh = householdFacts(household("H1", [husband(19600101), wife(19780615, { deathDate: 20200101 })]), Y2027);
    assert.equal(hh.motherAge, 67);
  });
  test("a single father's age is the mother's age", () => {
    assert.equal(householdFacts(household("H1", [husband(19700101), son(20000101)]), Y2027).motherAge, 57);
  });
  test("a household without parents has no mother's age", () => {
    assert.equal(householdFacts(household("H1", [son(20000101)]), Y2027).motherAge, -1);
  });
});

describe("household flags", () => {
  test("a 违法生育 mark on any row, a child's included, marks the household", () => {
    assert.equal(householdFacts(household("H1", [husband(19600101), wife(19620101), son(19900101, { illegalBirth: true })]), Y2027).anyIllegalBirth, true);
    assert.equal(householdFacts(household("H1", [husband(19600101), wife(19620101), son(19900101)]), Y2027).anyIllegalBirth, false);
  });
  test("困难家庭 on any row makes the household 困难", () => {
    assert.equal(householdFacts(household("H1", [husband(19600101), wife(19620101), daughter(20100101, { hardship: true })]), Y2027).hardship, true);
  });
  test("the household's contraception and waiver dates are the parents' earliest", () => {
    const hh = householdFacts(
      household("H1", [husband(19600101, { contraceptionDate: 19950101, waiverDate: 20270301 }), wife(19620101, { contraceptionDate: 19920101 })]),
      Y2027,
    );
    assert.equal(hh.contraceptionDate, 19920101);
    assert.equal(hh.waiverDate, 20270301);
  });
});

describe("household payee (领款人)", () => {
  test("the row marked 领款人 receives, even when the wife has an account", () => {
    const members = household("H1", [husband(19600101, { payeeFlag: true }), wife(19620101), son(19900101)]);
    assert.equal(householdPayee(members, Y2027)?.role, "夫");
  });
  test("a child marked 领款人 receives", () => {
    const members = household("H1", [husband(19600101), wife(19620101), son(19900101, { payeeFlag: true, bank: "农商银行", account: "6217000012345678" })]);
    assert.equal(householdPayee(members, Y2027)?.role, "子女");
  });
  test("without a mark, the wife alive for the year with an account receives", () => {
    const members = household("H1", [husband(19600101), wife(19620101), son(19900101)]);
    assert.equal(householdPayee(members, Y2027)?.role, "妻");
  });
  test("a wife without an account gives way to a husband with one", () => {
    const members = household("H1", [husband(19600101), wife(19620101, { bank: "", account: "" }), son(19900101)]);
    assert.equal(householdPayee(members, Y2027)?.role, "夫");
  });
  test("an account of too few digits, or without a bank, is not usable", () => {
    const short = wife(19620101, { account: "1234567" });
    const noBank = wife(19620101, { bank: "" });
    assert.equal(hasUsableAccount(short), false);
    assert.equal(hasUsableAccount(noBank), false);
    assert.equal(householdPayee(household("H1", [husband(19600101), short]), Y2027)?.role, "夫");
  });
  test("a wife who died before the year gives way to the husband", () => {
    const members = household("H1", [husband(19600101), wife(19620101, { deathDate: 20250101 })]);
    assert.equal(householdPayee(members, Y2027)?.role, "夫");
  });
  test("when no parent has an account, the wife alive for the year receives", () => {
    const members = household("H1", [husband(19600101, { account: "" }), wife(19620101, { account: "" })]);
    assert.equal(householdPayee(members, Y2027)?.role, "妻");
  });
  test("a living wife without account comes before a dead husband with one", () => {
    const members = household("H1", [husband(19600101, { deathDate: 20250101 }), wife(19620101, { account: "" })]);
    assert.equal(householdPayee(members, Y2027)?.role, "妻");
  });
  test("a husband alive without account comes before a dead wife", () => {
    const members = household("H1", [husband(19600101, { account: "" }), wife(19620101, { deathDate: 20250101 })]);
    assert.equal(householdPayee(members, Y2027)?.role, "夫");
  });
  test("when no parent is alive for the year, the wife's row is the payee", () => {
    const members = household("H1", [husband(19600101, { deathDate: 20250101 }), wife(19620101, { deathDate: 20250101 }), son(19900101)]);
    assert.equal(householdPayee(members, Y2027)?.role, "妻");
  });
  test("without a wife row, the dead husband's row is the payee", () => {
    const members = household("H1", [son(19900101), husband(19600101, { deathDate: 20250101 })]);
    assert.equal(householdPayee(members, Y2027)?.role, "夫");
  });
  test("householdFacts carries the same payee", () => {
    const members = household("H1", [husband(19600101), wife(19620101, { account: "" })]);
    assert.equal(householdFacts(members, Y2027).payee, householdPayee(members, Y2027));
  });
});
