import { sharePct, skewIndex, tenSolesSentence } from './formulas.js';

describe('analytics formulas', () => {
  it.each([
    // 60 of 100 → 60.0 %
    [6000n, 10000n, 60],
    // 1 of 3 → 33.33… → 33.3
    [1n, 3n, 33.3],
    // 2 of 3 → 66.66… → 66.7
    [2n, 3n, 66.7],
    // 1 of 8 → 12.5 exactly
    [1n, 8n, 12.5],
    // 1 of 16 → 6.25 → 6.3 (half away from zero)
    [1n, 16n, 6.3],
    [0n, 5n, 0],
    [5n, 0n, null], // nothing to share
    [-1n, 16n, -6.3], // a net reversal
  ])('share %p of %p → %p %', (part, total, expected) => {
    expect(sharePct(part, total)).toBe(expected);
  });

  it('writes the study\'s sentence: 6, 3 and less than one of every 10 soles', () => {
    // 620 + 310 + 40 + 30 = 1,000 → 6.2, 3.1, 0.4, 0.3 soles of every 10 → 6, 3, less than one, less than one
    expect(
      tenSolesSentence([
        { label: 'structural change', amount: 40n },
        { label: 'equal rights', amount: 620n },
        { label: 'income and productivity', amount: 310n },
        { label: 'unclassified', amount: 30n },
      ]),
    ).toBe('Of every 10 soles of PIM, 6 to equal rights, 3 to income and productivity, less than one to structural change and less than one to unclassified.');
  });

  it('leaves empty dimensions out and says nothing for an empty set', () => {
    // 500 + 500 → 5 and 5
    expect(tenSolesSentence([{ label: 'a', amount: 500n }, { label: 'b', amount: 500n }, { label: 'c', amount: 0n }])).toBe('Of every 10 soles of PIM, 5 to a and 5 to b.');
    expect(tenSolesSentence([])).toBeNull();
    expect(tenSolesSentence([{ label: 'a', amount: 0n }])).toBeNull();
  });

  it.each([
    // urban places: 80 % of spending for 40 % of people → 2.00; 30 % for 60 % → 0.50; 33.3 for 66.7 → 0.4992… → 0.50
    [80, 40, 2],
    [30, 60, 0.5],
    [33.3, 66.7, 0.5],
    [50, 50, 1],
    [10, 0, null],
    [null, 50, null],
  ])('skew index of %p % spending for %p % population → %p', (spending, population, expected) => {
    expect(skewIndex(spending, population)).toBe(expected);
  });
});
