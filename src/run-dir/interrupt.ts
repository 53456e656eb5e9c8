/**
 * What must happen before the process ends on Ctrl-C (SIGINT) or SIGTERM: worker threads stopped
 * first, then temporary directories removed. The CLI entry installs the handlers and decides the
 * exit code; modules only register their cleanups here.
 */
export type InterruptSignal = "SIGINT" | "SIGTERM";
type Cleanup = () => void | Promise<void>;

/** "stop" cleanups (worker threads) run before "remove" ones (temporary directories, synchronous). */
const cleanups = { stop: new Set<Cleanup>(), remove: new Set<Cleanup>() };

export function onInterrupt(phase: "stop", cleanup: Cleanup): () => void;
/** A "remove" cleanup is synchronous: it runs in the last moment before the process exits. */
export function onInterrupt(phase: "remove", cleanup: () => void): () => void;
export function onInterrupt(phase: keyof typeof cleanups, cleanup: Cleanup): () => void {
  cleanups[phase].add(cleanup);
  return () => cleanups[phase].delete(cleanup);
}

async function runAll(set: Set<Cleanup>): Promise<void> {
  for (const c of [...set]) {
    try {
      await c();
    } catch {
      // keep cleaning: the next cleanup may still remove personal data
    }
  }
}

/** The "remove" cleanups, called at once without awaiting (they are synchronous: rmSync, unlinkSync). */
function removeNow(): void {
  for (const c of [...cleanups.remove]) {
    try {
      void c();
    } catch {
      // keep cleaning: the next cleanup may still remove personal data
    }
  }
}

/** How long file-system calls already under way are given to finish before the second removal. */
const SETTLE_MS = 50;
const sleepSync = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

let installed = false;

/** Installs the handlers once; `exit` prints the notice and ends the process with the signal's exit code. */
export function installInterruptHandlers(exit: (signal: InterruptSignal) => void): void {
  if (installed) return;
  installed = true;
  let handling = false;
  const handle = (signal: InterruptSignal): void => {
    if (handling) return; // a second Ctrl-C while cleaning up waits for the cleanup
    handling = true;
    void (async () => {
      await runAll(cleanups.stop);
      // From here nothing else runs: removing, waiting and exiting happen in one go. A file-system
      // call already under way when the signal came (a folder created on libuv's own threads) can
      // finish after the removal and bring a folder back, so the removal is done again after a
      // moment in which this thread starts nothing new.
      removeNow();
      sleepSync(SETTLE_MS);
      removeNow();
      exit(signal);
    })();
  };
  process.on("SIGINT", () => handle("SIGINT"));
  process.on("SIGTERM", () => handle("SIGTERM"));
}

/**
 * One turn of the event loop: a long synchronous loop (evaluating a county) awaits this every few
 * thousand items, so a Ctrl-C arriving meanwhile is handled at once instead of when the loop ends.
 */
export function letSignalsIn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
