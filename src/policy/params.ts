import { formatDate, type DateNum } from "../domain/dates.js";
import type { Fen } from "../domain/money.js";
import type { Param } from "./types.js";

export class MissingParamError extends Error {
  constructor(readonly param: string, readonly date: DateNum, readonly program: string) {
    super(`参数 ${param} 在 ${formatDate(date)} 没有生效的值(项目 ${program} 需要它):请在政策文件 params 中补上该日期前开始生效的值`);
  }
}

/** The value in force on a date: the latest start date on or before it; undefined when none covers it. */
export function paramValue(param: Param, on: DateNum): Fen | undefined {
  let found: Fen | undefined;
  for (let i = 0; i < param.starts.length; i++) {
    if ((param.starts[i] ?? Infinity) <= on) found = param.values[i];
    else break;
  }
  return found;
}
