import { looksLikeExcelNumber, normaliseIdText, parseIdNumber } from "../domain/id-number.js";
import { cellText, type RawCell } from "./cell.js";

// Excel turns long digit strings into numbers: an ID or account typed into a General cell comes back
// as 3.41122E+17, or with ".0", or with its last digits as 0. The digits are gone; only the clerk can
// re-enter them. The same instruction as the roster's, for every table (DESIGN §11.1).

export const ID_AS_NUMBER = "身份证号被Excel存成了数字,后几位已丢失:请把该列设为“文本”格式后重新录入完整号码";
export const ID_AS_SCIENTIFIC = "身份证号被Excel存成了科学计数法数字,后几位已丢失:请把该列设为“文本”格式后重新录入完整号码";
export const ID_ZEROS_CUT = "身份证号校验位不正确,且末尾是000:可能被Excel当作数字截断了,请把该列设为“文本”格式后重新录入完整号码";
export const ACCOUNT_AS_NUMBER = "银行账号被Excel存成了数字,后几位可能已丢失:请把该列设为“文本”格式后重新录入";

/** Why an ID or account cell was damaged by Excel, or undefined when it was not. */
export function excelDamage(cell: RawCell, kind: "id" | "account"): string | undefined {
  if (typeof cell === "number") {
    // a 15-digit ID survives Excel's number format exactly
    if (kind === "id" && Number.isSafeInteger(cell) && String(cell).length === 15) return undefined;
    return kind === "id" ? ID_AS_NUMBER : ACCOUNT_AS_NUMBER;
  }
  const text = cellText(cell).replace(/[\s-]/g, "");
  if (text === "") return undefined;
  if (looksLikeExcelNumber(text) || /^\d+(\.\d+)?[eE][+-]?\d+$/.test(text)) return kind === "id" ? ID_AS_SCIENTIFIC : ACCOUNT_AS_NUMBER;
  if (/^\d+\.0+$/.test(text)) return kind === "id" ? ID_AS_NUMBER : ACCOUNT_AS_NUMBER;
  if (kind === "id") {
    const id = normaliseIdText(text);
    const parsed = parseIdNumber(id);
    if (!parsed.ok && parsed.problem === "check" && /000$/.test(id)) return ID_ZEROS_CUT;
  }
  return undefined;
}
