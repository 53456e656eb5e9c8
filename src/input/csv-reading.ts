import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { csvRecords } from "./csv-source.js";
import type { RosterEncoding } from "./decode.js";
import { checkedChunks } from "./file-chunks.js";
import type { SourceRecord } from "./source.js";
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

/** What the worker sends: records in order, then the end or the reader's error. */
export type CsvWorkerMessage =
  | { readonly kind: "records"; readonly firstRow: number; readonly cells: string[][]; readonly suspectFrom: number }
  | { readonly kind: "end" }
  | { readonly kind: "error"; readonly failure: WorkerFailure };

/**
 * Records per message, and messages the worker may send ahead of the records this thread has taken.
 * One ahead is enough: the worker splits a batch in less time than this thread checks one, and the
 * next batch waits in the port as bytes. Every batch delivered here is copied by each young-generation
 * collection until its records are checked: with 4 ahead, all that had arrived were delivered together
 * and a million-row check copied ~650 MB in those collections (1 s of pauses); with 1, ~370 MB (0.8 s).
 */
export const BATCH_RECORDS = 1000;
export const BATCHES_AHEAD = 1;
/** From this size on a CSV is read in a worker (~16,000 roster rows): below, a thread's start-up costs more than it saves. */
const WORKER_BYTES = 2 * 2 ** 20;

const WORKER_FILE = new URL("./csv-read-worker.js", import.meta.url);

/** The CSV read here, chunk by chunk (csv-source.ts); `plainLines` in the worker, whose records are copied across. */
export function csvRecordsHere(job: CsvJob, plainLines = false): AsyncGenerator<SourceRecord> {
  const head = Buffer.from(job.head.buffer, job.head.byteOffset, job.head.byteLength);
  return csvRecords({ head, encoding: job.encoding, bomLength: job.bomLength, chunks: () => checkedChunks(job.path, job.what, job.size, job.sha256) }, job.what, job.path, plainLines);
}

/**
 * The records of a CSV: a large one read in a worker thread, a small one here. PAYOUT_WORKERS=0
 * reads every CSV here, =1 every CSV in a worker (for comparing, as for the writing threads).
 */
export function csvRecordsOf(job: CsvJob): AsyncGenerator<SourceRecord> {
  const mode = process.env.PAYOUT_WORKERS;
  const wanted = mode === "1" || (mode !== "0" && job.size >= WORKER_BYTES);
  return wanted && existsSync(fileURLToPath(WORKER_FILE)) ? csvRecordsInWorker(job) : csvRecordsHere(job);
}

type Received = CsvWorkerMessage | { readonly kind: "gone"; readonly error: Error };

/**
 * The records of a CSV read by a worker thread, batch by batch: the worker stays at most
 * BATCHES_AHEAD batches ahead. A worker that cannot start (no threads left, say) leaves the reading
 * to this thread; one that dies after records were taken is an error, never a short table. Stopping
 * early (the header not found, too many problems) ends the worker.
 */
export async function* csvRecordsInWorker(job: CsvJob, options: { readonly file?: URL; readonly onBatch?: () => void } = {}): AsyncGenerator<SourceRecord> {
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
      // the worker goes on with the next batch while these records are checked
      worker.postMessage("more");
      const { cells, firstRow, suspectFrom } = m;
      for (let i = 0; i < cells.length; i++) yield { cells: cells[i] as string[], row: firstRow + i, suspect: i >= suspectFrom };
    }
  } finally {
    worker.removeAllListeners();
    void worker.terminate();
  }
}
