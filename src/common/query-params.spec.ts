import { geographyWhere, ubigeoWhere, yearWhere } from './query-params.js';

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
