import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { csvRecords } from "./csv-source.js";
import type { RosterEncoding } from "./decode.js";
import { checkedChunks } from "./file-chunks.js";
import type { SourceRecord, TransformRequest } from "./source.js";
import { fromWorkerFailure, type WorkerFailure } from "../worker-failure.js";

// A large CSV is decoded and split into records in a worker thread, while this thread checks the
// records it has already received: reading a roster is otherwise one core's work while the
// machine's second core waits. The worker runs the same reader (csv-source.ts) on the same bytes,
// splitting plain lines itself up to the first quote (csv-parse's records for such text, tested),
// so the records, their row numbers and every error are those of reading here. (An xlsx stays in
// this thread: measured, exceljs alone took as long in a worker as exceljs and the checks together
// here — it waits on its inflating as much as it computes.)

/** A CSV to read, as plain data (it crosses to the worker): where it is, what it is, how it was found to be. */
export interface CsvJob {
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

/** What the worker sends: records in order (as read, or guarded and transformed), then the end or the reader's error. */
export type CsvWorkerMessage =
  | { readonly kind: "records"; readonly firstRow: number; readonly cells: string[][]; readonly suspectFrom: number }
  | {
      readonly kind: "transformed";
      /** Each sent record's row (blank records are left out). */
      readonly rows: number[];
      /** Each record's transform; none for a record with problems. */
      readonly values: unknown[];
      /** The records with problems: their place in `rows`, and the problems. */
      readonly guarded: Array<[number, string[]]>;
    }
  | { readonly kind: "end" }
  | { readonly kind: "error"; readonly failure: WorkerFailure };

/** What this thread sends the worker: a batch taken (and whether to transform the next), or the transform to apply. */
export type CsvReaderMessage = { readonly kind: "more"; readonly transform: boolean } | ({ readonly kind: "transform" } & TransformRequest);

/** Records per message, and messages the worker may send ahead of the records this thread has taken. */
export const BATCH_RECORDS = 1000;
export const BATCHES_AHEAD = 4;
/** From this size on a CSV is read in a worker (~16,000 roster rows): below, a thread's start-up costs more than it saves. */
const WORKER_BYTES = 2 * 2 ** 20;

const WORKER_FILE = new URL("./csv-read-worker.js", import.meta.url);

/** The CSV read here, chunk by chunk (csv-source.ts); `plainLines` in the worker, whose records are copied across. */
export function csvRecordsHere(job: CsvJob, plainLines = false): AsyncGenerator<SourceRecord> {
  const head = Buffer.from(job.head.buffer, job.head.byteOffset, job.head.byteLength);
  return csvRecords({ head, encoding: job.encoding, bomLength: job.bomLength, chunks: () => checkedChunks(job.path, job.what, job.size, job.sha256) }, job.what, job.path, plainLines);
}

/**
 * How a reading worker shares the work of the records' transform (TableSpec.transform) with this
 * thread. Once the table's header is found, `request` hands it the guard and the transform. Then
 * it transforms the next batch when this thread still has batches waiting as it takes one: this
 * thread is then the slower, and takes transformed records at less cost than it would check cells
 * itself. When the worker is the slower, it sends cells, as before, and this thread transforms them.
 * (A million-row roster: this thread's checks were ~5 s of its ~6 s of reading while the worker
 * parsed for ~2 s.) PAYOUT_READ_SPLIT=worker transforms every batch there, =here none (for comparing).
 */
export class ReaderControl {
  /** The transform, until sent to the worker. */
  pending: TransformRequest | undefined;
  requested = false;

  request(request: TransformRequest): void {
    this.pending = request;
    this.requested = true;
  }

  /** Whether the next batch is to be transformed by the worker, `waiting` batches being in hand. */
  wantTransformed(waiting: number): boolean {
    if (!this.requested) return false;
    const split = process.env.PAYOUT_READ_SPLIT;
    return split === "worker" ? true : split === "here" ? false : waiting > 0;
  }
}

/**
 * The records of a CSV: a large one read in a worker thread, a small one here. PAYOUT_WORKERS=0
 * reads every CSV here, =1 every CSV in a worker (for comparing, as for the writing threads).
 */
export function csvRecordsOf(job: CsvJob, control?: ReaderControl): AsyncGenerator<SourceRecord> {
  const mode = process.env.PAYOUT_WORKERS;
  const wanted = mode === "1" || (mode !== "0" && job.size >= WORKER_BYTES);
  return wanted && existsSync(fileURLToPath(WORKER_FILE)) ? csvRecordsInWorker(job, { control }) : csvRecordsHere(job);
}

const NO_CELLS: string[] = [];

type Received = CsvWorkerMessage | { readonly kind: "gone"; readonly error: Error };

/**
 * The records of a CSV read by a worker thread, batch by batch: the worker stays at most
 * BATCHES_AHEAD batches ahead. A worker that cannot start (no threads left, say) leaves the reading
 * to this thread; one that dies after records were taken is an error, never a short table. Stopping
 * early (the header not found, too many problems) ends the worker.
 */
export async function* csvRecordsInWorker(job: CsvJob, options: { readonly file?: URL; readonly onBatch?: () => void; readonly control?: ReaderControl | undefined } = {}): AsyncGenerator<SourceRecord> {
  let worker: Worker;
  try {
    worker = new Worker(options.file ?? WORKER_FILE, { workerData: job });
  } catch {
    yield* csvRecordsHere(job);
    return;
  }
  const inbox: Received[] = [];
  let wake: (() => void) | undefined;
  const receive = (m: Received): void => {
    inbox.push(m);
    wake?.();
  };
  worker.on("message", (m: CsvWorkerMessage) => receive(m));
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
      if (m.kind === "end") return;
      if (m.kind === "error") throw fromWorkerFailure(m.failure);
      if (m.kind === "gone") {
        if (taken) throw m.error;
        yield* csvRecordsHere(job);
        return;
      }
      taken = true;
      options.onBatch?.();
      const control = options.control;
      if (control?.pending) {
        worker.postMessage({ kind: "transform", ...control.pending } satisfies CsvReaderMessage);
        control.pending = undefined;
      }
      // the worker goes on with the next batch while these records are checked
      worker.postMessage({ kind: "more", transform: control?.wantTransformed(inbox.length) ?? false } satisfies CsvReaderMessage);
      if (m.kind === "transformed") {
        const { rows, values, guarded } = m;
        let next = 0;
        for (let i = 0; i < rows.length; i++) {
          const problems = guarded[next];
          if (problems?.[0] === i) {
            next++;
            yield { cells: NO_CELLS, row: rows[i] as number, suspect: false, guarded: problems[1] };
          } else yield { cells: NO_CELLS, row: rows[i] as number, suspect: false, guarded: NO_CELLS, transformed: values[i] };
        }
        continue;
      }
      const { cells, firstRow, suspectFrom } = m;
      for (let i = 0; i < cells.length; i++) yield { cells: cells[i] as string[], row: firstRow + i, suspect: i >= suspectFrom };
    }
  } finally {
    worker.removeAllListeners();
    void worker.terminate();
  }
}
