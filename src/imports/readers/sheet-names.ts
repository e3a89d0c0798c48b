import { localName, SaxesParser } from '../../common/exceljs.js';

interface Node {
  name: string;
  attributes: Record<string, string>;
}

/**
 * Worksheet names by the number of their part (xl/worksheets/sheet3.xml → "3"), read from
 * xl/workbook.xml (name → relationship id) and xl/_rels/workbook.xml.rels (id → part). exceljs's
 * streaming reader names a sheet "Sheet1" when it cannot make that link itself: when the relationship's
 * target is absolute (/xl/worksheets/sheet1.xml, as some programs write on saving again) or when the
 * worksheet comes before workbook.xml in the zip. Unreadable XML gives no names.
 */
export function sheetNamesOf(workbookXml: string, relsXml: string): Map<string, string> {
  const partById = new Map<string, string>();
  for (const { attributes } of elements(relsXml, 'Relationship')) {
    const target = attributes.Target ?? '';
    const part = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    if (attributes.Id) partById.set(attributes.Id, part.replace(/\/\.\//g, '/').toLowerCase());
  }
  const names = new Map<string, string>();
  for (const { attributes } of elements(workbookXml, 'sheet')) {
    const id = Object.entries(attributes).find(([k]) => localName(k) === 'id')?.[1];
    const number = id ? /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(partById.get(id) ?? '')?.[1] : undefined;
    if (number && attributes.name) names.set(number, attributes.name);
  }
  return names;
}

/** The elements of `xml` with this local name (prefixes dropped, as exceljs reads them). */
function elements(xml: string, name: string): Node[] {
  const found: Node[] = [];
  const parser = new SaxesParser();
  let failed = false;
  parser.on('error', () => (failed = true));
  parser.on('opentag', (node) => {
    if (localName((node as Node).name) === name) found.push(node as Node);
  });
  try {
    parser.write(xml);
  } catch {
    return [];
  }
  return failed ? [] : found;
}
