import type { Person } from "../domain/person.js";
import { COLUMNS, type ColumnKey } from "./columns.js";
import { checkHouseholds } from "./households.js";
import { checkRegionCodes } from "./region-codes.js";
import type { Problem } from "./problem.js";
import { Interner } from "../input/cell.js";
import { MAX_NAME_CHARS } from "../input/limits.js";
import { openTable, type TableSpec } from "../input/read-table.js";
import { letSignalsIn } from "../run-dir/index.js";
import { validateRow, type ColumnMap } from "./validate-row.js";

export interface LoadedRoster {
  readonly households: Person[][];
  readonly problems: Problem[];
  readonly rowsRead: number;
  /** Rows not evaluated: rows of households with errors, and the rows set aside (counted in both). */
  readonly rowsRejected: number;
  /** Rows of relatives outside the couple and their children: a warning each, not part of any household's facts. */
  readonly rowsSetAside: number;
  readonly sha256: string;
}

export interface LoadOptions {
  readonly year: number;
  readonly sheet?: string | undefined;
  /** Keep each row's cells for policies that read row[...]. */
  readonly keepCells: boolean;
  readonly onProgress?: ((rowsRead: number) => void) | undefined;
  /** A rule from outside the roster (the bank templates): a row it names is an error, its household held back. */
  readonly rowRule?: ((p: Person) => { readonly column: string; readonly message: string } | undefined) | undefined;
}

/** The roster as the one reader sees it (DESIGN §3): Excel damage to IDs is a row problem here. */
export function rosterSpec(sheet?: string): TableSpec<ColumnKey> {
  return {
    what: "花名册",
    sheet,
    refuseDamage: false,
    columns: COLUMNS.map((c) => ({ key: c.key, header: c.header, aliases: c.aliases, required: c.required, ...(c.key === "name" ? { maxLength: MAX_NAME_CHARS } : {}) })),
  };
}

export const HIDDEN_ROW = "该行在 Excel 中是隐藏行,已照常读入:请确认是否应当发放";

/** Reads, normalises and validates the roster; groups valid households. */
export async function loadRoster(path: string, options: LoadOptions): Promise<LoadedRoster> {
  const table = await openTable(path, rosterSpec(options.sheet));
  const map: ColumnMap = { index: table.index, extra: table.extra, date1904: table.date1904() };
  const rows: Person[] = [];
  const withErrors = new Set<Person>();
  const problems: Problem[] = [];
  let rowsRead = 0;
  const strings = new Interner();
  const hidden = new Set<number>();
  // rows of relatives outside the couple and their children: read and warned, not evaluated
  let setAside = 0;
  const monthOnlyWarned = new Set<string>();
  for await (const record of table.records) {
    rowsRead++;
    if (options.onProgress && rowsRead % 10000 === 0) options.onProgress(rowsRead);
    if (rowsRead % 2000 === 0) await letSignalsIn(); // Ctrl-C is handled while a large roster is read
    const result = validateRow(record.cells, record.row, map, options.year, options.keepCells, strings);
    for (const column of result.monthOnly) {
      if (monthOnlyWarned.has(column)) continue;
      monthOnlyWarned.add(column);
      const p = result.person;
      problems.push({ row: p.row, township: p.township, village: p.village, householdId: p.householdId, name: p.name, id: p.id, column, level: "警告", message: `${column}只写了年月(如 1992年6月),按当月1日计算;本列其他只写年月的行同样处理,不再逐行提示。需要精确日期的请补全` });
    }
    if (result.setAside) setAside++;
    else rows.push(result.person);
    if (result.hasError) withErrors.add(result.person);
    const ruled = options.rowRule?.(result.person);
    if (ruled) {
      const p = result.person;
      withErrors.add(p);
      problems.push({ row: p.row, township: p.township, village: p.village, householdId: p.householdId, name: p.name, id: p.id, column: ruled.column, level: "错误", message: ruled.message });
    }
    for (const p of result.problems) problems.push(p);
    if (table.hiddenRows.length > hidden.size) {
      const p = result.person;
      hidden.add(record.row);
      problems.push({ row: p.row, township: p.township, village: p.village, householdId: p.householdId, name: p.name, id: p.id, column: "", level: "警告", message: HIDDEN_ROW });
    }
  }
  const regions = checkRegionCodes(rows);
  for (const p of regions.problems) problems.push(p);
  for (const p of regions.withErrors) withErrors.add(p);
  const checked = checkHouseholds(rows, withErrors);
  for (const p of checked.problems) problems.push(p);
  return { households: checked.households, problems, rowsRead, rowsRejected: checked.rowsRejected + setAside, rowsSetAside: setAside, sha256: table.sha256() };
}
