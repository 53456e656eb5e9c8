import { parentPort, workerData } from "node:worker_threads";
import type { RawCell } from "./cell.js";
import { BATCH_RECORDS, BATCHES_AHEAD, recordsHere, type ReadJob, type ReadWorkerMessage } from "./read-in-worker.js";
import type { SourceRecord } from "./source.js";
import { workerFailure } from "../worker-failure.js";

// The worker thread of read-in-worker.ts: reads one table with the same reader the main thread
// would use and posts its records in batches, at most BATCHES_AHEAD batches ahead of the records
// taken. Done, it waits to be terminated.

const job = workerData as ReadJob;
const port = parentPort;
let credits = BATCHES_AHEAD;
let resume: (() => void) | undefined;
port?.on("message", () => {
  credits++;
  resume?.();
});

async function read(): Promise<void> {
  const size = job.batch ?? BATCH_RECORDS;
  let date1904 = false;
  let cells: RawCell[][] = [];
  let rows: number[] = [];
  let consecutive = true;
  let hidden: number[] = [];
  let faults: Array<[number, NonNullable<SourceRecord["faults"]>]> = [];
  let suspectFrom = -1;
  const send = async (): Promise<void> => {
    if (cells.length === 0) return;
    while (credits === 0) await new Promise<void>((r) => (resume = r));
    resume = undefined;
    credits--;
    const firstRow = rows[0] as number;
    port?.postMessage({ kind: "records", cells, firstRow, rows: consecutive ? undefined : rows, hidden, faults, suspectFrom: suspectFrom < 0 ? cells.length : suspectFrom, date1904 } satisfies ReadWorkerMessage);
    cells = [];
    rows = [];
    consecutive = true;
    hidden = [];
    faults = [];
    suspectFrom = -1;
  };
  try {
    for await (const record of recordsHere(job, (v) => (date1904 = v))) {
      const i = cells.length;
      if (record.suspect && suspectFrom < 0) suspectFrom = i;
      if (record.hidden) hidden.push(i);
      if (record.faults) faults.push([i, record.faults]);
      if (i > 0 && record.row !== (rows[i - 1] as number) + 1) consecutive = false;
      cells.push(record.cells);
      rows.push(record.row);
      if (cells.length >= size) await send();
    }
    await send();
    port?.postMessage({ kind: "end", date1904 } satisfies ReadWorkerMessage);
  } catch (err) {
    // the records read before the error come first, as they would in one thread
    await send();
    port?.postMessage({ kind: "error", failure: workerFailure(err) } satisfies ReadWorkerMessage);
  }
}

void read();
