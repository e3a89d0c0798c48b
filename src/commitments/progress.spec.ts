import { canonicalAmount, commitmentProgress, type ProjectFigures } from './progress.js';

const p = (cui: string, pim: string | null, devengado: string | null, cost: string | null): ProjectFigures => ({ cui, pim, devengado, cost });

describe('commitmentProgress', () => {
  it('sums two projects with budget and cost, and gives every share', () => {
    // PIM 1,000.00 + 3,000.00 = 4,000.00; devengado 500.00 + 1,000.00 = 1,500.00 → 1,500 / 4,000 = 37.5 %
    // cost 2,000.00 + 8,000.00 = 10,000.00 → 1,500 / 10,000 = 15.0 %; amount 12,000.00 → 1,500 / 12,000 = 12.5 %
    expect(commitmentProgress('12000.00', [p('1', '1000.00', '500.00', '2000.00'), p('2', '3000.00', '1000.00', '8000.00')])).toEqual({
      pim: '4000.00',
      devengado: '1500.00',
      cost: '10000.00',
      executionRatePct: 37.5,
      costProgressPct: 15,
      amountProgressPct: 12.5,
      projectsWithoutBudget: [],
      projectsWithoutCost: [],
    });
  });

  it('rounds a share to one decimal, half away from zero', () => {
    // 1.00 / 3.00 = 33.33… → 33.3; cost 0.08: 1.00 / 0.08 = 1,250.0 %
    expect(commitmentProgress(null, [p('1', '3.00', '1.00', '0.08')])).toMatchObject({
      executionRatePct: 33.3,
      costProgressPct: 1250,
      amountProgressPct: null,
    });
    // 2.00 / 16.00 = 12.5 exactly; 1.00 / 16.00 = 6.25 → 6.3
    expect(commitmentProgress('16.00', [p('1', '16.00', '1.00', null)])).toMatchObject({ executionRatePct: 6.3, amountProgressPct: 6.3 });
  });

  it('gives no share over figures that are not whole, and lists the projects that lack them', () => {
    // project 2 has no budget line in the tracker: its devengado is unknown, not 0
    const partial = commitmentProgress('1000.00', [p('1', '100.00', '50.00', '400.00'), p('2', null, null, '600.00')]);
    expect(partial).toEqual({
      pim: '100.00',
      devengado: '50.00',
      cost: '1000.00',
      executionRatePct: 50,
      costProgressPct: null,
      amountProgressPct: null,
      projectsWithoutBudget: ['2'],
      projectsWithoutCost: [],
    });
    // project 1 has no cost in the registry: the budget shares stand, the cost share does not
    expect(commitmentProgress('1000.00', [p('1', '100.00', '50.00', null), p('2', '100.00', '0.00', '600.00')])).toMatchObject({
      cost: '600.00',
      costProgressPct: null,
      amountProgressPct: 5, // 50 / 1,000
      projectsWithoutCost: ['1'],
    });
  });

  it('has nothing to say without projects, and no rate over a PIM of 0', () => {
    expect(commitmentProgress('1000.00', [])).toEqual({
      pim: null,
      devengado: null,
      cost: null,
      executionRatePct: null,
      costProgressPct: null,
      amountProgressPct: null,
      projectsWithoutBudget: [],
      projectsWithoutCost: [],
    });
    expect(commitmentProgress('0.00', [p('1', '0.00', '0.00', '0.00')])).toMatchObject({
      executionRatePct: null,
      costProgressPct: null,
      amountProgressPct: null,
    });
  });
});

describe('canonicalAmount', () => {
  it.each([
    ['1500000', '1500000.00'],
    ['1500000.5', '1500000.50'],
    ['0012.34', '12.34'],
    ['0', '0.00'],
  ])('%p → %p', (given, canonical) => expect(canonicalAmount(given)).toBe(canonical));
});
