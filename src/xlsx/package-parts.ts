import { escapeAttribute } from "./xml-text.js";

// The small fixed parts of an .xlsx package around the sheets: content types, relationships,
// workbook.xml (sheet names, print titles, filter ranges) and the document properties.

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";

export interface SheetEntry {
  readonly name: string;
  /** Rows printed at the top of every page (repeatFrom, else 1, to this), 0 for none. */
  readonly titleRows: number;
  /** The first row repeated on every page, when the top rows above it print once (a notice's title and preamble). */
  readonly repeatFrom?: number | undefined;
  /** The filter range ("A1:K20"), when the sheet has filter buttons. */
  readonly filter?: string | undefined;
}

export const sheetPath = (index: number): string => `xl/worksheets/sheet${index + 1}.xml`;

/** A sheet name inside a formula: always quoted, a quote doubled. */
function quotedName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

export function contentTypesXml(sheets: number): string {
  const overrides = Array.from(
    { length: sheets },
    (_, i) => `<Override PartName="/${sheetPath(i)}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
  ).join("");
  return (
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
    overrides +
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>' +
    "</Types>"
  );
}

export function rootRelsXml(): string {
  return (
    `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>` +
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
    `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/>` +
    "</Relationships>"
  );
}

export function workbookRelsXml(sheets: number): string {
  const rels = Array.from({ length: sheets }, (_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  rels.push(`<Relationship Id="rId${sheets + 1}" Type="${REL_NS}/styles" Target="styles.xml"/>`);
  return `${XML_HEAD}<Relationships xmlns="${PACKAGE_REL_NS}">${rels.join("")}</Relationships>`;
}

export function workbookXml(sheets: readonly SheetEntry[]): string {
  const list = sheets.map((s, i) => `<sheet name="${escapeAttribute(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join("");
  const names: string[] = [];
  sheets.forEach((s, i) => {
    if (s.filter) {
      const [from, to] = s.filter.split(":").map((ref) => ref.replace(/^([A-Z]+)(\d+)$/, "$$$1$$$2"));
      names.push(`<definedName name="_xlnm._FilterDatabase" localSheetId="${i}" hidden="1">${escapeAttribute(`${quotedName(s.name)}!${from}:${to}`)}</definedName>`);
    }
    if (s.titleRows > 0) names.push(`<definedName name="_xlnm.Print_Titles" localSheetId="${i}">${escapeAttribute(`${quotedName(s.name)}!$${s.repeatFrom ?? 1}:$${s.titleRows}`)}</definedName>`);
  });
  return (
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">` +
    '<workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>' +
    `<sheets>${list}</sheets>` +
    (names.length ? `<definedNames>${names.join("")}</definedNames>` : "") +
    '<calcPr calcId="171027"/></workbook>'
  );
}

/** created/modified are fixed (the run year's first day), so the bytes depend only on the content. */
export function corePropsXml(date: Date): string {
  const when = date.toISOString().replace(/\.\d{3}Z$/, "Z");
  return (
    `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" ' +
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    "<dc:creator>payout</dc:creator><cp:lastModifiedBy>payout</cp:lastModifiedBy>" +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified>` +
    "</cp:coreProperties>"
  );
}

export function appPropsXml(): string {
  return (
    `${XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>payout</Application></Properties>'
  );
}
