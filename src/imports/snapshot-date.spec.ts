import { DomainError } from '../common/domain-error.js';
import { endOfMonth, limaDate, resolveSnapshot } from './snapshot-date.js';

describe('snapshot date', () => {
  const now = new Date('2026-11-22T03:00:00Z'); // still 21 November in Lima (UTC-5)
  const named = (fileName: string, preamble: (string | null)[][] = [], sheet?: string) => ({ preamble, fileName, sheet });

  it('is never today: a file that states no date is refused with SNAPSHOT_DATE_REQUIRED', () => {
    expect(limaDate(now)).toBe('2026-11-21');
    let thrown: unknown;
    try {
      resolveSnapshot(undefined, null, named('export.xlsx'), now);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({ status: 422, code: 'SNAPSHOT_DATE_REQUIRED' });
  });

  it('prefers the request over everything', () => {
    expect(resolveSnapshot('2025-01-31', '2024-12-31', named('x_2025-05-18.csv', [['Fecha de la Consulta: 13/02/2025']]), now)).toEqual({
      date: '2025-01-31',
      source: 'request',
    });
  });

  it("takes the file's cut-off column before its titles and name; a month still under way is as of today", () => {
    expect(resolveSnapshot(undefined, '2026-09-30', named('x_2025-05-18.csv'), now)).toEqual({ date: '2026-09-30', source: 'file' });
    expect(resolveSnapshot(undefined, '2026-11-30', named('x.csv'), now)).toEqual({ date: '2026-11-21', source: 'file' });
  });

  it('reads a dd/mm/yyyy date from the title rows above the header', () => {
    expect(resolveSnapshot(undefined, null, named('x.csv', [['Consulta Amigable'], ['Fecha de la Consulta: 13/02/2025', null]]), now)).toEqual({
      date: '2025-02-13',
      source: 'file',
    });
  });

  it("falls back to a date in the sheet's name, then in the file name", () => {
    expect(resolveSnapshot(undefined, null, named('gasto.xlsx', [], 'Corte 2025-03-31'), now)).toEqual({ date: '2025-03-31', source: 'file' });
    expect(resolveSnapshot(undefined, null, named('consulta_amigable_gasto_municipalidades_2015-2025_snap2025-02-13.xlsx'), now)).toEqual({
      date: '2025-02-13',
      source: 'file',
    });
  });

  it('ignores impossible or future dates, and those before 1900 (no read could ask for them)', () => {
    expect(() => resolveSnapshot(undefined, null, named('gasto_2025-02-30.csv'), now)).toThrow(DomainError);
    expect(() => resolveSnapshot(undefined, null, named('gasto_2027-01-01.csv'), now)).toThrow(DomainError);
    expect(() => resolveSnapshot(undefined, null, named('gasto_0001-01-01.csv'), now)).toThrow(DomainError);
    expect(resolveSnapshot(undefined, '1899-12-31', named('gasto_2025-02-13.csv'), now)).toEqual({ date: '2025-02-13', source: 'file' });
  });

  it('ends a month on its last day, leap years included', () => {
    expect([endOfMonth(2026, 9), endOfMonth(2024, 2), endOfMonth(2025, 2), endOfMonth(2025, 12)]).toEqual([
      '2026-09-30',
      '2024-02-29',
      '2025-02-28',
      '2025-12-31',
    ]);
  });
});
