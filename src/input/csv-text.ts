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
  if (!text.includes('"')) {
    eachPlainRecord(text, delimiter, visit);
    return;
  }
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

/**
 * Text without a quote, read as csv-parse reads it with the options above: a record is each line (CRLF,
 * LF or CR ends it) that is not empty, its fields what lies between delimiters. A million-line bank
 * file's self-audit spent ~1 s in csv-parse's character-by-character state machine; this is a scan
 * for line ends and a split. Text with a quote anywhere goes to csv-parse.
 */
function eachPlainRecord(text: string, delimiter: string, visit: (record: string[]) => void): void {
  const n = text.length;
  let start = 0;
  for (let i = 0; i <= n; i++) {
    const c = i < n ? text.charCodeAt(i) : 10;
    if (c !== 10 && c !== 13) continue;
    if (i > start) visit(text.slice(start, i).split(delimiter));
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    start = i + 1;
  }
}
