// Spreadsheet formula injection: a cell text starting with = + - @ (or a tab / carriage return)
// is run as a formula by Excel when the file is opened. Such text is written with a leading
// apostrophe, so it shows as the text it is. Amount columns are numbers and never pass here.
const DANGEROUS = /^[=+\-@\t\r]/;

export function safeText(text: string): string {
  return DANGEROUS.test(text) ? `'${text}` : text;
}
