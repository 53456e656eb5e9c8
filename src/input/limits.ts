// Limits checked before the work is done (DESIGN §11.1): a hostile or broken file stops the run in
// seconds with exit 2, instead of minutes of parsing or gigabytes of memory.

/** Any input file; a 1,000,000-row roster CSV is ~210 MB. */
export const MAX_FILE_BYTES = 1024 * 1024 * 1024;
/** Everything inside an xlsx once inflated (1M rows × 30 columns of sheet XML is ~1.3 GB). */
export const MAX_XLSX_UNCOMPRESSED = 2 * 1024 * 1024 * 1024;
/** Shared strings of an xlsx: more than any county roster has, few enough to cache. */
export const MAX_SHARED_STRINGS = 4_000_000;
export const MAX_SHARED_STRINGS_BYTES = 256 * 1024 * 1024;
/** A legacy .xls holds at most 65,536 rows; SheetJS reads it whole. */
export const MAX_XLS_BYTES = 64 * 1024 * 1024;
/** Characters in any one cell, and in a name. */
export const MAX_CELL_CHARS = 1000;
export const MAX_NAME_CHARS = 100;
/** Header search: title rows above the header. */
export const HEADER_SEARCH_ROWS = 30;
