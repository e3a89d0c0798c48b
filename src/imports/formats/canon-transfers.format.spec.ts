import { canonTransfersFormat } from './canon-transfers.format.js';

// The layout of data/demo/canon_transferido_rubro18_espinar_2019-2026.csv
const HEADER = [
  'ubigeo',
  'nivel_gobierno',
  'entidad',
  'anio',
  'corte',
  'rubro18_recaudado_total',
  'canon_minero',
  'regalias_mineras',
  'canon_gasifero',
  'canon_hidroenergetico',
  'foncomun_rubro07',
  'check_sum_conceptos',
];

describe('canon transfers format', () => {
  const header = canonTransfersFormat.matchHeader(HEADER, 1)!;

  it('turns a wide row into one record per reported concept', () => {
    // real row: Espinar provincial municipality, 2026 through September
    const cells = [
      '080801',
      'M',
      'MUNICIPALIDAD PROVINCIAL DE ESPINAR',
      '2026',
      'setiembre',
      '109681424',
      '56668719',
      '39106360',
      '13738936',
      '167410',
      '14766536',
      '109681425',
    ];
    const { records, errors } = canonTransfersFormat.normalize({ row: 9, cells }, header, {});
    expect(errors).toEqual([]);
    expect(records.map((r) => [r.concept, r.amount, r.throughMonth, r.year])).toEqual([
      ['rubro18_total', '109681424.00', 9, 2026],
      ['canon_minero', '56668719.00', 9, 2026],
      ['regalias_mineras', '39106360.00', 9, 2026],
      ['canon_gasifero', '13738936.00', 9, 2026],
      ['canon_hidroenergetico', '167410.00', 9, 2026],
      ['foncomun', '14766536.00', 9, 2026],
    ]);
  });

  it('leaves blank concepts out instead of calling them zero', () => {
    const cells = ['080801', 'M', 'X', '2019', 'diciembre', '80715451', null, null, null, null, null, null];
    const { records } = canonTransfersFormat.normalize({ row: 2, cells }, header, {});
    expect(records.map((r) => r.concept)).toEqual(['rubro18_total']);
  });

  it('pads a ubigeo that lost its leading zero and refuses a bad month', () => {
    const cells = ['80801', 'M', 'X', '2019', 'diciembrx', '1', null, null, null, null, null, null];
    const { errors } = canonTransfersFormat.normalize({ row: 5, cells }, header, {});
    expect(errors.map((e) => [e.row, e.column, e.code])).toEqual([[5, 'corte', 'INVALID_MONTH']]);
    const ok = canonTransfersFormat.normalize({ row: 5, cells: ['80801', 'M', 'X', '2019', '12', '1', null, null, null, null, null, null] }, header, {});
    expect(ok.records[0]).toMatchObject({ ubigeo: '080801', throughMonth: 12 });
  });
});
