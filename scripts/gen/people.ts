// Names, dates, ID numbers, bank accounts and phones for synthetic roster people.
import { checkDigit, withLuhn } from "../../src/domain/id-number.js";
import type { DateNum } from "../../src/domain/dates.js";
import type { Rng } from "./random.js";

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const MALE_CHARS = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘";
const FEMALE_CHARS = "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽";

const pickChar = (rng: Rng, chars: string): string => chars[Math.floor(rng.next() * chars.length)] ?? "明";

export const randomSurname = (rng: Rng): string => pickChar(rng, SURNAMES);

export function randomName(rng: Rng, male: boolean, surname = randomSurname(rng)): string {
  const chars = male ? MALE_CHARS : FEMALE_CHARS;
  const given = rng.chance(0.75) ? pickChar(rng, chars) + pickChar(rng, chars) : pickChar(rng, chars);
  return surname + given;
}

// Dates: yyyymmdd numbers, converted through epoch days for arithmetic.
const DAY_MS = 86400000;
export const toDays = (d: DateNum): number =>
  Date.UTC(Math.floor(d / 10000), (Math.floor(d / 100) % 100) - 1, d % 100) / DAY_MS;
export function fromDays(days: number): DateNum {
  const dt = new Date(days * DAY_MS);
  return dt.getUTCFullYear() * 10000 + (dt.getUTCMonth() + 1) * 100 + dt.getUTCDate();
}

/** A uniformly random date in [from, to] (to < from gives `from`). */
export function randomDate(rng: Rng, from: DateNum, to: DateNum): DateNum {
  const a = toDays(from);
  const b = toDays(to);
  return b <= a ? from : fromDays(rng.int(a, b));
}

export const randomDateInYear = (rng: Rng, year: number): DateNum => randomDate(rng, year * 10000 + 101, year * 10000 + 1231);

export function formatDate(d: DateNum): string {
  if (!d) return "";
  const y = Math.floor(d / 10000);
  const m = Math.floor(d / 100) % 100;
  const day = d % 100;
  return `${y}-${m < 10 ? "0" : ""}${m}-${day < 10 ? "0" : ""}${day}`;
}

/** Age in completed years on a date. */
export const ageOn = (birth: DateNum, on: DateNum): number => Math.floor((on - birth) / 10000);

const FIRST_DAY = toDays(19000101);
const LAST_DAY = toDays(20401231);
const REGION_SLOTS = 32; // 3499xx: xx = 00..31
const SEQ_SLOTS = 499; // 499 is prime: a stride walks every slot once

/**
 * Hands out GB 11643 identity numbers that never repeat: per address code, birth date and sex it
 * counts the numbers given, and maps the count to a 3-digit sequence (odd for men, even for women).
 */
export class IdAllocator {
  private readonly used = new Uint16Array(REGION_SLOTS * (LAST_DAY - FIRST_DAY + 1) * 2);

  /** Returns the ID and the birth date actually used (moved a day on in the rare case a date is full). */
  allocate(regionCode: string, birth: DateNum, male: boolean): { id: string; birth: DateNum } {
    const region = Number(regionCode.slice(4, 6));
    let day = toDays(birth);
    for (;;) {
      const slot = ((region * (LAST_DAY - FIRST_DAY + 1) + (day - FIRST_DAY)) << 1) | (male ? 1 : 0);
      const k = this.used[slot] ?? 0;
      if (k < SEQ_SLOTS) {
        this.used[slot] = k + 1;
        const offset = (slot * 2654435761) >>> 0;
        const index = (k * 173 + (offset % SEQ_SLOTS)) % SEQ_SLOTS;
        const seq = male ? 2 * index + 1 : 2 * index + 2;
        const date = fromDays(day);
        const first17 = `${regionCode}${date}${seq < 10 ? "00" : seq < 100 ? "0" : ""}${seq}`;
        return { id: first17 + checkDigit(first17), birth: date };
      }
      day++;
    }
  }
}

export interface BankInfo {
  readonly name: string;
  readonly prefix: string;
}

export const BANKS: readonly BankInfo[] = [
  { name: "农村信用社", prefix: "622827" },
  { name: "示例县农村商业银行", prefix: "621336" },
  { name: "中国农业银行", prefix: "622848" },
  { name: "中国邮政储蓄银行", prefix: "621799" },
];

export { withLuhn };

/** A 19-digit Luhn-valid account at a bank chosen with rural or urban shares. */
export function randomAccount(rng: Rng, rural: boolean): { bank: string; account: string } {
  const i = rural ? rng.weighted({ 0: 40, 1: 25, 2: 20, 3: 15 }) : rng.weighted({ 0: 10, 1: 20, 2: 40, 3: 30 });
  const bank = BANKS[Number(i)] ?? BANKS[0];
  if (!bank) throw new Error("no banks");
  return { bank: bank.name, account: withLuhn(bank.prefix + rng.digits(12)) };
}

export function randomPhone(rng: Rng): string {
  return "1" + rng.pick(["3", "5", "7", "8", "9"]) + rng.digits(9);
}
