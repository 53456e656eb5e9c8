// A few shared cell styles. The workbook writer gives each distinct style one entry of styles.xml
// (these first, in this order, so styles.xml is the same in every workbook); never build a style
// per cell. The shape follows exceljs's Style, so a sheet kept on exceljs can use them too.

export interface CellFont {
  readonly name?: string;
  readonly size?: number;
  readonly bold?: boolean;
}

export interface CellAlignment {
  readonly horizontal?: "left" | "center" | "right";
  readonly vertical?: "top" | "middle" | "bottom";
  readonly wrapText?: boolean;
  readonly shrinkToFit?: boolean;
}

export interface CellEdge {
  readonly style: "thin";
}

export interface CellBorder {
  readonly top?: CellEdge;
  readonly left?: CellEdge;
  readonly bottom?: CellEdge;
  readonly right?: CellEdge;
}

export interface CellFill {
  readonly type: "pattern";
  readonly pattern: "solid";
  readonly fgColor: { readonly argb: string };
}

export interface CellStyle {
  readonly font?: CellFont;
  readonly alignment?: CellAlignment;
  readonly border?: CellBorder;
  readonly fill?: CellFill;
  readonly numFmt?: string;
}

const FONT = "宋体";
const thin = { style: "thin" } as const;
const border = { top: thin, left: thin, bottom: thin, right: thin };
const middle = { vertical: "middle" } as const;

export const AMOUNT_FORMAT = "#,##0.00";
export const PERCENT_FORMAT = "0.00%";

export const STYLES = {
  /** Shrinks rather than being cut at the merge's edges when a long county or township name overflows. */
  title: { font: { name: FONT, size: 16, bold: true }, alignment: { horizontal: "center", vertical: "middle", shrinkToFit: true } },
  noteRight: { font: { name: FONT, size: 10 }, alignment: { horizontal: "right", vertical: "middle" } },
  noteLeft: { font: { name: FONT, size: 11 }, alignment: { horizontal: "left", vertical: "middle", wrapText: true } },
  /** Paragraphs below a table (the notice's period, objections, phone): one cell, so a page break cannot split them. */
  paragraphs: { font: { name: FONT, size: 11 }, alignment: { horizontal: "left", vertical: "top", wrapText: true } },
  /** 落款: the issuing body and the date, right-aligned at the foot of a notice, with room for the seal above. */
  issuer: { font: { name: FONT, size: 12 }, alignment: { horizontal: "right", vertical: "bottom", wrapText: true } },
  header: {
    font: { name: FONT, size: 11, bold: true },
    alignment: { horizontal: "center", vertical: "middle", wrapText: true },
    border,
    fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFE7E6E6" } },
  },
  text: { font: { name: FONT, size: 11 }, alignment: middle, border },
  /** Names, banks, institutions, programmes: wrap instead of being cut or spilling into the next column. */
  wrap: { font: { name: FONT, size: 11 }, alignment: { vertical: "middle", wrapText: true }, border },
  /** Names and villages: centred, as on a hand-made form, and wrapped when long (an institution as 领款人). */
  wrapCenter: { font: { name: FONT, size: 11 }, alignment: { horizontal: "center", vertical: "middle", wrapText: true }, border },
  center: { font: { name: FONT, size: 11 }, alignment: { horizontal: "center", vertical: "middle" }, border },
  /** ID numbers and bank accounts: text, so Excel never turns them into 5.10188E+17. */
  idText: { font: { name: FONT, size: 11 }, alignment: middle, border, numFmt: "@" },
  amount: { font: { name: FONT, size: 11 }, alignment: middle, border, numFmt: AMOUNT_FORMAT },
  integer: { font: { name: FONT, size: 11 }, alignment: { horizontal: "center", vertical: "middle" }, border, numFmt: "0" },
  percent: { font: { name: FONT, size: 11 }, alignment: middle, border, numFmt: PERCENT_FORMAT },
  totalText: { font: { name: FONT, size: 11, bold: true }, alignment: { horizontal: "center", vertical: "middle" }, border },
  totalAmount: { font: { name: FONT, size: 11, bold: true }, alignment: middle, border, numFmt: AMOUNT_FORMAT },
  totalInteger: { font: { name: FONT, size: 11, bold: true }, alignment: { horizontal: "center", vertical: "middle" }, border, numFmt: "0" },
  totalPercent: { font: { name: FONT, size: 11, bold: true }, alignment: middle, border, numFmt: PERCENT_FORMAT },
  /** 合计(大写) in the narrow 序号 column: shrinks a little rather than being cut. */
  wordsLabel: { font: { name: FONT, size: 11, bold: true }, alignment: { horizontal: "center", vertical: "middle", shrinkToFit: true }, border },
  words: { font: { name: FONT, size: 11, bold: true }, alignment: { horizontal: "left", vertical: "middle" }, border },
} satisfies Record<string, CellStyle>;

/** Column-wide text format, so a clerk typing into an ID column later keeps it text. */
export const TEXT_COLUMN: CellStyle = { numFmt: "@" };
