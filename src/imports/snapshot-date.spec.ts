import { limaDate, resolveSnapshot } from './snapshot-date.js';

describe('snapshot date', () => {
  const now = new Date('2026-11-22T03:00:00Z'); // still 21 November in Lima (UTC-5)

  it('is today in Lima, not in UTC, when nothing says otherwise', () => {
    expect(limaDate(now)).toBe('2026-11-21');
    expect(resolveSnapshot(undefined, [], 'export.xlsx', now)).toEqual({ date: '2026-11-21', source: 'today' });
  });

  it('prefers the request over everything', () => {
    expect(resolveSnapshot('2025-01-31', [['Fecha de la Consulta: 13/02/2025']], 'x_2025-05-18.csv', now)).toEqual({ date: '2025-01-31', source: 'request' });
  });

  it('reads a dd/mm/yyyy date from the title rows above the header', () => {
    expect(resolveSnapshot(undefined, [['Consulta Amigable'], ['Fecha de la Consulta: 13/02/2025', null]], 'x.csv', now)).toEqual({ date: '2025-02-13', source: 'file' });
  });

  it('falls back to a date in the file name', () => {
    expect(resolveSnapshot(undefined, [], 'consulta_amigable_gasto_municipalidades_2015-2025_snap2025-02-13.xlsx', now)).toEqual({ date: '2025-02-13', source: 'file' });
  });

  it('ignores impossible or future dates', () => {
    expect(resolveSnapshot(undefined, [], 'gasto_2025-02-30.csv', now).source).toBe('today');
    expect(resolveSnapshot(undefined, [], 'gasto_2027-01-01.csv', now).source).toBe('today');
  });
});
