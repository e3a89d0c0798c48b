import { canonYearSentence } from './canon-analysis.js';

const soles = (n: number) => BigInt(n) * 100n; // céntimos

describe('a year of the canon carry-over in words', () => {
  it.each([
    [
      'transferred 100, spent 60: 40 left',
      { year: 2024, transferred: soles(100), devengado: soles(60) },
      0n,
      2024,
      'In 2024, S/ 60 of canon (rubro 18) was spent (devengado) of the S/ 100 transferred that year; S/ 40 was left unspent.',
    ],
    [
      'spent 104 of 100 in the period\'s first year: the 4 over come from before the period, never "104 %"',
      { year: 2024, transferred: soles(100), devengado: soles(104) },
      0n,
      2024,
      'In 2024, S/ 104 of canon (rubro 18) was spent (devengado), S/ 4 more than the S/ 100 transferred that year: balance from earlier years’ transfers was spent. ' +
        'At least S/ 4 of that balance comes from transfers before 2024, which this period does not include.',
    ],
    [
      "2023 left 10 unspent; 2024 spends 4 over: the period's own balance covers it",
      { year: 2024, transferred: soles(100), devengado: soles(104) },
      soles(10),
      2023,
      'In 2024, S/ 104 of canon (rubro 18) was spent (devengado), S/ 4 more than the S/ 100 transferred that year: balance from earlier years’ transfers was spent. ' +
        'The unspent balance carried from 2023 was S/ 10.',
    ],
    [
      'carried 3, spent 4 over: at least 4 − 3 = 1 from before the period',
      { year: 2025, transferred: soles(100), devengado: soles(104) },
      soles(3),
      2023,
      'In 2025, S/ 104 of canon (rubro 18) was spent (devengado), S/ 4 more than the S/ 100 transferred that year: balance from earlier years’ transfers was spent. ' +
        'The unspent balance carried from 2023-2024 was S/ 3. At least S/ 1 of that balance comes from transfers before 2023, which this period does not include.',
    ],
    [
      'the period already spent 5 beyond its transfers: none of its own balance is left, all 4 from before it',
      { year: 2025, transferred: soles(100), devengado: soles(104) },
      -soles(5),
      2024,
      'In 2025, S/ 104 of canon (rubro 18) was spent (devengado), S/ 4 more than the S/ 100 transferred that year: balance from earlier years’ transfers was spent. ' +
        'At least S/ 4 of that balance comes from transfers before 2024, which this period does not include.',
    ],
    [
      'an earlier year unknown: the balance is, so only the year itself is said',
      { year: 2025, transferred: soles(100), devengado: soles(104) },
      null,
      2023,
      'In 2025, S/ 104 of canon (rubro 18) was spent (devengado), S/ 4 more than the S/ 100 transferred that year: balance from earlier years’ transfers was spent.',
    ],
  ])('%s', (_case, y, before, from, expected) => {
    expect(canonYearSentence(y, before, from, 'en')).toBe(expected);
  });

  it('says nothing of a year with either side unknown', () => {
    expect(canonYearSentence({ year: 2024, transferred: null, devengado: soles(1) }, 0n, 2024, 'en')).toBeNull();
    expect(canonYearSentence({ year: 2024, transferred: soles(1), devengado: null }, 0n, 2024, 'en')).toBeNull();
  });

  it('speaks Spanish by default to Spanish readers', () => {
    expect(canonYearSentence({ year: 2024, transferred: soles(100), devengado: soles(104) }, 0n, 2024, 'es')).toBe(
      'En 2024 se devengaron S/ 104 de canon (rubro 18), S/ 4 más que los S/ 100 transferidos ese año: se gastó saldo de transferencias de años anteriores. ' +
        'Al menos S/ 4 de ese saldo viene de transferencias anteriores a 2024, que este periodo no incluye.',
    );
  });
});
