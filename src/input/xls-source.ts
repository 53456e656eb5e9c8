import type { CellObject, WorkBook } from "@e965/xlsx";
import type { RawCell } from "./cell.js";
import { PayoutError } from "../errors.js";
import type { SourceRecord } from "./source.js";
import { FORMULA_ERROR, FORMULA_NO_RESULT } from "./xlsx-source.js";

const DAY_MS = 86_400_000;

/**
 * The records of a legacy .xls (BIFF8, what older systems and WPS still export), read through
 * SheetJS (@e965/xlsx, the maintained 0.20 build: the npm `xlsx` 0.18.5 carries known CVEs). An
 * .xls holds at most 65,536 rows, so reading it whole is bounded.
 */
export async function xlsRecords(buf: Buffer, what: string, path: string, sheet: string | undefined): Promise<{ records: AsyncGenerator<SourceRecord>; date1904: boolean }> {
  const XLSX = await import("@e965/xlsx");
  let wb: WorkBook;
  try {
    wb = XLSX.read(buf, { type: "buffer", dense: true, cellStyles: true, cellFormula: true, cellHTML: false, cellText: false, cellNF: true });
  } catch (err) {
    throw new PayoutError("input-format", `无法读取 .xls 文件(${what} ${path}):${err instanceof Error ? err.message : String(err)};请在 Excel 或 WPS 中另存为 .xlsx 后再运行`);
  }
  const name = sheet ?? wb.SheetNames[0];
  const ws = name === undefined ? undefined : wb.Sheets[name];
  if (!ws) throw new PayoutError("input-no-sheet", sheet !== undefined ? `Excel 文件 ${path} 中没有名为“${sheet}”的工作表` : `Excel 文件 ${path} 中没有工作表`);
  const date1904 = wb.Workbook?.WBProps?.date1904 === true;
  const epoch = Date.UTC(1899, 11, 30) + (date1904 ? 1462 * DAY_MS : 0);
  const data = (ws["!data"] ?? []) as Array<Array<CellObject | undefined> | undefined>;
  const rowProps = ws["!rows"] ?? [];
  async function* records(): AsyncGenerator<SourceRecord> {
    for (let r = 0; r < data.length; r++) {
      const line = data[r];
      if (!line) continue;
      const cells: RawCell[] = [];
      const faults: Array<{ index: number; message: string }> = [];
      for (let c = 0; c < line.length; c++) {
        const cell = line[c];
        let value: RawCell = null;
        if (cell) {
          if (cell.t === "e") faults.push({ index: c, message: FORMULA_ERROR(cell.w ?? XLSX.utils.format_cell(cell)) });
          else if (cell.f !== undefined && cell.v === undefined) faults.push({ index: c, message: FORMULA_NO_RESULT });
          else if (cell.t === "s") value = String(cell.v ?? "");
          else if (cell.t === "b") value = cell.v === true;
          else if (cell.t === "n" && typeof cell.v === "number") {
            value = typeof cell.z === "string" && XLSX.SSF.is_date(cell.z) ? new Date(epoch + Math.round(cell.v * DAY_MS)) : cell.v;
          } else if (cell.t === "d" && cell.v instanceof Date) value = cell.v;
        }
        cells[c] = value;
      }
      yield { cells, row: r + 1, suspect: true, hidden: rowProps[r]?.hidden === true, ...(faults.length > 0 ? { faults } : {}) };
    }
  }
  return { records: records(), date1904 };
}
