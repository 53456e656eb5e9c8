import { formatYuan, type Fen } from "../domain/money.js";
import { PayoutError } from "../errors.js";

// 大写金额 as 会计基础工作规范 writes it: 人民币壹万零玖佰柒拾陆元整.
const DIGITS = "零壹贰叁肆伍陆柒捌玖";
const PLACES = ["", "拾", "佰", "仟"];
const GROUPS = ["", "万", "亿"];
/** 9999,9999,9999.99 元: the largest amount the three groups (个, 万, 亿) can spell. */
const MAX_FEN = 999_999_999_999_99;

/** The whole-yuan part in words, without 元: 10976 → 壹万零玖佰柒拾陆. */
function yuanWords(yuan: number): string {
  const digits = String(yuan);
  let out = "";
  let zeroPending = false;
  let groupHasDigit = false;
  for (let i = 0; i < digits.length; i++) {
    const pos = digits.length - 1 - i; // 0 = units
    const d = digits.charCodeAt(i) - 48;
    if (d === 0) {
      zeroPending = out !== "";
    } else {
      // One 零 stands for any run of zeros between two written digits, even across groups.
      if (zeroPending) out += "零";
      out += DIGITS[d] + (PLACES[pos % 4] ?? "");
      zeroPending = false;
      groupHasDigit = true;
    }
    if (pos % 4 === 0) {
      // A group's own trailing zeros need no 零: 105000 is 壹拾万伍仟.
      if (groupHasDigit) {
        out += GROUPS[pos / 4] ?? "";
        zeroPending = false;
      }
      groupHasDigit = false;
    }
  }
  return out;
}

/** 大写 of an amount of fen: 120000 → 人民币壹仟贰佰元整; 100530 → 人民币壹仟零伍元叁角; 5 → 人民币伍分. */
export function amountInWords(amount: Fen): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`not a whole number of fen: ${amount}`);
  const abs = Math.abs(amount);
  if (abs > MAX_FEN) {
    throw new PayoutError("amount-out-of-range", `金额 ${formatYuan(amount)} 元超出了大写金额能写的范围(一万亿元以下):请检查政策文件中的金额参数和花名册,这样的金额不可能是正确的`);
  }
  const sign = amount < 0 ? "负" : "";
  if (abs === 0) return "人民币零元整";
  const yuan = Math.floor(abs / 100);
  const jiao = Math.floor(abs / 10) % 10;
  const fen = abs % 10;
  let out = yuan > 0 ? `${yuanWords(yuan)}元` : "";
  if (jiao === 0 && fen === 0) return `人民币${sign}${out}整`;
  if (jiao > 0) out += `${DIGITS[jiao]}角`;
  else if (yuan > 0) out += "零"; // 1.05 → 壹元零伍分
  if (fen > 0) out += `${DIGITS[fen]}分`;
  return `人民币${sign}${out}`;
}
