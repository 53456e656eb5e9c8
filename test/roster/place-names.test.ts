import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { MAX_PLACE_NAME, unsafePlaceName } from "../../src/roster/place-names.js";

describe("place and bank names that become file and sheet names", () => {
  it("refuses what no file system or workbook takes, and says why", () => {
    assert.equal(unsafePlaceName("青山镇"), undefined);
    assert.equal(unsafePlaceName(""), undefined);
    assert.match(unsafePlaceName("..") ?? "", /不能用作文件名/);
    assert.match(unsafePlaceName(".隐藏") ?? "", /隐藏文件/);
    assert.match(unsafePlaceName("白沙村 ") ?? "", /结尾/);
    assert.match(unsafePlaceName("一/二村") ?? "", /不允许的字符“\/”/);
    assert.match(unsafePlaceName("村\u0007") ?? "", /控制字符/);
    assert.match(unsafePlaceName("CON") ?? "", /保留设备名/);
    assert.match(unsafePlaceName("nul.txt") ?? "", /保留设备名/);
    assert.match(unsafePlaceName("History") ?? "", /保留的工作表名/);
    assert.match(unsafePlaceName("村".repeat(MAX_PLACE_NAME + 1)) ?? "", /超过 50 个/);
  });

  it("gives the same verdict the second time, and after thousands of other names (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom("a", "村", ".", " ", "/", "C", "O", "N", "\u0001"), maxLength: 6 }), { maxLength: 30 }), (names) => {
        const first = names.map(unsafePlaceName);
        for (let i = 0; i < 10_050; i++) unsafePlaceName(`第${i}村`);
        assert.deepEqual(names.map(unsafePlaceName), first);
      }),
      { numRuns: 20 },
    );
  });
});
