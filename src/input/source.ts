import type { RawCell } from "./cell.js";
import type { TableFormat } from "./format.js";

/** One record of a file: its cells and the row number a spreadsheet shows for it. */
export interface SourceRecord {
  readonly cells: RawCell[];
  readonly row: number;
  /** Hidden in Excel (xlsx/xls): read, and warned about. */
  readonly hidden?: boolean;
  /** May hold control characters or damaged cells: the table reader checks each cell. */
  readonly suspect: boolean;
  /** Cells that cannot be read as they stand (a formula without a saved result, #REF! …), by index. */
  readonly faults?: ReadonlyArray<{ readonly index: number; readonly message: string }>;
}

export interface RecordSource {
  readonly format: TableFormat;
  readonly records: AsyncIterable<SourceRecord>;
  readonly sha256: () => string;
  readonly date1904: () => boolean;
}
