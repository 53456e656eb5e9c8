import { parentPort, workerData } from "node:worker_threads";
import { BATCH_RECORDS, BATCHES_AHEAD, csvRecordsHere, type CsvJob, type CsvWorkerMessage } from "./csv-reading.js";
import { workerFailure } from "../worker-failure.js";

// The worker thread of csv-reading.ts: reads one CSV with the same reader the main thread would use
// and posts its records in batches, at most BATCHES_AHEAD batches ahead of the records taken. Done,
// it waits to be terminated.

const job = workerData as CsvJob;
const port = parentPort;
let credits = BATCHES_AHEAD;
let resume: (() => void) | undefined;
port?.on("message", () => {
  credits++;
  resume?.();
});

function post(message: CsvWorkerMessage): void {
  port?.postMessage(message);
}

async function read(): Promise<void> {
  const size = job.batch ?? BATCH_RECORDS;
  let cells: string[][] = [];
  let firstRow = 1;
  let suspectFrom = -1;
  const send = async (): Promise<void> => {
    if (cells.length === 0) return;
    while (credits === 0) await new Promise<void>((r) => (resume = r));
    resume = undefined;
    credits--;
    post({ kind: "records", firstRow, cells, suspectFrom: suspectFrom < 0 ? cells.length : suspectFrom });
    firstRow += cells.length;
    cells = [];
    suspectFrom = -1;
  };
  try {
    for await (const record of csvRecordsHere(job, true)) {
      if (record.suspect && suspectFrom < 0) suspectFrom = cells.length;
      cells.push(record.cells as string[]);
      if (cells.length >= size) await send();
    }
    await send();
    post({ kind: "end" });
  } catch (err) {
    // the records read before the error come first, as they would in one thread
    await send();
    post({ kind: "error", failure: workerFailure(err) });
  }
}

void read();
