// An expression's value depends only on what it reads. Thousands of people share the same few
// values of the facts a condition reads (oc_family, age >= 60 …), so each compiled expression
// remembers its results by those values and by the parameter values it reads (which differ between
// the reference date and each month). What it reads is taken from the syntax tree, not the text:
// an expression whose reads are not plainly known (it reads `row`, or `p` other than as p.NAME, or
// a construct not listed here) is never memoized. A throw is never remembered: the next call
// evaluates again and throws again.

import type { FactContext } from "./vocabulary.js";

/** The facts and parameters an expression reads; undefined when that cannot be told from its tree. */
export interface Reads {
  readonly facts: readonly string[];
  readonly params: readonly string[];
}

interface Node {
  readonly op: string;
  readonly args: unknown;
}
const isNode = (x: unknown): x is Node => typeof x === "object" && x !== null && typeof (x as Node).op === "string";

/** Operators of the parsed tree whose arguments are all the reads there are (cel-js 8 parser). */
const PLAIN_OPS = new Set([
  "value", "!_", "-_", "!=", "==", "in", "+", "-", "*", "/", "%", "<", "<=", ">", ">=",
  "call", "rcall", "?:", "list", "[]", "||", "&&", "map",
]);

/**
 * Facts and parameters read by a parsed expression. Identifiers that are not facts are bound
 * variables of a macro (`exists(y, …)`) or type names; a bound variable that shadows a fact only
 * adds that fact to the key (more misses, never a wrong value).
 */
export function readsOf(ast: unknown, isFact: (name: string) => boolean): Reads | undefined {
  const facts = new Set<string>();
  const params = new Set<string>();
  let opaque = false;
  const walk = (x: unknown): void => {
    if (opaque) return;
    if (Array.isArray(x)) {
      for (const y of x) walk(y);
      return;
    }
    if (typeof x !== "object" || x === null) return;
    if (!isNode(x)) {
      opaque = true;
      return;
    }
    if (x.op === "id") {
      const name = x.args;
      if (typeof name !== "string" || name === "p" || name === "row") opaque = true;
      else if (isFact(name)) facts.add(name);
      return;
    }
    if (x.op === ".") {
      const [target, field] = Array.isArray(x.args) ? (x.args as unknown[]) : [];
      if (isNode(target) && target.op === "id" && target.args === "p" && typeof field === "string") {
        params.add(field);
        return;
      }
      walk(target);
      return;
    }
    if (!PLAIN_OPS.has(x.op)) {
      opaque = true;
      return;
    }
    walk(x.args);
  };
  walk(ast);
  return opaque ? undefined : { facts: [...facts], params: [...params] };
}

/** Results kept per expression before the memo starts again (memory stays flat on any roster). */
export const MEMO_LIMIT = 4096;
/** After this many different keys, a memo that served fewer hits than that is given up. */
const MEMO_TRIAL = 256;

/** Says "do not memoize this call". */
const UNKEYED = Symbol("unkeyed");

/**
 * A value as a Map key: Map compares numbers, strings and booleans by value and keeps kinds apart;
 * a list becomes a string starting with NUL (a string value starting with NUL is not keyed), -0
 * and anything else unusual is not keyed.
 */
function keyOf(v: unknown): unknown {
  switch (typeof v) {
    case "number":
      return v === 0 && 1 / v < 0 ? UNKEYED : v;
    case "string":
      return v.length > 0 && v.charCodeAt(0) === 0 ? UNKEYED : v;
    case "boolean":
    case "undefined":
      return v;
    default: {
      if (!Array.isArray(v)) return UNKEYED;
      let s = "\0";
      for (const e of v as unknown[]) {
        if (typeof e !== "number" || (e === 0 && 1 / e < 0)) return UNKEYED;
        s += `${e},`;
      }
      return s;
    }
  }
}

type Tree = Map<unknown, unknown>;

/**
 * An evaluator that remembers its primitive results in a tree of Maps, one level per value read
 * (facts, then parameters). When a full memo served fewer hits than it stored, the expression reads
 * values too varied to pay (a birth date): it stops memoizing.
 */
export function memoized<T>(evaluate: (ctx: FactContext) => T, reads: Reads): (ctx: FactContext) => T {
  const facts = reads.facts;
  const params = reads.params;
  const nf = facts.length;
  const depth = nf + params.length;
  const root: Tree = new Map();
  let size = 0;
  let hits = 0;
  let on = true;
  const keyAt = (ctx: FactContext, i: number): unknown => {
    if (i < nf) return keyOf(ctx[facts[i] as string]);
    const p = ctx.p;
    if (typeof p !== "object" || p === null) return UNKEYED;
    return keyOf((p as Record<string, unknown>)[params[i - nf] as string]);
  };
  return (ctx) => {
    if (!on) return evaluate(ctx);
    let node = root;
    let last: unknown = undefined;
    for (let i = 0; i < depth; i++) {
      const k = keyAt(ctx, i);
      if (k === UNKEYED) return evaluate(ctx);
      if (i === depth - 1) {
        last = k;
        break;
      }
      let next = node.get(k) as Tree | undefined;
      if (next === undefined) node.set(k, (next = new Map()));
      node = next;
    }
    const known = node.get(last);
    if (known !== undefined || node.has(last)) {
      hits++;
      return known as T;
    }
    const value = evaluate(ctx);
    if (typeof value === "object" || typeof value === "function") return value;
    if (size === MEMO_TRIAL && hits < size) {
      on = false;
      root.clear();
      return value;
    }
    if (size >= MEMO_LIMIT) {
      if (hits < size) on = false;
      root.clear();
      size = 0;
      hits = 0;
      return value;
    }
    node.set(last, value);
    size++;
    return value;
  };
}
