import { parentPort, workerData } from "node:worker_threads";
import { parsePolicyText } from "../policy/parse-policy.js";
import { readLedgerAwards } from "./read-ledger.js";
import type { RunResult } from "./run-result.js";
import { WORKER_STAGES, type WorkerJob } from "./worker-stages.js";

// A worker thread writes one kind of workbook from the ledger on disk while the main thread writes
// the others: the xlsx writer is the bottleneck, and this machine has two cores (DESIGN.md §9).
const job = workerData as WorkerJob;
const parsed = parsePolicyText(job.policyText);
if (!parsed.ok) throw new Error("policy did not parse in the worker");
const awards = await readLedgerAwards(job.ledgerPath, parsed.value);
const result: RunResult = { ...job.result, policy: parsed.value, awards, problems: [], budgetWarnings: [] };
const stage = WORKER_STAGES[job.stage];
const out = await stage(result, job.dir);
parentPort?.postMessage(out);
