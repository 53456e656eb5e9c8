// Spreadsheet formula injection: a cell text starting with = + - @ (or a tab / carriage return)
// is run as a formula by Excel when the file is opened. Such text is written with a leading
// apostrophe, so it shows as the text it is. Amount columns are numbers and never pass here.
// (A look at the first character: every text cell of a large sheet passes here.)
export function safeText(text: string): string {
  const first = text.charCodeAt(0);
  return first === 61 || first === 43 || first === 45 || first === 64 || first === 9 || first === 13 ? `'${text}` : text;
}
