// Text in SpreadsheetML. XML 1.0 cannot hold most control characters or a lone surrogate, so they
// are written as Excel's _xHHHH_ escapes; a literal "_xHHHH_" in the text has its underscore escaped
// (_x005F_), so Excel reads back exactly the text we wrote. Carriage returns survive as &#13;.

const SPECIAL = /[&<>\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]|_x[0-9a-fA-F]{4}_/;
const EVERY_SPECIAL = /[&<>\r]|[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff][\udc00-\udfff]|[\ud800-\udfff]|_(?=x[0-9a-fA-F]{4}_)/g;

const hex4 = (code: number): string => code.toString(16).toUpperCase().padStart(4, "0");

function replacement(match: string): string {
  switch (match) {
    case "&":
      return "&amp;";
    case "<":
      return "&lt;";
    case ">":
      return "&gt;";
    case "\r":
      return "&#13;";
    case "_":
      return "_x005F_";
    default:
      // a surrogate pair is a valid character: kept as it is
      return match.length === 2 ? match : `_x${hex4(match.charCodeAt(0))}_`;
  }
}

/** Cell text for a <t> element. */
export function escapeText(text: string): string {
  return SPECIAL.test(text) ? text.replace(EVERY_SPECIAL, replacement) : text;
}

/** An attribute value (sheet names, formats, fonts): our own short strings. */
export function escapeAttribute(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Text with leading or trailing XML white space needs xml:space="preserve" to keep it. */
export function needsPreserve(text: string): boolean {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return first === 32 || first === 9 || first === 10 || first === 13 || last === 32 || last === 9 || last === 10 || last === 13;
}

/** Undoes Excel's _xHHHH_ escapes (for readers of the workbooks we write). */
export function unescapeExcel(text: string): string {
  return text.includes("_x") ? text.replace(/_x([0-9a-fA-F]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))) : text;
}
