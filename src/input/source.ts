import type { RawCell } from "./cell.js";
import type { TableFormat } from "./format.js";
import type { RecordGuard } from "./record-guard.js";

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
  /** Already guarded by the reading worker: the record's problems (`guardRecord`); no cells then. */
  readonly guarded?: readonly string[];
  /** Guarded without problems and transformed by the reading worker (`TableSpec.transform`). */
  readonly transformed?: unknown;
}

/** A guard and a transform for the reading worker to apply to the records it has not yet sent. */
export interface TransformRequest {
  readonly guard: RecordGuard;
  /** The URL of a module exporting `prepare(setup)`. */
  readonly module: string;
  readonly setup: unknown;
}

export interface RecordSource {
  readonly format: TableFormat;
  readonly records: AsyncIterable<SourceRecord>;
  readonly sha256: () => string;
  readonly date1904: () => boolean;
  /** A source read by a worker thread: lets it guard and transform records itself from now on. */
  readonly transform?: (request: TransformRequest) => void;
}
