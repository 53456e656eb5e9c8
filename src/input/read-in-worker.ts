import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { RawCell } from "./cell.js";
import { csvRecords } from "./csv-source.js";
import type { RosterEncoding } from "./decode.js";
import { checkedChunks } from "./file-chunks.js";
import type { SourceRecord } from "./source.js";
import { xlsxRecords } from "./xlsx-source.js";
import type { ZipItem } from "./zip-directory.js";
import { forStreaming } from "./zip-reorder.js";
import { fromWorkerFailure, type WorkerFailure } from "../worker-failure.js";

// A large table is parsed in a worker thread — a CSV decoded and split by csv-parse, an xlsx read by
// exceljs — while this thread checks the records it has already received: reading a roster is
// otherwise one core's work while the machine's second core waits. The worker runs the very same
// reader (csv-source.ts, xlsx-source.ts) on the very same bytes, so the records, their row numbers
// and every error are those of reading here.

/** A CSV to read, as plain data (it crosses to the worker): where it is, what it is, how it was found to be. */
export interface CsvJob {
  readonly kind: "csv";
  readonly path: string;
  /** The table as the clerk knows it, for messages. */
  readonly what: string;
  /** Its size and SHA-256 when first read: a file changed since is refused. */
  readonly size: number;
  readonly sha256: string;
  /** The file's first bytes (the delimiter is taken from its first line). */
  readonly head: Uint8Array;
  readonly encoding: RosterEncoding;
  readonly bomLength: number;
  /** Records per message (tests use small batches to cross many batch edges). */
  readonly batch?: number;
}

/** An xlsx to read: its bytes as checked (a copy crosses to the worker), its zip entries, the sheet, its hidden rows. */
export interface XlsxJob {
  readonly kind: "xlsx";
  readonly path: string;
  readonly what: string;
  readonly bytes: Uint8Array;
  readonly zip: readonly ZipItem[];
  readonly sheet: string | undefined;
  /** Hidden rows by sheet name (xlsx-guard.ts). */
  readonly hidden: ReadonlyMap<string, ReadonlySet<number>>;
  readonly batch?: number;
}

export type ReadJob = CsvJob | XlsxJob;

/**
 * What the worker sends: records in order — cells, row numbers (consecutive from `firstRow` unless
 * listed), the marks the reader gave some (hidden, faults: by index in the batch) and the workbook's
 * date system so far — then the end or the reader's error.
 */
export type ReadWorkerMessage =
  | {
      readonly kind: "records";
      readonly cells: readonly RawCell[][];
      readonly firstRow: number;
      readonly rows: readonly number[] | undefined;
      readonly hidden: readonly number[];
      readonly faults: ReadonlyArray<readonly [number, NonNullable<SourceRecord["faults"]>]>;
      readonly suspectFrom: number;
      readonly date1904: boolean;
    }
  | { readonly kind: "end"; readonly date1904: boolean }
  | { readonly kind: "error"; readonly failure: WorkerFailure };

/** Records per message, and messages the worker may send ahead of the records this thread has taken. */
export const BATCH_RECORDS = 1000;
export const BATCHES_AHEAD = 4;
/** From this size on a table is read in a worker (~16,000 roster rows): below, a thread's start-up costs more than it saves. */
const WORKER_BYTES = 2 * 2 ** 20;

const WORKER_FILE = new URL("./read-worker.js", import.meta.url);

/** The table read here; `onDate1904` hears an xlsx's date system before its first record. */
export function recordsHere(job: ReadJob, onDate1904: (v: boolean) => void = () => undefined): AsyncGenerator<SourceRecord> {
  if (job.kind === "csv") {
    const head = Buffer.from(job.head.buffer, job.head.byteOffset, job.head.byteLength);
    return csvRecords({ head, encoding: job.encoding, bomLength: job.bomLength, chunks: () => checkedChunks(job.path, job.what, job.size, job.sha256) }, job.what, job.path);
  }
  const bytes = Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength);
  return xlsxRecords(forStreaming(bytes, job.zip), job.what, job.path, job.sheet, (name) => job.hidden.get(name) ?? new Set(), onDate1904);
}

/**
 * The records of a table: a large one read in a worker thread, a small one here. PAYOUT_WORKERS=0
 * reads every table here, =1 every table in a worker (for comparing, as for the writing threads).
 */
export function recordsOf(job: ReadJob, size: number, onDate1904: (v: boolean) => void): AsyncGenerator<SourceRecord> {
  const mode = process.env.PAYOUT_WORKERS;
  const wanted = mode === "1" || (mode !== "0" && size >= WORKER_BYTES);
  return wanted && existsSync(fileURLToPath(WORKER_FILE)) ? recordsInWorker(job, { onDate1904 }) : recordsHere(job, onDate1904);
}

type Received = ReadWorkerMessage | { readonly kind: "gone"; readonly error: Error };

export interface WorkerOptions {
  /** The worker's module (tests run it from source). */
  readonly file?: URL;
  readonly onDate1904?: (v: boolean) => void;
  /** Told of each batch taken from the worker (tests: it really read there). */
  readonly onBatch?: () => void;
}

/**
 * The records of a table read by a worker thread, batch by batch: the worker stays at most
 * BATCHES_AHEAD batches ahead. A worker that cannot start (no threads left, say) leaves the reading
 * to this thread; one that dies after records were taken is an error, never a short table. Stopping
 * early (the header not found, too many problems) ends the worker.
 */
export async function* recordsInWorker(job: ReadJob, options: WorkerOptions = {}): AsyncGenerator<SourceRecord> {
  const onDate1904 = options.onDate1904 ?? (() => undefined);
  let worker: Worker;
  try {
    worker = new Worker(options.file ?? WORKER_FILE, { workerData: job });
  } catch {
    yield* recordsHere(job, onDate1904);
    return;
  }
  const inbox: Received[] = [];
  let wake: (() => void) | undefined;
  const receive = (m: Received): void => {
    inbox.push(m);
    wake?.();
  };
  worker.on("message", (m: ReadWorkerMessage) => receive(m));
  worker.on("error", (error) => receive({ kind: "gone", error }));
  worker.on("exit", (code) => receive({ kind: "gone", error: new Error(`读取线程异常退出(${code})`) }));
  let taken = false;
  try {
    for (;;) {
      // waiting, the worker keeps the process alive; between batches it does not (a reader left
      // unfinished by an error elsewhere must not hold the process open)
      worker.ref();
      while (inbox.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      worker.unref();
      wake = undefined;
      const m = inbox.shift() as Received;
      if (m.kind === "error") throw fromWorkerFailure(m.failure);
      if (m.kind === "gone") {
        if (taken) throw m.error;
        yield* recordsHere(job, onDate1904);
        return;
      }
      onDate1904(m.date1904);
      if (m.kind === "end") return;
      taken = true;
      options.onBatch?.();
      // the worker goes on with the next batch while these records are checked
      worker.postMessage("more");
      const { cells, firstRow, rows, suspectFrom } = m;
      const hidden = new Set(m.hidden);
      const faults = new Map(m.faults);
      for (let i = 0; i < cells.length; i++) {
        const row = rows ? (rows[i] as number) : firstRow + i;
        const suspect = i >= suspectFrom;
        const record: SourceRecord = job.kind === "csv" ? { cells: cells[i] as RawCell[], row, suspect } : { cells: cells[i] as RawCell[], row, suspect, hidden: hidden.has(i) };
        const f = faults.get(i);
        yield f ? { ...record, faults: f } : record;
      }
    }
  } finally {
    worker.removeAllListeners();
    void worker.terminate();
  }
}
