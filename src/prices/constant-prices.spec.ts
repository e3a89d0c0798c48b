import { inConstantPrices } from './constant-prices.js';

/** Doubles 2015's amounts, keeps 2024's, and has no index for 2026: a stand-in for the index, to see where amounts go. */
const convert = (amount: string, year: number): string | null => {
  if (year === 2026) return null;
  const cents = BigInt(amount.replace('.', '')) * (year === 2015 ? 2n : 1n);
  return `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
};

describe('inConstantPrices: which amounts, and of which year', () => {
  it('converts the amounts of an answer about one year, and nothing else', () => {
    const answer = {
      rows: [{ key: '080801', name: 'Espinar 2015.50', pim: '100.25', executionRatePct: 74.6, population: 71456, municipalities: 8 }],
      totals: { pim: '100.25', unspent: '-3.00' },
    };
    const result = inConstantPrices(answer, { year: 2015 }, convert);
    expect(result).toEqual({
      answer: {
        rows: [{ key: '080801', name: 'Espinar 2015.50', pim: '200.50', executionRatePct: 74.6, population: 71456, municipalities: 8 }],
        totals: { pim: '200.50', unspent: '-6.00' },
      },
      years: [2015],
      leftNominal: [],
    });
    expect(answer.rows[0].pim).toBe('100.25'); // the nominal answer is left as it was
  });

  it("takes each object's year, or its one-year period, before the answer's", () => {
    const answer = {
      periods: [
        { period: { label: '2015', fromYear: 2015, toYear: 2015 }, publicDevengado: '10.00', years: [{ year: 2024, transferred: '7.00' }] },
        { period: { label: '2024', fromYear: 2024, toYear: 2024 }, publicDevengado: '10.00' },
      ],
    };
    const result = inConstantPrices(answer, {}, convert);
    expect(result).toMatchObject({
      answer: { periods: [{ publicDevengado: '20.00', years: [{ transferred: '7.00' }] }, { publicDevengado: '10.00' }] },
      years: [2015, 2024],
    });
  });

  it('refuses amounts that add up several years, naming where they are', () => {
    expect(inConstantPrices({ totals: { pim: '1.00' } }, {}, convert)).toEqual({ kind: 'several-years', where: ['totals.pim'] });
    const period = { periods: [{ period: { label: '2015-2016', fromYear: 2015, toYear: 2016 }, rows: [{ devengado: '1.00' }] }] };
    expect(inConstantPrices(period, {}, convert)).toEqual({ kind: 'several-years', where: ['periods[0].rows[0].devengado'] });
  });

  it('refuses years without an index, all of them', () => {
    expect(
      inConstantPrices(
        {
          rows: [
            { year: 2026, pim: '1.00' },
            { year: 2015, pim: '1.00' },
          ],
        },
        {},
        convert,
      ),
    ).toEqual({ kind: 'no-index', years: [2026] });
  });

  it('leaves cost estimates nominal and names them; answers without amounts pass unchanged', () => {
    expect(inConstantPrices({ year: 2015, firstCost: '5.00', latestCost: '6.00', count: 3 }, {}, convert)).toEqual({
      answer: { year: 2015, firstCost: '5.00', latestCost: '6.00', count: 3 },
      years: [],
      leftNominal: ['firstCost', 'latestCost'],
    });
  });

  it('replaces a figure quoted in a sentence by its converted value: its own context first, then the only value it had', () => {
    const answer = {
      inputs: { leftOut: ['3.00 del PIM está sin clasificar, 1.00 de ello sin ninguna regla.', '9.99 no es un monto de la respuesta.'] },
      periods: [{ period: { label: '2015', fromYear: 2015, toYear: 2015 }, withoutRulePim: '1.00', sentence: '3.00 de 1.00', rows: [{ pim: '3.00' }] }],
    };
    const result = inConstantPrices(answer, {}, convert);
    expect(result).toMatchObject({
      answer: {
        inputs: { leftOut: ['6.00 del PIM está sin clasificar, 2.00 de ello sin ninguna regla.', '9.99 no es un monto de la respuesta.'] },
        periods: [{ withoutRulePim: '2.00', sentence: '6.00 de 2.00', rows: [{ pim: '6.00' }] }],
      },
    });
    // the same nominal figure in two years: a sentence outside both cannot say which, and keeps it as written
    const twice = { note: 'total 1.00', a: { year: 2015, pim: '1.00' }, b: { year: 2024, pim: '1.00' } };
    expect(inConstantPrices(twice, {}, convert)).toMatchObject({ answer: { note: 'total 1.00', a: { pim: '2.00' }, b: { pim: '1.00' } } });
  });
});
