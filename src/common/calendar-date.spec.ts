import { isRealDate, limaDate } from './calendar-date.js';

describe('isRealDate', () => {
  it.each([
    ['2024-02-29', true], // 2024 is a leap year (divisible by 4, not by 100)
    ['2000-02-29', true], // divisible by 400
    ['1999-12-31', true],
    ['2025-02-29', false], // the Date constructor would roll it over to 2025-03-01
    ['2100-02-29', false], // divisible by 100, not by 400
    ['2025-04-31', false], // April has 30 days
    ['2025-13-01', false], // no month 13: an invalid Date, not an error
    ['2025-00-10', false],
    ['2024-2-29', false], // not written as YYYY-MM-DD
    ['2024-02-29T00:00:00Z', false], // a moment, not a day
    ['', false],
    ['mañana', false],
  ])('%p → %p', (iso, expected) => {
    expect(isRealDate(iso)).toBe(expected);
  });
});

describe('limaDate', () => {
  it('is the day in Lima (UTC-5 all year): it starts at 05:00 UTC', () => {
    expect(limaDate(new Date('2026-11-22T03:00:00Z'))).toBe('2026-11-21');
    expect(limaDate(new Date('2026-11-22T04:59:59.999Z'))).toBe('2026-11-21');
    expect(limaDate(new Date('2026-11-22T05:00:00Z'))).toBe('2026-11-22');
    expect(limaDate(new Date('2027-01-01T04:00:00Z'))).toBe('2026-12-31'); // year, month and day, zero-padded
    expect(limaDate(new Date('2026-07-05T12:00:00Z'))).toBe('2026-07-05'); // no summer time
  });
});
