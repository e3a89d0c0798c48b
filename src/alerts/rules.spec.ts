import { type AlertFacts, dataMonth, medianTenths, type PlaceYear, RULES, ruleKey } from './rules.js';

const place: PlaceYear = { ubigeo: '080801', departmentCode: '08', year: 2024, datasets: ['budget'] };
const S = (soles: number) => BigInt(soles) * 100n;
const budget = (over: Partial<{ snapshotDate: string; pia: number; pim: number; devengado: number; rubro18Lines: number; rubro18Devengado: number }> = {}) => {
  const b = { snapshotDate: '2024-07-31', pia: 1000, pim: 1000, devengado: 500, rubro18Lines: 1, rubro18Devengado: 100, ...over };
  return {
    snapshotDate: b.snapshotDate,
    pia: S(b.pia),
    pim: S(b.pim),
    devengado: S(b.devengado),
    rubro18Lines: b.rubro18Lines,
    rubro18Devengado: S(b.rubro18Devengado),
  };
};
const facts = (over: Partial<AlertFacts> = {}): AlertFacts => ({
  budget: new Map(),
  canon: new Map(),
  execution: new Map(),
  peers: new Map(),
  idleProjects: new Map(),
  ...over,
});

describe('dataMonth', () => {
  it.each([
    ['2024-07-31', 2024, 7],
    ['2025-02-13', 2024, 12], // taken after the year: the whole year
    ['2023-12-31', 2024, 0], // before it: nothing yet
  ])('%s for %i is month %i', (date, year, month) => expect(dataMonth(date, year)).toBe(month));
});

describe('medianTenths', () => {
  it.each([
    ['40.0, 50.0, 60.0, 70.0: (50.0 + 60.0) ÷ 2 = 55.0', [400n, 500n, 600n, 700n], 550n],
    ['22.7, 70.0, 40.0: the middle one, 40.0', [227n, 700n, 400n], 400n],
    ['0.1, 0.2: 0.15 rounds half up to 0.2', [1n, 2n], 2n],
    ['none: no median', [], null],
  ])('%s', (_, values, median) => expect(medianTenths(values as bigint[])).toBe(median));
});

describe('canon_utilisation', () => {
  const params = { belowPct: 50, byMonth: 6 };
  const with_ = (b: ReturnType<typeof budget>, transferred: number) =>
    facts({ budget: new Map([['080801/2024', b]]), canon: new Map([['080801/2024', { snapshotDate: '2024-12-31', transferred: S(transferred) }]]) });

  it('fires under the threshold once the month is reached: 100 of 1,000 = 10.0 %', () => {
    expect(RULES.canon_utilisation.evaluate(place, with_(budget(), 1000), params)).toEqual([
      { ubigeo: '080801', period: '2024', figures: { year: 2024, transferred: '1000.00', devengado: '100.00', utilisationPct: 10 }, asOf: '2024-07-31' },
    ]);
  });

  it.each([
    ['before the month (May < 6)', budget({ snapshotDate: '2024-05-31' }), 1000],
    ['exactly at the threshold (500 of 1,000 = 50.0 %)', budget({ rubro18Devengado: 500 }), 1000],
    ['without rubro-18 lines (devengado unknown)', budget({ rubro18Lines: 0, rubro18Devengado: 0 }), 1000],
    ['without transfers', budget(), 0],
  ])('stays silent %s', (_, b, transferred) => {
    expect(RULES.canon_utilisation.evaluate(place, with_(b, transferred), params)).toEqual([]);
  });

  it('compares exactly, not the rounded percentage: 49.96 % is under 50', () => {
    // 4,996 of 10,000 = 49.96 %, shown as 50.0
    const fired = RULES.canon_utilisation.evaluate(place, with_(budget({ rubro18Devengado: 4996 }), 10_000), params);
    expect(fired.map((f) => f.figures.utilisationPct)).toEqual([50]);
  });
});

describe('execution_below_peers', () => {
  const peers = (rates: [string, number, number][]) => new Map([['08/2024', rates.map(([ubigeo, pim, dev]) => ({ ubigeo, pim: S(pim), devengado: S(dev) }))]]);
  const self = budget({ pim: 1000, devengado: 227 }); // 22.7 %

  it('fires more than `points` under the median of the others: 22.7 against 40, 50, 60, 70 (median 55.0) is 32.3 under', () => {
    const f = facts({
      budget: new Map([['080801/2024', self]]),
      peers: peers([
        ['080801', 1000, 227],
        ['080802', 10, 4],
        ['080803', 10, 5],
        ['080804', 10, 6],
        ['080805', 10, 7],
      ]),
    });
    expect(RULES.execution_below_peers.evaluate(place, f, { points: 32.2 })[0].figures).toEqual({
      year: 2024,
      executionPct: 22.7,
      peerMedianPct: 55,
      gapPoints: 32.3,
      peers: 4,
    });
    expect(RULES.execution_below_peers.evaluate(place, f, { points: 32.3 })).toEqual([]);
  });

  it(`needs ${3} peers with a PIM`, () => {
    const f = facts({
      budget: new Map([['080801/2024', self]]),
      peers: peers([
        ['080802', 10, 9],
        ['080803', 10, 9],
        ['080804', 0, 0],
      ]),
    });
    expect(RULES.execution_below_peers.evaluate(place, f, { points: 0 })).toEqual([]);
  });
});

describe('pim_over_pia', () => {
  const of = (pia: number, pim: number) => facts({ budget: new Map([['080801/2024', budget({ pia, pim })]]) });
  it('fires more than overPct over: (1,300 − 1,000) ÷ 1,000 = 30.0 %', () => {
    expect(RULES.pim_over_pia.evaluate(place, of(1000, 1300), { overPct: 29.9 })[0].figures).toEqual({
      year: 2024,
      pia: '1000.00',
      pim: '1300.00',
      overPct: 30,
    });
    expect(RULES.pim_over_pia.evaluate(place, of(1000, 1300), { overPct: 30 })).toEqual([]);
    expect(RULES.pim_over_pia.evaluate(place, of(0, 1300), { overPct: 0 })).toEqual([]); // no PIA: no basis
  });
});

describe('pia_project_without_devengado and new_figures', () => {
  it('fires once per idle project from the month on', () => {
    const idle = { cui: '2100002', name: 'OBRA', pia: S(200), pim: S(200), devengado: 0n };
    const f = facts({ budget: new Map([['080801/2024', budget()]]), idleProjects: new Map([['080801/2024', [idle, { ...idle, cui: '2100003' }]]]) });
    expect(RULES.pia_project_without_devengado.evaluate(place, f, { byMonth: 7 }).map((x) => x.figures.cui)).toEqual(['2100002', '2100003']);
    expect(RULES.pia_project_without_devengado.evaluate(place, f, { byMonth: 8 })).toEqual([]);
  });

  it('gives the figures of the datasets the import brought, and only those', () => {
    const f = facts({ budget: new Map([['080801/2024', budget()]]), canon: new Map([['080801/2024', { snapshotDate: '2024-12-31', transferred: S(5) }]]) });
    expect(RULES.new_figures.evaluate(place, f).map((x) => x.figures)).toEqual([
      { year: 2024, dataset: 'budget', pia: '1000.00', pim: '1000.00', devengado: '500.00' },
    ]);
    expect(RULES.new_figures.evaluate({ ...place, datasets: ['canon'] }, f).map((x) => x.figures)).toEqual([
      { year: 2024, dataset: 'canon', transferred: '5.00' },
    ]);
  });
});

describe('commitment_overdue', () => {
  const overdue = {
    id: 7,
    forum: 'Mesa de Diálogo de Espinar',
    partyName: 'Ministerio de Energía y Minas',
    description: 'Asfaltar la vía.',
    deadline: '2025-06-30',
    status: 'en_curso',
    ubigeo: '080801',
  };

  it('fires once per commitment given (the repository selects the overdue ones), unique on the commitment and its deadline', () => {
    expect(RULES.commitment_overdue.evaluateOn([overdue], '2025-07-01')).toEqual([
      {
        ubigeo: '080801',
        period: '2025-06-30',
        figures: {
          commitmentId: 7,
          forum: 'Mesa de Diálogo de Espinar',
          partyName: 'Ministerio de Energía y Minas',
          description: 'Asfaltar la vía.',
          deadline: '2025-06-30',
          status: 'en_curso',
        },
        identity: { commitmentId: 7, deadline: '2025-06-30' },
        asOf: '2025-07-01',
      },
    ]);
    // its status changes, it stays the same alert; its deadline moves, it is another
    const [later] = RULES.commitment_overdue.evaluateOn([{ ...overdue, status: 'incumplido' }], '2025-08-01');
    expect(later.identity).toEqual({ commitmentId: 7, deadline: '2025-06-30' });
    expect(RULES.commitment_overdue.evaluateOn([{ ...overdue, deadline: '2025-12-31' }], '2026-01-01')[0].identity).toEqual({
      commitmentId: 7,
      deadline: '2025-12-31',
    });
    expect(RULES.commitment_overdue.evaluateOn([], '2025-07-01')).toEqual([]);
  });

  it('says so in Spanish and English', () => {
    const [firing] = RULES.commitment_overdue.evaluateOn([overdue], '2025-07-01');
    const alert = { figures: firing.figures, params: {}, place: 'Espinar' };
    expect(RULES.commitment_overdue.message(alert, 'es')).toBe(
      'El compromiso n.º 7, asumido por Ministerio de Energía y Minas en Mesa de Diálogo de Espinar y que concierne a Espinar, venció el 2025-06-30 sin cumplirse: Asfaltar la vía.',
    );
    expect(RULES.commitment_overdue.message(alert, 'en')).toBe(
      'Commitment no. 7, made by Ministerio de Energía y Minas at Mesa de Diálogo de Espinar and concerning Espinar, passed its deadline (2025-06-30) unfulfilled: Asfaltar la vía.',
    );
  });
});

describe('ruleKey', () => {
  it('names a rule by its kind and sorted parameters', () => {
    expect(ruleKey('canon_utilisation', { byMonth: 6, belowPct: 50 })).toBe('canon_utilisation:belowPct=50;byMonth=6');
    expect(ruleKey('new_figures', {})).toBe('new_figures');
  });
});
