import { Readable } from "node:stream";
import { parse } from "csv-parse";
import { decodeStream, type RosterEncoding } from "./decode.js";
import { MAX_CELL_CHARS } from "./limits.js";
import { CONTROL_CHARS } from "./printable.js";
import { PayoutError } from "../errors.js";
import type { SourceRecord } from "./source.js";

/** Longest record csv-parse may build before it stops (a 10 MB cell fails here, in milliseconds). */
const MAX_RECORD_CHARS = MAX_CELL_CHARS * 64;

/**
 * The records of a CSV (UTF-8 ± BOM, UTF-16LE as Excel's "Unicode text", or GB18030), streamed
 * through csv-parse (in the reading worker, plain lines before the first quote are split directly,
 * giving csv-parse's records; see csvRecords). Every line ending ends a record: CRLF, LF and CR, mixed in one file (csv-parse
 * otherwise takes the first line's ending for the whole file, and an Excel header in CRLF over rows
 * in LF merged every record into one). Decoded text is scanned for control characters a chunk at a
 * time; from the first hit on, records are marked for the table reader to check cell by cell.
 */
export interface CsvBytes {
  /** The file's first bytes (a few KB): the delimiter is taken from its first line. */
  readonly head: Buffer;
  readonly encoding: RosterEncoding;
  readonly bomLength: number;
  /** The file's bytes, chunk by chunk, from the start. */
  readonly chunks: () => AsyncIterable<Buffer>;
}

/** Lines longer than this go to csv-parse, which alone decides what is too long (max_record_size). */
const PLAIN_LINE_CHARS = 16_000;

/**
 * The records of a CSV. With `plainLines`, lines up to the first quote are split here instead of by
 * csv-parse (below) — for the reading worker only: a field of 13 characters or more split from a
 * decoded chunk is a slice that keeps the whole chunk alive, and an ID or account kept in a Person
 * would keep the roster's text in memory (+270 MB at a million rows); the worker's records cross to
 * the main thread as copies.
 */
export async function* csvRecords(bytes: CsvBytes, what: string, path: string, plainLines = false): AsyncGenerator<SourceRecord> {
  const { encoding } = bytes;
  const head = bytes.head.subarray(0, 4096).toString(encoding === "UTF-16LE" ? "utf16le" : "latin1");
  const firstLine = head.split(/\r\n|\n|\r/)[0] ?? "";
  const delimiter = encoding === "UTF-16LE" || (firstLine.includes("\t") && !firstLine.includes(",")) ? "\t" : ",";
  let decodeError: unknown;
  let suspect = false;
  const decoded = (async function* () {
    try {
      for await (const chunk of decodeStream(bytes.chunks(), encoding, bytes.bomLength)) {
        if (!suspect && CONTROL_CHARS.test(chunk)) suspect = true;
        yield chunk;
      }
    } catch (err) {
      decodeError = err;
    }
  })();

  // Up to the first quote (and while lines are of a sane length), a record is a line and its fields
  // what lies between delimiters: csv-parse reads such text so with these options (every line end
  // ends a record, an empty line is a record of one empty field, the text after the last line end is
  // a record if it is not empty), and splitting it is ~5 times faster. From a line with a quote on,
  // csv-parse reads the rest. Excel quotes only cells with a delimiter, quote or line break in them.
  const chunks = decoded[Symbol.asyncIterator]();
  const more: AsyncIterable<string> = { [Symbol.asyncIterator]: () => chunks };
  let row = 0;
  let carry = "";
  let rest: string | undefined = plainLines ? undefined : "";
  try {
    // (without plainLines, `rest` is "" from the start: csv-parse reads everything)
    while (rest === undefined) {
      const next = await chunks.next();
      if (next.done) break;
      const text = carry === "" ? next.value : carry + next.value;
      const quote = text.indexOf('"');
      const stop = quote < 0 ? text.length : quote;
      let at = 0;
      let lf = text.indexOf("\n");
      let cr = text.indexOf("\r");
      for (;;) {
        if (lf >= 0 && lf < at) lf = text.indexOf("\n", at);
        if (cr >= 0 && cr < at) cr = text.indexOf("\r", at);
        const end = lf < 0 ? cr : cr < 0 ? lf : Math.min(lf, cr);
        if (end < 0 || end >= stop || end - at > PLAIN_LINE_CHARS) break;
        // a CR last in the text may be the first half of a CRLF
        if (end === cr && end + 1 === text.length) break;
        row++;
        yield { cells: text.slice(at, end).split(delimiter), row, suspect };
        at = end === cr && text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
      }
      carry = text.slice(at);
      if (quote >= 0 || carry.length > PLAIN_LINE_CHARS) rest = carry;
    }
    if (rest === undefined) {
      // the whole file was plain text: what follows the last line end is the last record
      if (carry !== "") yield { cells: (carry.endsWith("\r") ? carry.slice(0, -1) : carry).split(delimiter), row: row + 1, suspect };
    } else yield* parsedRecords(rest, more, row);
  } finally {
    // stopped early, the file is closed
    void chunks.return?.();
  }
  const failed = decodingFailure();
  if (failed) throw failed;

  /** Why the bytes could not be decoded: a file that could not be read, or changed while it was read, says so; anything else is its encoding. */
  function decodingFailure(): PayoutError | undefined {
    if (decodeError instanceof PayoutError) return decodeError;
    if (decodeError) return new PayoutError("input-format", `${what} ${path} 的文字编码无法识别:请另存为 UTF-8 或 GBK 编码的 CSV`);
    return undefined;
  }

  /** The records of the text from `first` on, through csv-parse; `before` records came before it. */
  async function* parsedRecords(first: string, more: AsyncIterable<string>, before: number): AsyncGenerator<SourceRecord> {
    const parser = parse({
      delimiter,
      record_delimiter: ["\r\n", "\n", "\r"],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: false,
      max_record_size: MAX_RECORD_CHARS,
    });
    const input = Readable.from(
      (async function* () {
        if (first !== "") yield first;
        yield* more;
      })(),
      { objectMode: false },
    );
    input.pipe(parser);
    let n = before;
    try {
      for await (const cells of parser as AsyncIterable<string[]>) {
        n++;
        yield { cells, row: n, suspect };
      }
    } catch (err) {
      if (err instanceof PayoutError) throw err;
      // text cut short by a file changed while it was read (or undecodable) may end inside a quote:
      // the cause is said, not the quote
      const failed = decodingFailure();
      if (failed) throw failed;
      // the parser runs ahead of the records consumed: its own count of records names the row the
      // failing record began on (how many records were taken before the error reached them depends
      // on timing, and on the thread that reads). An opening quote never closed makes one record of
      // every line after it: the clerk must look where it opened, not where the parser gave up.
      const parsed = (err as { records?: unknown }).records;
      const at = (typeof parsed === "number" ? before + parsed : n) + 1;
      if ((err as { code?: string }).code === "CSV_MAX_RECORD_SIZE") {
        throw new PayoutError("input-too-large", `${what} ${path} 第 ${at} 行过长(超过 ${MAX_RECORD_CHARS} 个字符,单元格最多 ${MAX_CELL_CHARS} 个字符):请检查该行是否缺少引号或粘贴了大段内容`);
      }
      throw new PayoutError("input-format", `${what} ${path} 的 CSV 格式有误(约第 ${at} 行):${parserProblem(err)}`);
    } finally {
      input.destroy();
    }
  }
}

/**
 * What csv-parse found, for the clerk. Its own message counts lines from where it was handed the
 * text, which in the reading worker is after the plain lines split here: the row is named by the
 * caller, and no line number of csv-parse's is passed on, nor its English. With the options above, an
 * unclosed quote is the one format error csv-parse raises (besides a record too long, handled apart).
 */
function parserProblem(err: unknown): string {
  const code = (err as { code?: string }).code;
  if (code === "CSV_QUOTE_NOT_CLOSED") return "该行有单元格以引号开头,但直到文件末尾都没有对应的结束引号;请检查这一行的引号是否成对";
  return `无法按 CSV 读取这一行(${code ?? "未知原因"}):请在 Excel 或 WPS 中打开后另存为 CSV 再试`;
}
