import type { Cell } from '../readers/sheet-row.js';
import { avanceIsConsistent, consultaAmigableFormat } from './consulta-amigable.format.js';

const HEADER: Cell[] = [
  'Año',
  'Departamento',
  'Provincia',
  'Municipalidad',
  'PIA',
  'PIM',
  'Certificación',
  'Compromiso Anual',
  'Atención de Compromiso Mensual',
  'Devengado',
  'Girado',
  'Avance %',
];
// A real row of the 2015-2025 export (line 2 of the file).
const ROW: Cell[] = [
  '2022',
  '08: CUSCO',
  '0808: ESPINAR',
  '080801-300740: MUNICIPALIDAD PROVINCIAL DE ESPINAR',
  '136,804,019',
  '259,305,826',
  '216,543,969',
  '196,386,519',
  '195,278,606',
  '178,771,018',
  '178,745,974',
  '68.9',
];

describe('Consulta Amigable format', () => {
  const header = consultaAmigableFormat.matchHeader(HEADER, 1)!;

  it('recognises its header in any column order, with or without accents', () => {
    expect(header).not.toBeNull();
    const shuffled = [...HEADER].reverse().map((h) =>
      String(h)
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toUpperCase(),
    );
    const other = consultaAmigableFormat.matchHeader(shuffled, 3)!;
    expect(other.index.year).toBe(11);
    expect(other.row).toBe(3);
  });

  it('does not take a drill-down by department for this layout', () => {
    const byDepartment = [
      'Año',
      'UBI_DPTO',
      'Departamento',
      'PIA',
      'PIM',
      'Certificación',
      'Compromiso Anual',
      'Atención de Compromiso Mensual',
      'Devengado',
      'Girado',
      'Avance %',
    ];
    expect(consultaAmigableFormat.matchHeader(byDepartment, 1)).toBeNull();
  });

  it('normalises a real row', () => {
    const {
      records: [record],
      errors,
    } = consultaAmigableFormat.normalize({ row: 2, cells: ROW }, header, {});
    expect(errors).toEqual([]);
    expect(record).toEqual({
      sourceRow: 2,
      year: 2022,
      departmentCode: '08',
      departmentName: 'CUSCO',
      provinceCode: '0808',
      provinceName: 'ESPINAR',
      ubigeo: '080801',
      secEjec: 300740,
      mefName: 'MUNICIPALIDAD PROVINCIAL DE ESPINAR',
      pia: '136804019.00',
      pim: '259305826.00',
      certificacion: '216543969.00',
      compromisoAnual: '196386519.00',
      atencionCompromisoMensual: '195278606.00',
      devengado: '178771018.00',
      girado: '178745974.00',
      avanceReported: '68.90',
    });
  });

  it('skips, without checking, rows outside the filters', () => {
    expect(consultaAmigableFormat.normalize({ row: 2, cells: ROW }, header, { province: '0801' })).toEqual({ records: [], errors: [], skipped: true });
    expect(consultaAmigableFormat.normalize({ row: 2, cells: ROW }, header, { department: '08', municipalities: ['080801'] }).records).toHaveLength(1);
  });

  it('reports every bad cell of a row with its column header', () => {
    const bad = [...ROW];
    bad[0] = '20x2';
    bad[3] = '090801-300740: MUNICIPALIDAD PROVINCIAL DE ESPINAR'; // ubigeo outside province 0808
    bad[5] = '12,3x4';
    const { records, errors } = consultaAmigableFormat.normalize({ row: 7, cells: bad }, header, {});
    expect(records).toEqual([]);
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([
      [7, 'Año', 'INVALID_YEAR'],
      [7, 'Municipalidad', 'GEOGRAPHY_MISMATCH'],
      [7, 'PIM', 'INVALID_AMOUNT'],
    ]);
    expect(errors[2].value).toBe('12,3x4');
  });

  it('catches shifted columns through an Avance % that does not match', () => {
    const shifted = [...ROW];
    shifted[9] = shifted[10] = '59,305,826'; // devengado now 22.9 % of PIM, file says 68.9
    const { errors } = consultaAmigableFormat.normalize({ row: 4, cells: shifted }, header, {});
    expect(errors.map((e) => e.code)).toEqual(['RATE_MISMATCH']);
  });

  it.each([
    // 178,771,018 / 259,305,826 = 68.94 → 68.9: consistent
    ['178771018.00', '259305826.00', '68.90', true],
    // The real export says 80.5 for 554,658 / 689,448 = 80.449…: MEF rounds from exact amounts the
    // export hides, so 0.1 of difference is accepted.
    ['554658.00', '689448.00', '80.50', true],
    ['554658.00', '689448.00', '80.60', false],
    ['0.00', '0.00', '0.00', true],
    ['10.00', '0.00', '5.00', false],
  ])('Avance %s / %s written as %s is consistent: %p', (devengado, pim, reported, expected) => {
    expect(avanceIsConsistent(devengado, pim, reported)).toBe(expected);
  });
});
