import { parse } from "csv-parse/sync";

/**
 * Records of CSV text already decoded (a bank file this tool wrote, re-read by the self-audit):
 * csv-parse, with every line ending ending a record, blank lines skipped.
 */
export function parseCsvText(text: string, delimiter = ","): string[][] {
  return parse(text, { delimiter, record_delimiter: ["\r\n", "\n", "\r"], relax_column_count: true, skip_empty_lines: true }) as string[][];
}
