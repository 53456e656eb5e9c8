import { parse } from "csv-parse/sync";

/**
 * Records of CSV text already decoded (a bank file this tool wrote, re-read by the self-audit):
 * csv-parse, with every line ending ending a record, blank lines skipped.
 */
export function parseCsvText(text: string, delimiter = ","): string[][] {
  return parse(text, { delimiter, record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, skip_empty_lines: true }) as string[][];
}

/**
 * The same records handed to `visit` one by one and not kept: the self-audit of a million-line bank
 * file needs two totals, not the whole file as arrays (~100 MB more at the run's peak).
 */
export function eachCsvRecord(text: string, delimiter: string, visit: (record: string[]) => void): void {
  parse(text, {
    delimiter,
    record_delimiter: ["\r\n", "\n", "\r"],
    relax_column_count: true,
    skip_empty_lines: true,
    on_record: (record: string[]) => {
      visit(record);
      return null;
    },
  });
}
