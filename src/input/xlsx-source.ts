import { Readable } from "node:stream";
import type { CellValue, Row } from "exceljs";
import type { RawCell } from "./cell.js";
import { PayoutError } from "../errors.js";
import type { SourceRecord } from "./source.js";

export const FORMULA_NO_RESULT = "是公式,但文件中没有保存计算结果:请在 Excel 中将公式转为数值后另存";
export const FORMULA_ERROR = (value: string): string => `是错误值 ${value}:请在 Excel 中修正,并将公式转为数值后另存`;

type Fault = { index: number; message: string };

/** A cell's value as read: a formula by its saved result; none, or an error value, is a fault. */
function xlsxCell(v: CellValue, index: number, faults: Fault[]): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "number") {
    if (Number.isFinite(v)) return v;
    faults.push({ index, message: FORMULA_ERROR("#NUM!") });
    return null;
  }
  if (typeof v === "object") {
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join("");
    if ("formula" in v || "sharedFormula" in v) {
      const result = (v as { result?: CellValue }).result;
      // exceljs reads an error result (t="e") as NaN
      if (result === undefined || result === null) faults.push({ index, message: FORMULA_NO_RESULT });
      else if (typeof result === "number" && Number.isNaN(result)) faults.push({ index, message: FORMULA_ERROR("(#REF!、#N/A 等)") });
      else return xlsxCell(result, index, faults);
      return null;
    }
    if ("error" in v) {
      faults.push({ index, message: FORMULA_ERROR(String((v as { error: unknown }).error)) });
      return null;
    }
    if ("text" in v && typeof (v as { text: unknown }).text === "string") return (v as { text: string }).text;
  }
  faults.push({ index, message: "的内容无法识别:请在 Excel 中将其改为文字或数值后另存" });
  return null;
}

/** The records of the first sheet (or the named one) of an xlsx, streamed through exceljs. */
export function xlsxRecords(buf: Buffer, what: string, path: string, sheet: string | undefined, hiddenRows: (sheetName: string) => ReadonlySet<number>, onDate1904: (v: boolean) => void): AsyncGenerator<SourceRecord> {
  return (async function* () {
    // loaded on first use: a CSV run (and the worker threads) never pays for exceljs's start-up
    const { default: ExcelJS } = await import("./exceljs.js");
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buf]), {
      sharedStrings: "cache",
      styles: "cache",
      hyperlinks: "ignore",
      worksheets: "emit",
      entries: "ignore",
    });
    let found = false;
    let index = 0;
    try {
      for await (const ws of reader) {
        index++;
        const r = reader as unknown as { properties?: { model?: { date1904?: boolean } }; model?: { sheets?: Array<{ name: string; id: number }> } };
        onDate1904(r.properties?.model?.date1904 === true);
        const wsName = (ws as unknown as { name?: string }).name ?? r.model?.sheets?.[index - 1]?.name ?? "";
        if (found || (sheet !== undefined ? wsName !== sheet : index > 1)) {
          for await (const row of ws) void row;
          continue;
        }
        found = true;
        const hidden = hiddenRows(wsName);
        for await (const row of ws) {
          const values = (row as Row).values as CellValue[];
          const cells: RawCell[] = [];
          const faults: Fault[] = [];
          for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i], i - 1, faults));
          const number = (row as Row).number;
          yield { cells, row: number, suspect: true, hidden: hidden.has(number), ...(faults.length > 0 ? { faults } : {}) };
        }
      }
    } catch (err) {
      if (err instanceof PayoutError) throw err;
      throw new PayoutError("input-format", `无法读取 Excel 文件(${what} ${path}):${err instanceof Error ? err.message : String(err)}`);
    }
    if (!found) throw new PayoutError("input-no-sheet", sheet !== undefined ? `Excel 文件 ${path} 中没有名为“${sheet}”的工作表` : `Excel 文件 ${path} 中没有工作表`);
  })();
}
