import { sheetNamesOf } from './sheet-names.js';

const workbook = (sheets: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets}</sheets></workbook>`;
const rels = (items: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items}</Relationships>`;
const rel = (id: string, target: string) =>
  `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${target}"/>`;

describe('sheetNamesOf', () => {
  it('maps each worksheet part to its name, through relative and absolute targets', () => {
    const names = sheetNamesOf(
      workbook('<sheet name="Gasto 2024" sheetId="7" r:id="rId3"/><sheet name="Notas &amp; fuentes" sheetId="2" r:id="rId1"/>'),
      rels(rel('rId1', 'worksheets/sheet1.xml') + rel('rId3', '/xl/worksheets/sheet2.xml')),
    );
    expect([...names]).toEqual([
      ['2', 'Gasto 2024'],
      ['1', 'Notas & fuentes'],
    ]);
  });

  it('reads prefixed elements and another prefix for the relationship id', () => {
    const names = sheetNamesOf(
      '<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="Ejecución" sheetId="1" rel:id="r1"/></x:sheets></x:workbook>',
      rels(rel('r1', 'worksheets/sheet1.xml')),
    );
    expect(names.get('1')).toBe('Ejecución');
  });

  it('gives no names for unreadable XML or a target that is no sheetN.xml', () => {
    expect(sheetNamesOf('<workbook><sheets><sheet', rels('')).size).toBe(0);
    expect(sheetNamesOf(workbook('<sheet name="Datos" sheetId="1" r:id="rId1"/>'), rels(rel('rId1', 'worksheets/datos.xml'))).size).toBe(0);
  });
});
