import { Environment } from "@marcbachmann/cel-js";
import { FACTS, FUNCTIONS, type FactContext } from "./vocabulary.js";

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
}

export type CompileResult = { ok: true; value: Compiled } | { ok: false; message: string };

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
  return env;
}

const ENV = makeEnvironment();

function stripStrings(source: string): string {
  return source.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
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
  const bare = stripStrings(source);
  const idents = bare.match(/(?<![.\w])[A-Za-z_]\w*/g) ?? [];
  const factsUsed = [...new Set(idents.filter((x) => FACTS.some((fct) => fct.name === x)))];
  const paramsUsed = [...new Set([...bare.matchAll(/\bp\.([A-Za-z_]\w*)/g)].map((m) => m[1] ?? ""))];
  const fn = parsed;
  return { ok: true, value: { source, evaluate: (ctx) => fn(ctx), factsUsed, paramsUsed } };
}

/** A value of an amount expression as a JS number (CEL ints arrive as bigint). */
export function toNumber(v: unknown): number {
  if (typeof v === "bigint") return Number(v);
  if (typeof v === "number") return v;
  throw new TypeError(`金额表达式的结果不是数值: ${String(v)}`);
}
