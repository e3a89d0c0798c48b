import { ssiCalendarDate, ssiMomentDate, ssiPercent, ssiYesNo } from './ssi.js';

describe('SSI values', () => {
  it.each([
    ['2026-01-23 01:10:48', '2026-01-22'], // 01:10 UTC is 20:10 of the day before in Lima (UTC−5)
    ['2026-01-22 05:00:00', '2026-01-22'], // the 12-B's Lima midnight
    ['2026-01-22 04:59:59', '2026-01-21'],
    ['2025-01-01 03:00:00', '2024-12-31'], // across a year
    ['2024-03-01 02:00:00', '2024-02-29'], // into a leap day
    ['2026-02-20', '2026-02-20'],
  ])('moment %s is %s in Lima', (text, day) => {
    expect(ssiMomentDate(text)).toEqual({ ok: true, value: day });
  });

  it.each(['2026-02-30 10:00:00', '2026-01-22 25:00:00', '22/01/2026', 'ayer'])('refuses the moment %s', (text) => {
    expect(ssiMomentDate(text)).toMatchObject({ ok: false, code: 'INVALID_DATE' });
  });

  it.each([
    ['16/06/2022 00:00:00', '2022-06-16'], // the 12-B's planned dates
    ['26/11/2014 05:00:00', '2014-11-26'], // a time of day does not move a calendar day
    ['01/12/20', '2020-12-01'], // the detail's dd/mm/yy
    ['7/1/2025', '2025-01-07'],
  ])('calendar day %s is %s', (text, day) => {
    expect(ssiCalendarDate(text)).toEqual({ ok: true, value: day });
  });

  it.each(['31/02/24', '2022-06-16', '16/06/022', '13/13/2020'])('refuses the calendar day %s', (text) => {
    expect(ssiCalendarDate(text)).toMatchObject({ ok: false, code: 'INVALID_DATE' });
  });

  it.each([
    ['0.0', undefined, '0.00'],
    ['78.43', undefined, '78.43'],
    ['100.0', undefined, '100.00'],
    ['91.70', undefined, '91.70'],
    ['100', '-1', '100.00'],
    ['-1', '-1', null], // AVAN_FISICO −1: not reported
  ])('percent %s (not reported: %s) → %s', (text, notReported, value) => {
    expect(ssiPercent(text, notReported)).toEqual({ ok: true, value });
  });

  it.each([
    ['-1', undefined],
    ['100.5', undefined],
    ['101', undefined],
    ['12.345', undefined],
    ['7%', undefined],
    ['-2', '-1'],
  ])('refuses the percent %s', (text, notReported) => {
    expect(ssiPercent(text, notReported)).toMatchObject({ ok: false, code: 'INVALID_PERCENT' });
  });

  it('reads SI and NO', () => {
    expect([ssiYesNo('SI'), ssiYesNo('no'), ssiYesNo('Sí')]).toEqual([
      { ok: true, value: true },
      { ok: true, value: false },
      { ok: true, value: true },
    ]);
    expect(ssiYesNo('TAL VEZ')).toMatchObject({ ok: false, code: 'INVALID_VALUE' });
  });
});
