import { createReadStream } from "node:fs";

/** Bytes [start, end) of a file: whole records, e.g. one township's lines of our own ledger. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Reads back a CSV this tool wrote (RFC 4180: quoted fields, doubled quotes, CRLF), record by record,
 * without holding the file in memory. The self-audit uses it on the ledger, so it is independent of
 * the writer and fast enough for a million lines (csv-parse streams at ~60k records/s here). With
 * `range`, only those bytes are read; they must begin and end at record boundaries.
 */
export async function* readCsvRecords(path: string, range?: ByteRange): AsyncGenerator<string[]> {
  let field = "";
  let record: string[] = [];
  let quoted = false;
  let afterQuote = false;
  // the byte order mark is at the file's start only
  let first = !range || range.start === 0;
  if (range && range.end <= range.start) return;
  const bounds = range ? { start: range.start, end: range.end - 1 } : {};
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20, ...bounds })) {
    let text = chunk as string;
    if (first) {
      text = text.replace(/^\ufeff/, "");
      first = false;
    }
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (quoted) {
        if (c === 34) {
          field += text.slice(start, i);
          start = i + 1;
          quoted = false;
          afterQuote = true;
        }
        continue;
      }
      if (c === 34) {
        field += text.slice(start, i);
        if (afterQuote) field += '"';
        start = i + 1;
        quoted = true;
        afterQuote = false;
      } else if (c === 44) {
        record.push(field + text.slice(start, i));
        field = "";
        start = i + 1;
        afterQuote = false;
      } else if (c === 10) {
        let end = i;
        if (end > start && text.charCodeAt(end - 1) === 13) end--;
        else if (end === start && field.endsWith("\r")) field = field.slice(0, -1);
        record.push(field + text.slice(start, end));
        yield record;
        record = [];
        field = "";
        start = i + 1;
        afterQuote = false;
      } else afterQuote = false;
    }
    field += text.slice(start);
  }
  if (field !== "" || record.length > 0) {
    record.push(field.replace(/\r$/, ""));
    yield record;
  }
}
