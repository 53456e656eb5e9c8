// Shared by the policy parsers: a key path into the YAML and how issues are reported.
export type Path = ReadonlyArray<string | number>;
export type Obj = Record<string, unknown>;
export type IssueFn = (path: Path, message: string) => void;

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Programme codes compare case-insensitively (DESIGN §5: a stable code across years). */
export const programKey = (code: string): string => code.toLowerCase();
