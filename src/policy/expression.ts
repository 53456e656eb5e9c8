import { Environment, serialize } from "@marcbachmann/cel-js";
import { memoized, readsOf, type Reads } from "./memo.js";
import { FACTS, FACT_NAMES, FUNCTIONS, type FactContext } from "./vocabulary.js";

// Conditions and amounts are CEL (Common Expression Language) through @marcbachmann/cel-js:
// a typed environment rejects unknown names and type errors when the policy loads, with a caret
// at the position; there is no property access to JS objects and no code execution.

export type Evaluator = (ctx: FactContext) => unknown;

export interface Compiled {
  readonly source: string;
  readonly evaluate: Evaluator;
  /** Facts the expression reads, in order of first use (for explain). */
  readonly factsUsed: readonly string[];
  /** Parameters read as p.NAME. */
  readonly paramsUsed: readonly string[];
  /** True when the expression reads no fact, parameter or row cell: its value is known at load. */
  readonly constant: boolean;
  /** The facts and parameters read, from the syntax tree; undefined when not plainly known (reads `row`, `p[…]` …). */
  readonly reads: Reads | undefined;
  /** True when `evaluate` remembers results by the values read (memo.ts); `evaluateFresh` never does. */
  readonly memoized: boolean;
  readonly evaluateFresh: Evaluator;
}

export type CompileResult = { ok: true; value: Compiled } | { ok: false; message: string };

/** A division whose divisor is 0 (CEL's double division would give Infinity and pass silently). */
export class DivisionByZero extends Error {
  constructor(readonly divisor: string) {
    super(`除数 ${divisor} 为 0`);
  }
}

const DIVIDE = "__div";

function divide(a: number | bigint, b: number | bigint, site: bigint): number | bigint {
  if (b === 0 || b === 0n) throw new DivisionByZero(divisors.get(Number(site)) ?? "");
  if (typeof a === "bigint" && typeof b === "bigint") return a / b;
  return Number(a) / Number(b);
}
/** The divisor text of each division site, by site number (shared by every compiled expression). */
const divisors = new Map<number, string>();

function makeEnvironment(): Environment {
  let env = new Environment();
  for (const fact of FACTS) env = env.registerVariable(fact.name, fact.type);
  env = env
    .registerVariable("row", "map<string, string>")
    .registerVariable("p", "map<string, double>")
    .registerFunction("year(double): double", FUNCTIONS.year)
    .registerFunction("age_at(double, double): double", FUNCTIONS.age_at);
  // Clerks write `p.x * 20 / 100`: let whole-number literals mix with decimal values.
  for (const op of ["+", "-", "*", "/"] as const) {
    const apply = (a: number, b: number): number => (op === "+" ? a + b : op === "-" ? a - b : op === "*" ? a * b : a / b);
    env = env
      .registerOperator(`double ${op} int`, (a: number, b: bigint) => apply(a, Number(b)))
      .registerOperator(`int ${op} double`, (a: bigint, b: number) => apply(Number(a), b));
  }
  // registering == also gives != and the mirrored order
  env = env.registerOperator("double == int", (a: number, b: bigint) => a === Number(b));
  // every `/` is evaluated through this guard (see guardDivisions)
  for (const [l, r, out] of [["double", "double", "double"], ["int", "int", "int"], ["double", "int", "double"], ["int", "double", "double"]] as const) {
    env = env.registerFunction(`${DIVIDE}(${l}, ${r}, int): ${out}`, divide);
  }
  return env;
}

const ENV = makeEnvironment();

function stripStrings(source: string): string {
  return source.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
}

interface Node {
  op: string;
  args: unknown;
  start?: number;
  end?: number;
}
const isNode = (x: unknown): x is Node => typeof x === "object" && x !== null && typeof (x as Node).op === "string";

/**
 * Rewrites every `a / b` as a guarded call that throws DivisionByZero naming `b`, so a zero divisor
 * stops the run instead of making a condition true for everyone. Returns the literal-zero divisors
 * (known at load) too.
 */
function guardDivisions(ast: Node, source: string): { ast: Node; zeroLiterals: string[]; divides: boolean } {
  const zeroLiterals: string[] = [];
  let divides = false;
  const walk = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(walk);
    if (!isNode(x)) return x;
    const args = walk(x.args);
    if (x.op !== "/" || !Array.isArray(args)) return { ...x, args };
    divides = true;
    const right = (x.args as Node[])[1] as Node;
    const text = source.slice(right.start ?? 0, right.end ?? 0).trim() || "?";
    if (right.op === "value" && (right.args === 0 || right.args === 0n)) zeroLiterals.push(text);
    const site = divisors.size;
    divisors.set(site, text);
    return { op: "call", args: [DIVIDE, [args[0], args[1], { op: "value", args: BigInt(site) }]] };
  };
  return { ast: walk(ast) as Node, zeroLiterals, divides };
}

/** Compiles an expression once; `type` is what its value must be. */
export function compile(source: string, type: "bool" | "number"): CompileResult {
  let parsed;
  try {
    parsed = ENV.parse(source);
    const checked = parsed.check();
    if (!checked.valid) return { ok: false, message: String(checked.error?.message ?? "类型错误") };
    const t = String(checked.type);
    if (type === "bool" && t !== "bool") return { ok: false, message: `条件的结果应为真/假(bool),这里是 ${t}` };
    if (type === "number" && t !== "double" && t !== "int") return { ok: false, message: `金额的结果应为数值,这里是 ${t}` };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  const guarded = guardDivisions(parsed.ast as Node, source);
  if (guarded.zeroLiterals.length > 0) return { ok: false, message: `除数为 0(表达式“${source}”除以 ${guarded.zeroLiterals.join("、")}):除以 0 没有意义,请改正表达式` };
  const fn = guarded.divides ? ENV.parse(serialize(guarded.ast as never)) : parsed;
  const bare = stripStrings(source);
  const idents = bare.match(/(?<![.\w])[A-Za-z_]\w*/g) ?? [];
  const factsUsed = [...new Set(idents.filter((x) => FACTS.some((fct) => fct.name === x)))];
  const paramsUsed = [...new Set([...bare.matchAll(/\bp\.([A-Za-z_]\w*)/g)].map((m) => m[1] ?? ""))];
  const constant = factsUsed.length === 0 && paramsUsed.length === 0 && !/\b(?:row|p)\b/.test(bare);
  const evaluateFresh: Evaluator = (ctx) => fn(ctx);
  const reads = readsOf(parsed.ast, (name) => FACT_NAMES.has(name));
  const evaluate = reads ? memoized(evaluateFresh, reads) : evaluateFresh;
  return { ok: true, value: { source, evaluate, factsUsed, paramsUsed, constant, reads, memoized: reads !== undefined, evaluateFresh } };
}

/** A value of an amount expression as a JS number (CEL ints arrive as bigint). */
export function toNumber(v: unknown): number {
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number") return v;
  throw new TypeError(`金额表达式的结果不是数值: ${String(v)}`);
}
