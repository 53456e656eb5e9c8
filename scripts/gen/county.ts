// A synthetic county: townships (乡镇) with villages (村), filled household by household.
import { buildHousehold, type Knobs } from "./households.js";
import { IdAllocator } from "./people.js";
import { Rng, deriveSeed } from "./random.js";
import { BadRows } from "./bad-rows.js";
import type { GeneratedRow } from "./row.js";

export const TOWNSHIPS = [
  "白沙镇", "金沙乡", "青山镇", "石桥镇", "柳河乡", "东岗镇", "龙泉镇", "三河乡", "长岭镇", "新华镇",
  "马鞍乡", "黄土镇", "清水乡", "大王镇", "杨柳镇", "红石乡", "双河镇", "平安乡", "高桥镇", "永丰镇",
];
const VILLAGES = [
  "前进村", "红旗村", "金星村", "银河村", "胜利村", "团结村", "新民村", "光明村", "和平村", "东风村",
  "幸福村", "建设村", "联合村", "五星村", "友谊村", "长胜村", "永安村", "太平村", "兴隆村", "丰收村",
  "桃园村", "杨庄村", "李家村", "王庄村", "张湾村", "陈岗村", "刘集村", "周圩村", "大树村", "石门村",
];

export interface Village {
  readonly township: string;
  readonly village: string;
  readonly regionCode: string;
  readonly villageNo: number;
  /** Share of urban (非农业) households: high in a town's 社区. */
  readonly urbanShare: number;
}

/** The county's villages for a roster of `rows` rows: about 2,500 rows a village, up to 20 × 25. */
export function countyLayout(rows: number, rng: Rng): Village[] {
  const townships = Math.min(20, Math.max(2, Math.round(Math.sqrt(rows / 2500))));
  const perTownship = Math.min(25, Math.max(2, Math.round(rows / (townships * 2500))));
  const out: Village[] = [];
  for (let t = 0; t < townships; t++) {
    const township = TOWNSHIPS[t] ?? `第${t + 1}乡`;
    const offset = rng.int(0, VILLAGES.length - 1);
    for (let v = 0; v < perTownship; v++) {
      const seat = v === 0 && township.endsWith("镇");
      const village = seat ? `${township.slice(0, -1)}社区` : VILLAGES[(offset + v) % VILLAGES.length] ?? `第${v}村`;
      out.push({ township, village, regionCode: `3499${String(t + 1).padStart(2, "0")}`, villageNo: v + 1, urbanShare: seat ? 0.6 : 0.08 });
    }
  }
  return out;
}

export const householdId = (v: Village, n: number): string => `${v.regionCode}${String(v.villageNo).padStart(3, "0")}${String(n).padStart(4, "0")}`;

export interface CountyOptions {
  readonly rows: number;
  readonly seed: number;
  readonly year: number;
  /** Share of rows made bad on purpose (0–1). */
  readonly badRate: number;
}

/** Exactly `rows` rows, streamed: villages in turn, households in each; the last household is cut to fit. */
export function* generateCounty(opts: CountyOptions): Generator<GeneratedRow> {
  const rng = new Rng(opts.seed);
  const bad = new BadRows(new Rng(deriveSeed(opts.seed, 1)), opts.year);
  const badRng = new Rng(deriveSeed(opts.seed, 2));
  const villages = countyLayout(opts.rows, rng);
  const ids = new IdAllocator();
  const counters = new Array<number>(villages.length).fill(0);
  let emitted = 0;
  while (emitted < opts.rows) {
    const vi = Math.min(villages.length - 1, Math.floor((emitted * villages.length) / opts.rows));
    const v = villages[vi];
    if (!v) break;
    counters[vi] = (counters[vi] ?? 0) + 1;
    const knobs: Knobs = {};
    const rows = buildHousehold(rng, ids, opts.year, { ...v, householdId: householdId(v, counters[vi] ?? 0) }, knobs);
    for (const cells of rows) {
      if (emitted >= opts.rows) break;
      const row: GeneratedRow = { cells, bad: undefined };
      if (opts.badRate > 0 && badRng.chance(opts.badRate)) bad.spoil(row, bad.nextKind());
      else bad.remember(row);
      emitted++;
      yield row;
    }
  }
}
