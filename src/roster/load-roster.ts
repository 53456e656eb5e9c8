import type { Person } from "../domain/person.js";
import { columnForHeader, COLUMNS, REQUIRED_HEADERS, type ColumnKey } from "./columns.js";
import { checkHouseholds } from "./households.js";
import type { Problem } from "./problem.js";
import { openRoster, RosterError } from "../input/read-records.js";
import { cellText, Interner, validateRow, type ColumnMap, type RawCell } from "./validate-row.js";

export interface LoadedRoster {
  readonly households: Person[][];
  readonly problems: Problem[];
  readonly rowsRead: number;
  readonly rowsRejected: number;
  readonly sha256: string;
}

export interface LoadOptions {
  readonly year: number;
  readonly sheet?: string | undefined;
  /** Keep each row's cells for policies that read row[...]. */
  readonly keepCells: boolean;
  readonly onProgress?: ((rowsRead: number) => void) | undefined;
}

const HEADER_SEARCH_ROWS = 30;

function headerMap(cells: readonly RawCell[]): ColumnMap | undefined {
  const index = Object.fromEntries(COLUMNS.map((c) => [c.key, -1])) as Record<ColumnKey, number>;
  const extra: Array<{ header: string; index: number }> = [];
  cells.forEach((cell, i) => {
    const text = cellText(cell);
    if (!text) return;
    const col = columnForHeader(text);
    if (col && index[col.key] < 0) index[col.key] = i;
    else if (!col) extra.push({ header: text, index: i });
  });
  return REQUIRED_HEADERS.every((c) => index[c.key] >= 0) ? { index, extra, date1904: false } : undefined;
}

const isBlank = (cells: readonly RawCell[]): boolean => cells.every((c) => cellText(c) === "");

/** Reads, normalises and validates the roster; groups valid households. */
export async function loadRoster(path: string, options: LoadOptions): Promise<LoadedRoster> {
  const source = await openRoster(path, options.sheet);
  let map: ColumnMap | undefined;
  const rows: Person[] = [];
  const withErrors = new Set<Person>();
  const problems: Problem[] = [];
  let rowsRead = 0;
  const strings = new Interner();
  let bestHeader: { row: number; found: number } = { row: 0, found: 0 };
  for await (const record of source.records) {
    if (!map) {
      map = headerMap(record.cells);
      if (map) {
        map = { ...map, date1904: source.date1904() };
        continue;
      }
      const found = REQUIRED_HEADERS.filter((c) => record.cells.some((x) => columnForHeader(cellText(x))?.key === c.key)).length;
      if (found > bestHeader.found) bestHeader = { row: record.row, found };
      if (record.row >= HEADER_SEARCH_ROWS) break;
      continue;
    }
    if (isBlank(record.cells)) continue;
    rowsRead++;
    if (options.onProgress && rowsRead % 10000 === 0) options.onProgress(rowsRead);
    const result = validateRow(record.cells, record.row, map, options.year, options.keepCells, strings);
    rows.push(result.person);
    if (result.hasError) withErrors.add(result.person);
    for (const p of result.problems) problems.push(p);
  }
  if (!map) {
    const missing = REQUIRED_HEADERS.map((c) => c.header).join("、");
    throw new RosterError("no-header", `花名册前 ${HEADER_SEARCH_ROWS} 行中找不到表头:需要包含 ${missing} 这些列${bestHeader.found ? `(第 ${bestHeader.row} 行最接近)` : ""}`);
  }
  const checked = checkHouseholds(rows, withErrors);
  for (const p of checked.problems) problems.push(p);
  return { households: checked.households, problems, rowsRead, rowsRejected: checked.rowsRejected, sha256: source.sha256() };
}
