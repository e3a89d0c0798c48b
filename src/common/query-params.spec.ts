import {
  BooleanParam,
  DateParam,
  GeographyFilterDto,
  geographyWhere,
  IdParam,
  isCalendarDate,
  MAX_ID,
  PageDto,
  ubigeoWhere,
  validated,
  whereAdder,
  YearParam,
  yearSpan,
  yearWhere,
} from './query-params.js';

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
  it('writes nothing for a filter that names nothing, and each part alone', () => {
    expect(geographyWhere({})).toEqual([]);
    expect(ubigeoWhere({}, 'r')).toEqual([]);
    expect(geographyWhere({ province: '0808' })).toEqual(["m.province_code = '0808'"]);
    expect(geographyWhere({ municipality: '080801' })).toEqual(["m.ubigeo = ANY(ARRAY['080801']::varchar[])"]);
    expect(ubigeoWhere({ province: '0808' }, 'r')).toEqual(["r.ubigeo BETWEEN '080800' AND '080899'"]);
  });

  it('takes a code of exactly its length, nothing before or after it', () => {
    for (const department of ['081', 'x08']) expect(() => geographyWhere({ department })).toThrow(/not a code/);
    for (const province of ['08081', 'x0808']) expect(() => ubigeoWhere({ province }, 'r')).toThrow(/not a code/);
    for (const municipality of ['0808011', 'x080801']) expect(() => geographyWhere({ municipality })).toThrow(/not a code/);
    for (const kind of ['xdistrict', 'provincialx']) expect(() => ubigeoWhere({ kind: kind as 'district' }, 'r')).toThrow(/not a code/);
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

describe('a span of years', () => {
  it('is one year, or a range whose ends may be missing', () => {
    expect(yearSpan({ year: 2024 })).toEqual({ fromYear: 2024, toYear: 2024 });
    expect(yearSpan({ fromYear: 2020, toYear: 2024 })).toEqual({ fromYear: 2020, toYear: 2024 });
    expect(yearSpan({ fromYear: 2024, toYear: 2024 })).toEqual({ fromYear: 2024, toYear: 2024 });
    expect(yearSpan({ fromYear: 2020 })).toEqual({ fromYear: 2020, toYear: undefined });
    expect(yearSpan({ toYear: 2020 })).toEqual({ fromYear: undefined, toYear: 2020 });
    expect(yearSpan({})).toEqual({ fromYear: undefined, toYear: undefined });
  });

  it('is a bad request when given both ways, or reversed', () => {
    for (const q of [
      { year: 2024, fromYear: 2020 },
      { year: 2024, toYear: 2025 },
    ]) {
      expect(() => yearSpan(q)).toThrow(
        expect.objectContaining({ status: 400, code: 'INVALID_REQUEST', message: 'Give either year or fromYear/toYear, not both.' }),
      );
    }
    expect(() => yearSpan({ fromYear: 2025, toYear: 2024 })).toThrow(
      expect.objectContaining({ status: 400, code: 'INVALID_REQUEST', message: 'fromYear must not be after toYear.' }),
    );
  });

  it('bounds a column by whichever ends it has', () => {
    expect(yearWhere({ fromYear: 2020 }, 'y', ['a = 1'])).toEqual(['a = 1', 'y >= 2020']);
    expect(yearWhere({ toYear: 2020 }, 'y', [])).toEqual(['y <= 2020']);
    expect(yearWhere({}, 'y', [])).toEqual([]);
    expect(() => yearWhere({ toYear: 2020.5 }, 'y', [])).toThrow('not a year: 2020.5');
  });
});

describe('a parameterised WHERE list', () => {
  it('numbers each placeholder after the parameters already there', () => {
    const where: string[] = [];
    const params: unknown[] = ['x'];
    const add = whereAdder(where, params);
    add('a = ?', 1);
    add('b IN (?)', 'two');
    expect(where).toEqual(['a = $2', 'b IN ($3)']);
    expect(params).toEqual(['x', 1, 'two']);
  });
});

describe('query parameters, validated as the global pipe does', () => {
  class Query {
    @YearParam({ example: 2024 })
    year?: number;

    @IdParam({ example: 3, description: 'a version' })
    version?: number;

    @DateParam({ example: '2025-02-13', description: 'A day.' })
    from?: string;

    @BooleanParam({ example: true, description: 'dry run' })
    dryRun?: boolean;
  }
  class Required {
    @YearParam({ example: 2024, required: true })
    year: number;
  }

  /** The properties refused, or the value as converted. */
  const check = <T extends object>(cls: new () => T, query: object) =>
    validated(cls, query).then(
      (value) => ({ ...value }),
      (e: { getResponse(): { message: string[] } }) => ({ refused: e.getResponse().message }),
    );

  it('converts what it takes: years and ids to numbers, "true" and "false" to booleans, days as they are', async () => {
    expect(await check(Query, { year: '1999', version: '2147483647', from: '1900-01-01', dryRun: 'true' })).toEqual({
      year: 1999,
      version: 2147483647,
      from: '1900-01-01',
      dryRun: true,
    });
    expect(await check(Query, { year: '2100', version: '1', dryRun: 'false' })).toEqual({ year: 2100, version: 1, dryRun: false });
    expect(await check(Query, {})).toEqual({});
  });

  it('refuses years outside 1999-2100, ids outside 1-MAX_ID, days that are not, and booleans that are neither', async () => {
    expect(MAX_ID).toBe(2 ** 31 - 1);
    const refused = async (query: object) => ((await check(Query, query)) as { refused?: string[] }).refused?.length ?? 0;
    for (const query of [
      { year: '1998' },
      { year: '2101' },
      { year: '2024.5' },
      { version: '0' },
      { version: '2147483648' },
      { from: '2025-02-30' },
      { dryRun: 'yes' },
      { dryRun: '1' },
    ]) {
      expect({ query, refused: await refused(query) }).toEqual({ query, refused: 1 });
    }
    expect(await check(Query, { from: '2025-2-3' })).toEqual({
      refused: ['from must be a real calendar date as YYYY-MM-DD from 1900-01-01 to 2100-12-31, such as 2025-02-13'],
    });
  });

  it('answers an instance of the class asked for, with every broken rule of a parameter', async () => {
    const page = await validated(PageDto, { limit: '5' });
    expect(page).toBeInstanceOf(PageDto);
    expect(page.limit).toBe(5);
    // 1998.5 is no whole number written in digits: said once, not also as out of bounds; 1998 is one, below 1999
    const { refused } = (await check(Query, { year: '1998.5' })) as { refused: string[] };
    expect(refused).toEqual(['year must be an integer number']);
    expect(await check(Query, { year: '1998' })).toEqual({ refused: ['year must not be less than 1999'] });
  });

  it('refuses parameters it does not know, and a missing year where one is required', async () => {
    expect(await check(Query, { year: '2024', yaer: '2024' })).toEqual({ refused: ['property yaer should not exist'] });
    expect(((await check(Required, {})) as { refused: string[] }).refused.length).toBeGreaterThan(0);
    expect(await check(Required, { year: '2024' })).toEqual({ year: 2024 });
  });

  it('takes geography codes of their own lengths, up to 200 municipalities, and pages within bounds', async () => {
    expect(await check(GeographyFilterDto, { department: '08', province: '0808', municipality: '080801,080803', kind: 'district' })).toEqual({
      department: '08',
      province: '0808',
      municipality: '080801,080803',
      kind: 'district',
    });
    const list = (n: number) => Array.from({ length: n }, (_, i) => String(80801 + i).padStart(6, '0')).join(',');
    expect(await check(GeographyFilterDto, { municipality: list(200) })).toEqual({ municipality: list(200) });
    for (const query of [{ department: '8' }, { province: '080' }, { municipality: '80801' }, { municipality: list(201) }, { kind: 'urban' }]) {
      expect({ query, ok: 'refused' in (await check(GeographyFilterDto, query)) }).toEqual({ query, ok: true });
    }
    expect(await check(PageDto, { limit: '2000', offset: '0' })).toEqual({ limit: 2000, offset: 0 });
    for (const query of [{ limit: '0' }, { limit: '2001' }, { offset: '-1' }, { offset: '1000001' }]) {
      expect({ query, ok: 'refused' in (await check(PageDto, query)) }).toEqual({ query, ok: true });
    }
  });
});
