import type { Role, Sex } from "../domain/person.js";

// 家庭角色 as clerks have it: 夫/妻/子女, or a household register's 与户主关系 in words or in
// GB/T 4761-2008 codes. 户主/本人/配偶 become 夫 or 妻 by the sex in the ID. 28 女婿 and 38 儿媳 sit
// in the 2x/3x ranges but are in-laws, not children (DOMAIN.md, "Household registers").

export type Relation =
  | { readonly kind: "member"; readonly role: Role; readonly sex?: Sex; readonly adopted?: boolean }
  /** 户主, 本人, 配偶: a parent whose role the ID's sex decides. */
  | { readonly kind: "spouse" }
  /** A relative outside the couple and their children (父母, 孙子女, 女婿, 兄弟姐妹 …), named. */
  | { readonly kind: "outside"; readonly name: string };

const member = (role: Role, sex?: Sex, adopted?: boolean): Relation => ({ kind: "member", role, ...(sex ? { sex } : {}), ...(adopted ? { adopted } : {}) });
const outside = (name: string): Relation => ({ kind: "outside", name });

const WORDS = new Map<string, Relation>([
  ["夫", member("夫")], ["丈夫", member("夫")], ["男方", member("夫")],
  ["妻", member("妻")], ["妻子", member("妻")], ["女方", member("妻")],
  ["子女", member("子女")], ["子", member("子女", "男")], ["女", member("子女", "女")],
  ["儿子", member("子女", "男")], ["女儿", member("子女", "女")], ["独生子", member("子女", "男")], ["独生女", member("子女", "女")],
  ["养子", member("子女", "男", true)], ["养女", member("子女", "女", true)],
  ["继子", member("子女", "男")], ["继女", member("子女", "女")], ["养子或继子", member("子女", "男", true)], ["养女或继女", member("子女", "女", true)],
  ["其他儿子", member("子女", "男")], ["其他女儿", member("子女", "女")],
  ["户主", { kind: "spouse" }], ["本人", { kind: "spouse" }], ["配偶", { kind: "spouse" }],
  ["女婿", outside("女婿")], ["儿媳", outside("儿媳")], ["孙子", outside("孙子")], ["孙女", outside("孙女")], ["外孙子", outside("外孙子")], ["外孙女", outside("外孙女")],
  ["父亲", outside("父亲")], ["母亲", outside("母亲")], ["父母", outside("父母")], ["公公", outside("公公")], ["婆婆", outside("婆婆")], ["岳父", outside("岳父")], ["岳母", outside("岳母")],
  ["哥哥", outside("哥哥")], ["姐姐", outside("姐姐")], ["弟弟", outside("弟弟")], ["妹妹", outside("妹妹")], ["兄弟姐妹", outside("兄弟姐妹")],
  ["祖父母", outside("祖父母")], ["其他", outside("其他亲属")], ["其他亲属", outside("其他亲属")], ["非亲属", outside("非亲属")],
]);
const ORDINAL = /^[长次二三四五六七八九]+(子|女)$/;

/** A GB/T 4761-2008 code (two digits). */
function byCode(code: number): Relation | undefined {
  if (code === 1 || code === 2 || code === 10) return { kind: "spouse" };
  if (code === 11) return member("夫");
  if (code === 12) return member("妻");
  if (code === 28) return outside("女婿");
  if (code === 38) return outside("儿媳");
  if (code === 27) return member("子女", "男", true);
  if (code === 37) return member("子女", "女", true);
  if (code >= 20 && code <= 29) return member("子女", "男");
  if (code >= 30 && code <= 39) return member("子女", "女");
  const names: Record<number, string> = { 4: "孙子女", 5: "父母", 6: "祖父母", 7: "兄弟姐妹", 8: "其他亲属" };
  if (code >= 40 && code <= 89) return outside(names[Math.floor(code / 10)] ?? "其他亲属");
  if (code === 97) return outside("其他亲属");
  if (code === 99) return outside("非亲属");
  return undefined;
}

/** The relation a 家庭角色 / 与户主关系 cell names, or undefined when it is not one. */
export function readRelation(text: string): Relation | undefined {
  const t = text.replace(/\s+/g, "");
  if (/^\d{1,2}$/.test(t)) return byCode(Number(t));
  const word = WORDS.get(t);
  if (word) return word;
  const ordinal = ORDINAL.exec(t);
  if (ordinal) return member("子女", ordinal[1] === "子" ? "男" : "女");
  if (/^(孙|外孙|曾孙)/.test(t)) return outside(t);
  return undefined;
}
