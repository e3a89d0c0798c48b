import { geographyWhere, isCalendarDate, ubigeoWhere, yearWhere } from './query-params.js';

describe('the selection written into SQL as literals', () => {
  it('writes department and province as ranges of ubigeos, lists and kinds as literals', () => {
    expect(ubigeoWhere({ department: '08', province: '0808', municipality: '080801,080803', kind: 'district' }, 'r')).toEqual([
      "r.ubigeo BETWEEN '080000' AND '089999'",
      "r.ubigeo BETWEEN '080800' AND '080899'",
      "r.ubigeo = ANY(ARRAY['080801', '080803']::varchar[])",
      "r.ubigeo IN (SELECT ubigeo FROM municipality WHERE kind = 'district')",
    ]);
    expect(geographyWhere({ department: '08', kind: 'provincial' })).toEqual(["m.department_code = '08'", "m.kind = 'provincial'"]);
    expect(yearWhere({ fromYear: 2020, toYear: 2024 }, 'l.year', [])).toEqual(['l.year >= 2020', 'l.year <= 2024']);
  });

  it('lets nothing but digits and the two kinds through, whatever the caller validated', () => {
    expect(() => ubigeoWhere({ province: "08' OR '1'='1" }, 'r')).toThrow(/not a code/);
    expect(() => ubigeoWhere({ department: '8' }, 'r')).toThrow(/not a code/);
    expect(() => geographyWhere({ municipality: "080801,0808'1" })).toThrow(/not a code/);
    expect(() => geographyWhere({ kind: "district' --" as 'district' })).toThrow(/not a code/);
    expect(() => yearWhere({ fromYear: Number('2024; DROP TABLE x') }, 'l.year', [])).toThrow(/not a year/);
  });
});

describe('a date parameter', () => {
  it('is a day of the calendar', () => {
    expect(isCalendarDate('2025-02-13')).toBe(true);
    expect(isCalendarDate('2024-02-29')).toBe(true); // 2024 is a leap year (divisible by 4, not by 100)
    expect(isCalendarDate('2025-02-29')).toBe(false); // 2025 is not
    expect(isCalendarDate('2100-02-29')).toBe(false); // divisible by 100 and not by 400: not a leap year
    expect(isCalendarDate('2025-02-30')).toBe(false);
    expect(isCalendarDate('2025-04-31')).toBe(false); // April has 30 days
    expect(isCalendarDate('2025-13-01')).toBe(false);
    expect(isCalendarDate('2025-00-10')).toBe(false);
    expect(isCalendarDate('2025-2-3')).toBe(false);
    expect(isCalendarDate('2025-02-13T00:00:00Z')).toBe(false);
  });

  it('lies within 1900-01-01 and 2100-12-31: PostgreSQL refuses year 0, and no figure is dated outside', () => {
    expect(isCalendarDate('1900-01-01')).toBe(true);
    expect(isCalendarDate('2100-12-31')).toBe(true);
    expect(isCalendarDate('1899-12-31')).toBe(false);
    expect(isCalendarDate('2101-01-01')).toBe(false);
    expect(isCalendarDate('0000-01-01')).toBe(false);
  });
});
