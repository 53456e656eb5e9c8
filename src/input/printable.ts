/**
 * Control characters (C0 but tab, CR and LF; DEL; C1) and the bidirectional overrides that can
 * reorder what a terminal shows. None may pass from a file into a record (DESIGN §11.1).
 */
export const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const CONTROL_CHARS_ALL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Text from a file as it may be shown on a terminal: every control character as \uXXXX. */
export function printable(text: string): string {
  return text.replace(CONTROL_CHARS_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
