/** A table we were handed cannot be read as it stands: the run stops (exit 2) and nothing is written. */
export class RosterError extends Error {
  constructor(readonly code: "unreadable" | "no-header" | "no-sheet" | "format" | "limit" | "content", message: string) {
    super(message);
  }
}
