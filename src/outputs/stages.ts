import type { OutputStage } from "./write-run.js";

/** The outputs derived from the ledger, written after it (registry: one entry per kind). */
export const OUTPUT_STAGES: readonly OutputStage[] = [];
