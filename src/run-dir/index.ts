// Output ownership (DESIGN §11.2): one module for every command that writes a run directory.
export { CHECKSUM_FILE, MARKER_FILE, readMarker, type RunMarker } from "./marker.js";
export { checkRunDirectory, listFiles, sealRunDirectory, sha256Of, type RunDirectoryCheck } from "./checksums.js";
export { installInterruptHandlers, letSignalsIn, onInterrupt, type InterruptSignal } from "./interrupt.js";
export { lockPath } from "./lock.js";
export { movedAsideRun, openRunDir, type RunDir, type RunDirRequest } from "./session.js";
