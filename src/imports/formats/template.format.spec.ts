import { promptly } from '../../../test/support/promptly.js';
import type { Cell } from '../readers/sheet-row.js';
import { TEMPLATE_COLUMNS, templateFormat } from './template.format.js';

describe("the planner's template: classifier cells", () => {
  const header = templateFormat.matchHeader(
    TEMPLATE_COLUMNS.map((c) => c.header),
    1,
  )!;
  const row = (fn: Cell) => ({ row: 2, cells: [2024, '080801', 'Proyecto', '2000001', 'OBRA', fn, '033', '0066 - VIAS', '18', 10, 10, 0, 0, 5, 0, 'rural'] });

  it.each([
    ['15', { functionCode: '15', functionName: 'TRANSPORTE' }], // the name from the classifier when the cell has none
    ['15 - CAMINOS', { functionCode: '15', functionName: 'CAMINOS' }],
    ['  15-  CAMINOS Y PUENTES ', { functionCode: '15', functionName: 'CAMINOS Y PUENTES' }],
  ])('reads %j', (fn, expected) => {
    const { records, errors } = templateFormat.normalize(row(fn), header, {});
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({ ...expected, groupCode: '0066', groupName: 'VIAS', divisionCode: '033' });
  });

  it.each(['15 CAMINOS', '123', '15 - A\nB', 'X'])('refuses %j', (fn) => {
    expect(templateFormat.normalize(row(fn), header, {}).errors).toEqual([expect.objectContaining({ column: 'Función', code: 'INVALID_CODE' })]);
  });

  it('reads a code and a name with a megabyte of spaces inside it promptly (the old pattern took minutes)', () => {
    const name = `A${' '.repeat(1_000_000)}B`;
    const { records } = promptly(() => templateFormat.normalize(row(`15 - ${name}`), header, {}));
    expect(records[0].functionName).toBe(name);
  });
});

describe("the planner's template: rows left to fill", () => {
  const header = templateFormat.matchHeader(
    TEMPLATE_COLUMNS.map((c) => c.header),
    1,
  )!;
  const blank = [null, null, null, null, null, null, null, null, null, null];

  it('skips a prefilled project with no classifier and no amount, even without a year', () => {
    expect(templateFormat.normalize({ row: 2, cells: ['', '180101', 'Proyecto', '2000001', 'OBRA', ...blank, ''] }, header, {})).toEqual({
      records: [],
      errors: [],
      skipped: true,
    });
  });

  it('reads the row once one amount is written, and names what is still missing', () => {
    const cells = [2024, '180101', 'Proyecto', '2000001', 'OBRA', ...blank, ''];
    cells[10] = 500; // PIM
    const { records, errors } = templateFormat.normalize({ row: 2, cells }, header, {});
    expect(records).toEqual([]);
    expect(errors.map((e) => e.column)).toEqual(['Función', 'División funcional', 'Grupo funcional', 'Rubro']);
  });
});
