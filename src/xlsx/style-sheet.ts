import { STYLES, TEXT_COLUMN, type CellAlignment, type CellBorder, type CellFill, type CellFont, type CellStyle } from "./styles.js";
import { escapeAttribute } from "./xml-text.js";

// styles.xml for the workbook writer: each distinct CellStyle gets one cellXfs entry. The shared
// STYLES are registered first, in their order, so the file is the same in every workbook; a
// style the writers build otherwise is appended when first used (still deterministic).

/** Excel's built-in number formats that our styles use; others get ids from 164 on. */
const BUILT_IN_FORMATS: Record<string, number> = { General: 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "0%": 9, "0.00%": 10, "@": 49 };
/** Excel's default font, against which column widths are measured. */
const DEFAULT_FONT = '<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>';
const VERTICAL: Record<string, string> = { top: "top", middle: "center", bottom: "bottom" };

class Table {
  private readonly ids = new Map<string, number>();
  readonly xml: string[] = [];

  constructor(first: readonly string[]) {
    for (const x of first) this.id(x);
  }

  id(xml: string): number {
    let id = this.ids.get(xml);
    if (id === undefined) {
      id = this.xml.length;
      this.ids.set(xml, id);
      this.xml.push(xml);
    }
    return id;
  }
}

function fontXml(font: CellFont | undefined): string {
  if (!font) return DEFAULT_FONT;
  const name = font.name ?? "Calibri";
  // charset 134 (GB2312) tells Excel the font is a Chinese one
  const charset = /[^\x20-\x7e]/.test(name) ? '<charset val="134"/>' : "";
  return `<font>${font.bold ? "<b/>" : ""}<sz val="${font.size ?? 11}"/><name val="${escapeAttribute(name)}"/>${charset}</font>`;
}

function fillXml(fill: CellFill | undefined): string {
  if (!fill) return '<fill><patternFill patternType="none"/></fill>';
  return `<fill><patternFill patternType="solid"><fgColor rgb="${escapeAttribute(fill.fgColor.argb)}"/><bgColor indexed="64"/></patternFill></fill>`;
}

function borderXml(border: CellBorder | undefined): string {
  const edge = (name: string, e: { style: string } | undefined): string => (e ? `<${name} style="${e.style}"><color auto="1"/></${name}>` : `<${name}/>`);
  return `<border>${edge("left", border?.left)}${edge("right", border?.right)}${edge("top", border?.top)}${edge("bottom", border?.bottom)}<diagonal/></border>`;
}

function alignmentXml(a: CellAlignment | undefined): string {
  if (!a) return "";
  let attrs = "";
  if (a.horizontal) attrs += ` horizontal="${a.horizontal}"`;
  if (a.vertical) attrs += ` vertical="${VERTICAL[a.vertical] ?? "center"}"`;
  if (a.wrapText) attrs += ' wrapText="1"';
  if (a.shrinkToFit) attrs += ' shrinkToFit="1"';
  return attrs ? `<alignment${attrs}/>` : "";
}

export class StyleSheet {
  private readonly byObject = new Map<CellStyle, number>();
  private readonly fonts = new Table([DEFAULT_FONT]);
  private readonly fills = new Table([fillXml(undefined), '<fill><patternFill patternType="gray125"/></fill>']);
  private readonly borders = new Table([borderXml(undefined)]);
  private readonly formats = new Map<string, number>();
  private readonly xfs = new Table(['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']);

  constructor() {
    for (const style of [...Object.values(STYLES), TEXT_COLUMN] as CellStyle[]) this.id(style);
  }

  /** The cellXfs index of a style (0 for none). */
  id(style: CellStyle | undefined): number {
    if (!style) return 0;
    let id = this.byObject.get(style);
    if (id !== undefined) return id;
    const numFmt = style.numFmt === undefined ? 0 : this.formatId(style.numFmt);
    const font = style.font ? this.fonts.id(fontXml(style.font)) : 0;
    const fill = style.fill ? this.fills.id(fillXml(style.fill)) : 0;
    const border = style.border ? this.borders.id(borderXml(style.border)) : 0;
    const alignment = alignmentXml(style.alignment);
    const applies =
      (numFmt ? ' applyNumberFormat="1"' : "") + (font ? ' applyFont="1"' : "") + (fill ? ' applyFill="1"' : "") + (border ? ' applyBorder="1"' : "") + (alignment ? ' applyAlignment="1"' : "");
    const open = `<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="${border}" xfId="0"${applies}`;
    id = this.xfs.id(alignment ? `${open}>${alignment}</xf>` : `${open}/>`);
    this.byObject.set(style, id);
    return id;
  }

  private formatId(format: string): number {
    const builtIn = BUILT_IN_FORMATS[format];
    if (builtIn !== undefined) return builtIn;
    let id = this.formats.get(format);
    if (id === undefined) {
      id = 164 + this.formats.size;
      this.formats.set(format, id);
    }
    return id;
  }

  xml(): string {
    const list = (tag: string, items: readonly string[]): string => `<${tag} count="${items.length}">${items.join("")}</${tag}>`;
    const formats = [...this.formats].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeAttribute(code)}"/>`);
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      (formats.length ? list("numFmts", formats) : "") +
      list("fonts", this.fonts.xml) +
      list("fills", this.fills.xml) +
      list("borders", this.borders.xml) +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      list("cellXfs", this.xfs.xml) +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
      '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      "</styleSheet>"
    );
  }
}
