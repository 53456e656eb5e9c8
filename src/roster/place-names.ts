// 乡镇, 村 and 开户银行 become file names (公示名单/<乡镇>.xlsx, 银行代发/<开户银行>.csv) and sheet
// names (one sheet per 村): a value no file system or workbook can take is a row error, found by
// `check` as by `run`, never a county-wide stop half-way through writing.

/** Names Windows reserves for devices, with or without an extension (CON, nul.txt, COM1 …). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Characters a Windows file name or an Excel sheet name cannot hold. */
const ILLEGAL = /[<>:"/\\|?*[\]\u0000-\u001f]/;
/** Long enough for any real place or bank name; far below the 255-byte file-name limit in UTF-8. */
export const MAX_PLACE_NAME = 50;

/** Verdicts already given: a million rows name a few hundred places and banks. */
const verdicts = new Map<string, string | undefined>();

/** Why `text` cannot name a file or a sheet, or undefined when it can. */
export function unsafePlaceName(text: string): string | undefined {
  if (verdicts.has(text)) return verdicts.get(text);
  const why = judgePlaceName(text);
  if (verdicts.size >= 10_000) verdicts.clear();
  verdicts.set(text, why);
  return why;
}

function judgePlaceName(text: string): string | undefined {
  if (text === "") return undefined;
  if (text === "." || text === "..") return "不能用作文件名";
  if (text.startsWith(".")) return "以“.”开头,会成为隐藏文件";
  if (/[. ]$/.test(text)) return "以“.”或空格结尾,Windows 会去掉它而与别的名称混淆";
  const bad = text.match(ILLEGAL);
  if (bad) return `含有文件名或 Excel 工作表名不允许的字符“${bad[0] < " " ? "控制字符" : bad[0]}”`;
  if (RESERVED.test(text)) return "是 Windows 的保留设备名,不能用作文件名";
  if (text.toLowerCase() === "history") return "是 Excel 保留的工作表名,不能用作工作表名";
  if (Array.from(text).length > MAX_PLACE_NAME) return `长达 ${Array.from(text).length} 个字符,超过 ${MAX_PLACE_NAME} 个,不能用作文件名`;
  return undefined;
}
