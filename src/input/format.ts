import { extname } from "node:path";
import { PayoutError } from "../errors.js";
import { zipDirectory, type ZipItem } from "./zip-directory.js";

export type TableFormat = "csv" | "xlsx" | "xls";

export interface Sniffed {
  readonly format: TableFormat;
  /** The zip's entries, for an xlsx. */
  readonly zip?: readonly ZipItem[];
}

const SAVE_AS = "请另存为 Excel 工作簿(.xlsx)或 CSV 后再运行";

/**
 * The format of a table by its bytes, not its name: an xlsx is a zip holding xl/workbook.xml, an
 * .xls a compound file holding a Workbook stream, anything else is read as CSV text. Other office
 * files are refused with the format to save as.
 */
export async function sniffFormat(buf: Buffer, path: string, what: string): Promise<Sniffed> {
  const refuse = (why: string): never => {
    throw new PayoutError("input-format", `${what} ${path} ${why}`);
  };
  if (buf.length === 0) refuse("是空文件(0 字节)");
  if (buf.length >= 4 && buf[0] === 0x50 && buf[1] === 0x4b && (buf[2] === 3 || buf[2] === 5) && (buf[3] === 4 || buf[3] === 6)) {
    const zip = zipDirectory(buf);
    if (!zip) return refuse(`是损坏或不完整的压缩文件,无法作为 Excel 读取:${SAVE_AS}`);
    const names = new Set(zip.map((z) => z.name));
    if (names.has("xl/workbook.xml")) return { format: "xlsx", zip };
    if (names.has("xl/workbook.bin")) refuse(`是 Excel 二进制工作簿(.xlsb):请在 Excel 中另存为 .xlsx 或 CSV 后再运行`);
    if (names.has("mimetype") && zip.some((z) => z.name === "content.xml")) refuse(`是 OpenDocument 表格(.ods 等):请在 WPS 或 Excel 中另存为 .xlsx 或 CSV 后再运行`);
    if ([...names].some((n) => n.startsWith("Index/"))) refuse(`是 Apple Numbers 文件:请在 Numbers 中导出为 Excel(.xlsx)或 CSV 后再运行`);
    if (names.has("word/document.xml")) refuse(`是 Word 文档,不是表格:请把表格复制到 Excel 中,${SAVE_AS}`);
    if (names.has("ppt/presentation.xml")) refuse(`是 PowerPoint 文件,不是表格:${SAVE_AS}`);
    return refuse(`是一个压缩包,不是 Excel 表格:请解压后选用其中的表格,或${SAVE_AS.slice(1)}`);
  }
  if (buf.length >= 8 && buf.readUInt32BE(0) === 0xd0cf11e0 && buf.readUInt32BE(4) === 0xa1b11ae1) {
    let streams: string[] = [];
    try {
      // SheetJS is loaded only for legacy files: it is large, and most tables are CSV or xlsx
      const { CFB } = await import("@e965/xlsx");
      streams = CFB.read(buf, { type: "buffer" }).FullPaths.map((p: string) => p.replace(/^[^/]*\//, "").replace(/\/$/, ""));
    } catch {
      refuse(`是损坏的旧版 Office 文件:${SAVE_AS}`);
    }
    if (streams.includes("Workbook") || streams.includes("Book")) return { format: "xls" };
    if (streams.includes("EncryptedPackage")) refuse("设置了打开密码:请在 Excel 中取消密码后另存为 .xlsx 再运行");
    if (streams.includes("WordDocument")) refuse(`是 Word 文档(.doc),不是表格:请把表格复制到 Excel 中,${SAVE_AS}`);
    if (extname(path).toLowerCase() === ".et" || streams.some((s) => /^ET/i.test(s))) refuse("是 WPS 表格格式(.et):请在 WPS 中“另存为” Excel 工作簿(.xlsx)或 CSV 后再运行");
    refuse(`是无法识别的旧版 Office 文件:${SAVE_AS}`);
  }
  if (buf.subarray(0, 5).toString("latin1") === "%PDF-") refuse(`是 PDF 文件,不是表格:${SAVE_AS}`);
  return { format: "csv" };
}
