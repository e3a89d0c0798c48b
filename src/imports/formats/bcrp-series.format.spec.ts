import { bcrpSeriesFormat, parsePeriod, parseValue } from './bcrp-series.format.js';

const doc = (periods: unknown[], series: unknown[] = [{ name: 'IPC Lima', dec: '2' }]) => ({ config: { title: 'x', series }, periods });

describe('bcrp-series: BCRPData JSON', () => {
  it.each([
    ['Ene.2003', '2003-01-01'],
    ['Sep.2025', '2025-09-01'],
    ['Set.2025', '2025-09-01'], // some series write September so
    ['dic.2024', '2024-12-01'],
    ['Ene 2003', null],
    ['Jan.2003', null],
    ['Ene.03', null],
    ['T1.2003', null], // a quarter: monthly series only
    [null, null],
  ])('reads the period %s as %s', (cell, month) => expect(parsePeriod(cell)).toBe(month));

  it.each([
    ['57.5986117200474', '57.5986117200474'],
    ['120.716351', '120.716351'],
    ['100', '100'],
    [115.5, '115.5'],
    ['0', null],
    ['-1.5', null],
    ['57,59', null],
    ['1e3', null],
    ['', null],
  ])('reads the value %s as %s', (cell, value) => expect(parseValue(cell)).toBe(value));

  it('tabulates a document: a header of its series, then one row per period, numbered as in `periods`', () => {
    const rows = bcrpSeriesFormat.jsonRows!(
      doc([
        { name: 'Ene.2003', values: ['57.59'] },
        { name: 'Feb.2003', values: ['n.d.'] },
      ]),
    );
    expect(rows).toEqual([
      { row: 0, cells: ['periods[].name', 'IPC Lima'] },
      { row: 1, cells: ['Ene.2003', '57.59'] },
      { row: 2, cells: ['Feb.2003', 'n.d.'] },
    ]);
    const header = bcrpSeriesFormat.matchHeader(rows![0].cells, 0)!;
    expect(bcrpSeriesFormat.normalize(rows![1], header, {})).toEqual({
      records: [{ sourceRow: 1, series: 'IPC Lima', month: '2003-01-01', value: '57.59' }],
      errors: [],
    });
    // "n.d." (no disponible): the month is left out, not an error
    expect(bcrpSeriesFormat.normalize(rows![2], header, {})).toEqual({ records: [], errors: [], skipped: true });
  });

  it('is not the shape of other JSON', () => {
    for (const other of [
      [],
      {},
      { periods: [] },
      { config: {}, periods: [] },
      doc([], []),
      doc([], [{ name: '' }]),
      doc([], [{ name: 'a' }, { name: 'a' }]),
      'text',
      null,
    ]) {
      expect(bcrpSeriesFormat.jsonRows!(other)).toBeNull();
    }
  });

  it('names the period and the series of a bad value', () => {
    const rows = bcrpSeriesFormat.jsonRows!(doc([{ name: 'Enero 2003', values: [{ v: 1 }] }]))!;
    const header = bcrpSeriesFormat.matchHeader(rows[0].cells, 0)!;
    const { records, errors } = bcrpSeriesFormat.normalize(rows[1], header, {});
    expect(records).toEqual([]);
    expect(errors.map((e) => [e.row, e.column, e.code, e.value])).toEqual([
      [1, 'periods[].name', 'INVALID_PERIOD', 'Enero 2003'],
      [1, 'IPC Lima', 'INVALID_INDEX', '{"v":1}'],
    ]);
  });
});
