import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Readable } from "node:stream";
import { parse } from "csv-parse";
import ExcelJS from "exceljs";
import { decodeChunks, detectEncoding } from "./decode.js";
import type { RawCell } from "../roster/validate-row.js";

/** One record of the roster file: its cells and the row number a spreadsheet shows for it. */
export interface RosterRecord {
  readonly cells: RawCell[];
  readonly row: number;
}

export class RosterError extends Error {
  constructor(readonly code: "unreadable" | "no-header" | "no-sheet" | "format", message: string) {
    super(message);
  }
}

export interface RecordSource {
  readonly records: AsyncIterable<RosterRecord>;
  readonly sha256: () => string;
  readonly date1904: () => boolean;
}

export async function openRoster(path: string, sheet?: string): Promise<RecordSource> {
  const lower = path.toLowerCase();
  if (lower.endsWith(".xlsx") || lower.endsWith(".xlsm")) return openXlsx(path, sheet);
  if (lower.endsWith(".xls")) throw new RosterError("format", "不支持旧版 .xls 文件:请在 Excel 中另存为 .xlsx 或 CSV 后再运行");
  return openCsv(path);
}

async function readAll(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    throw new RosterError("unreadable", `无法读取花名册 ${path}:${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
}

async function openCsv(path: string): Promise<RecordSource> {
  const buf = await readAll(path);
  const hash = createHash("sha256").update(buf).digest("hex");
  const { encoding } = detectEncoding(buf);
  const head = buf.subarray(0, 4096).toString(encoding === "UTF-16LE" ? "utf16le" : "latin1");
  const firstLine = head.split(/\r?\n/)[0] ?? "";
  const delimiter = encoding === "UTF-16LE" || (firstLine.includes("\t") && !firstLine.includes(",")) ? "\t" : ",";
  async function* records(): AsyncGenerator<RosterRecord> {
    const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
    let decodeError: unknown;
    const input = Readable.from(
      (function* () {
        try {
          yield* decodeChunks(buf);
        } catch (err) {
          decodeError = err;
        }
      })(),
      { objectMode: false },
    );
    input.pipe(parser);
    let row = 0;
    try {
      for await (const cells of parser as AsyncIterable<string[]>) {
        row++;
        yield { cells, row };
      }
    } catch (err) {
      throw new RosterError("unreadable", `花名册 CSV 格式有误(约第 ${row + 1} 行):${err instanceof Error ? err.message : String(err)}`);
    }
    if (decodeError) throw new RosterError("unreadable", "花名册的文字编码无法识别:请另存为 UTF-8 或 GBK 编码的 CSV");
  }
  return { records: records(), sha256: () => hash, date1904: () => false };
}

function xlsxCell(v: ExcelJS.CellValue): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean" || v instanceof Date) return v;
  if (typeof v === "object") {
    if ("richText" in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text).join("");
    if ("result" in v) return xlsxCell((v as { result: ExcelJS.CellValue }).result);
    if ("text" in v && typeof (v as { text: unknown }).text === "string") return (v as { text: string }).text;
    if ("error" in v) return String((v as { error: unknown }).error);
  }
  return String(v);
}

async function openXlsx(path: string, sheet: string | undefined): Promise<RecordSource> {
  const buf = await readAll(path);
  const hash = createHash("sha256").update(buf).digest("hex");
  let date1904 = false;
  async function* records(): AsyncGenerator<RosterRecord> {
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
        date1904 = r.properties?.model?.date1904 === true;
        const wsName = (ws as unknown as { name?: string }).name ?? r.model?.sheets?.[index - 1]?.name;
        if (found || (sheet !== undefined ? wsName !== sheet : index > 1)) {
          for await (const row of ws) void row;
          continue;
        }
        found = true;
        for await (const row of ws) {
          const values = (row as ExcelJS.Row).values as ExcelJS.CellValue[];
          const cells: RawCell[] = [];
          for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]));
          yield { cells, row: (row as ExcelJS.Row).number };
        }
      }
    } catch (err) {
      if (err instanceof RosterError) throw err;
      throw new RosterError("unreadable", `无法读取 Excel 花名册:${err instanceof Error ? err.message : String(err)}`);
    }
    if (!found) throw new RosterError("no-sheet", sheet !== undefined ? `Excel 文件中没有名为“${sheet}”的工作表` : "Excel 文件中没有工作表");
  }
  return { records: records(), sha256: () => hash, date1904: () => date1904 };
}
