import { parentPort, workerData } from "node:worker_threads";
import { BATCH_RECORDS, BATCHES_AHEAD, csvRecordsHere, type CsvJob, type CsvReaderMessage, type CsvWorkerMessage } from "./csv-reading.js";
import { guardRecord, type RecordGuard } from "./record-guard.js";
import type { SourceRecord } from "./source.js";
import { workerFailure } from "../worker-failure.js";

// The worker thread of csv-reading.ts: reads one CSV with the same reader the main thread would use
// and posts its records in batches, at most BATCHES_AHEAD batches ahead of the records taken. Once
// told the table's guard and transform, it guards and transforms the batches the main thread asks
// it to, with the same functions the main thread would use. Done, it waits to be terminated.

type RecordTransform = (cells: SourceRecord["cells"], row: number) => unknown;

const job = workerData as CsvJob;
const port = parentPort;
let credits = BATCHES_AHEAD;
let resume: (() => void) | undefined;
/** The main thread asked for the next batch transformed. */
let wanted = false;
/** The guard and transform, once loaded; a failure to load them is the reading's failure. */
let loading: Promise<{ guard: RecordGuard; apply: RecordTransform }> | undefined;
port?.on("message", (m: CsvReaderMessage) => {
  if (m.kind === "transform") {
    const { guard, module, setup } = m;
    loading = import(module).then((mod: { prepare: (setup: unknown) => RecordTransform }) => ({ guard, apply: mod.prepare(setup) }));
    loading.catch(() => undefined);
    return;
  }
  credits++;
  wanted = m.transform;
  resume?.();
});

function post(message: CsvWorkerMessage): void {
  port?.postMessage(message);
}

/** A batch guarded and transformed: blank records left out, a record with problems sent with them only. */
function transformed(step: { guard: RecordGuard; apply: RecordTransform }, cells: string[][], firstRow: number, suspectFrom: number): CsvWorkerMessage {
  const rows: number[] = [];
  const values: unknown[] = [];
  const guarded: Array<[number, string[]]> = [];
  for (let i = 0; i < cells.length; i++) {
    const record: SourceRecord = { cells: cells[i] as string[], row: firstRow + i, suspect: i >= suspectFrom };
    const problems = guardRecord(step.guard, record);
    if (problems === null) continue;
    if (problems.length > 0) {
      guarded.push([rows.length, [...problems]]);
      values.push(undefined);
    } else values.push(step.apply(record.cells, record.row));
    rows.push(record.row);
  }
  return { kind: "transformed", rows, values, guarded };
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
    const from = suspectFrom < 0 ? cells.length : suspectFrom;
    const step = loading && wanted ? await loading : undefined;
    post(step ? transformed(step, cells, firstRow, from) : { kind: "records", firstRow, cells, suspectFrom: from });
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
    try {
      await send();
    } catch {
      // (the transform failed to load: the first error is the one reported)
    }
    post({ kind: "error", failure: workerFailure(err) });
  }
}

void read();
