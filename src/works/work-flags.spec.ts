import { gapPoints, monthsBefore, type WorkFacts, workFlags } from './work-flags.js';

const DATE = '2026-04-07';
// a work that raises nothing: on time, followed up last month, paid as far as it is built
const FINE: WorkFacts = {
  financialPct: 50,
  physicalPct: 50,
  stalled: false,
  plannedEnd: '2026-12-31',
  lastFollowUp: '2026-03-15',
  devengadoCents: 100n,
  costGrowthPct: 0,
};

describe('workFlags', () => {
  it.each<[string, Partial<WorkFacts>, string[]]>([
    ['nothing wrong', {}, []],
    // 99 % paid, 100 % built: gap −1 point
    ['99 % financial, 100 % physical', { financialPct: 99, physicalPct: 100 }, []],
    // 70.01 − 50 = 20.01 > 20; 70 − 50 = 20 is not more than 20
    ['gap just over 20 points', { financialPct: 70.01 }, ['paid_not_built']],
    ['gap of exactly 20 points', { financialPct: 70 }, []],
    ['no physical progress reported: no gap', { financialPct: 90, physicalPct: null }, []],
    ['stalled', { stalled: true }, ['stalled']],
    ['stalled unknown (no 12-B)', { stalled: null }, []],
    // planned end 2026-04-06 < 2026-04-07 with 0 % built; also 100 points paid ahead? financial 50 − 0 = 50 > 20
    ['past its end at 0 %', { plannedEnd: '2026-04-06', physicalPct: 0 }, ['paid_not_built', 'overdue']],
    ['ends on the date itself', { plannedEnd: DATE, physicalPct: 10, financialPct: 10 }, []],
    ['past its end but finished', { plannedEnd: '2020-01-01', physicalPct: 100, financialPct: 100 }, []],
    // 6 months before 2026-04-07 is 2025-10-07: a follow-up on that day is not older than that
    ['follow-up 6 months before', { lastFollowUp: '2025-10-07' }, []],
    ['follow-up a day earlier', { lastFollowUp: '2025-10-06' }, ['no_recent_follow_up']],
    ['never followed up, money spent', { lastFollowUp: null, devengadoCents: 1n }, ['no_recent_follow_up']],
    ['never followed up, nothing spent', { lastFollowUp: null, devengadoCents: 0n }, []],
    ['cost 20.1 % over', { costGrowthPct: 20.1 }, ['cost_overrun']],
    ['cost 20 % over', { costGrowthPct: 20 }, []],
  ])('%s', (_, change, flags) => {
    expect(workFlags({ ...FINE, ...change }, DATE)).toEqual(flags);
  });
});

describe('gapPoints', () => {
  it.each([
    [97.82, 0, 97.82],
    [0.1, 0.3, -0.2], // not −0.19999999999999998
    [null, 5, null],
    [5, null, null],
  ])('%s − %s = %s', (fin, phys, gap) => {
    expect(gapPoints(fin, phys)).toBe(gap);
  });
});

describe('monthsBefore', () => {
  it.each([
    ['2026-04-07', 6, '2025-10-07'],
    ['2026-08-31', 6, '2026-02-28'], // clamped to February's last day
    ['2024-08-31', 6, '2024-02-29'], // a leap year
    ['2026-01-15', 1, '2025-12-15'],
  ])('%s − %s months = %s', (date, months, expected) => {
    expect(monthsBefore(date, months)).toBe(expected);
  });
});
