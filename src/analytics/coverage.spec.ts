import { type CoverageYear, judgeCoverage } from './coverage.js';

/** A year of a selection of `municipalities`, every input present and the lines adding up to the totals, unless overridden. */
const year = (over: Partial<CoverageYear> = {}): CoverageYear => ({
  year: 2022,
  municipalities: 2,
  withLines: 2,
  withTotals: 2,
  totalsPim: 100_000n,
  totalsDevengado: 80_000n,
  linesPimOfTotals: 100_000n,
  linesDevengadoOfTotals: 80_000n,
  withRubro18: 2,
  withTransfers: 2,
  transfersThroughMonth: null,
  withPopulation: 2,
  withoutLines: [],
  withoutRubro18: [],
  withoutTransfers: [],
  withoutTotals: [],
  withFunctionLines: 0,
  withFunctionRubro18: 0,
  withoutFunctionLines: ['080801', '080802'],
  withoutFunctionRubro18: ['080801', '080802'],
  functionRubros: [],
  functionPim18OfLines: 0n,
  linesPim18WithFunction: 0n,
  ...over,
});

describe("coverage of an analysis's inputs", () => {
  it("is partial where a year's transfers stop before December, for an analysis that reads transfers", () => {
    const c = judgeCoverage([year({ year: 2025 }), year({ year: 2026, transfersThroughMonth: 9 })], ['transfers'], 'es');
    expect(c.complete).toBe(false);
    expect(c.canonTransfers).toEqual({ municipalityYears: 4, partialYears: [{ year: 2026, throughMonth: 9 }] });
    expect(c.missing).toEqual([
      'Las transferencias de 2026 llegan solo hasta setiembre: lo transferido, su uso y el canon sin gastar de ese año son parciales, no del año entero.',
    ]);
    // an analysis that does not read transfers is not made partial by them
    expect(judgeCoverage([year({ transfersThroughMonth: 9 })], ['totals']).complete).toBe(true);
  });

  it('is complete when every municipality-year has every input and the lines add up to the totals', () => {
    const c = judgeCoverage([year(), year({ year: 2023 })], ['lines', 'rubro18', 'transfers', 'totals', 'population']);
    expect(c).toEqual({
      complete: true,
      thresholdPct: 95,
      municipalityYears: 4,
      budgetLines: { municipalityYears: 4, pimCoveragePct: 100, devengadoCoveragePct: 100 },
      rubro18Lines: { municipalityYears: 4 },
      canonTransfers: { municipalityYears: 4, partialYears: [] },
      consultaAmigable: { municipalityYears: 4 },
      population: { municipalityYears: 4 },
      functionLines: { municipalityYears: 0, rubro18MunicipalityYears: 0, rubros: [], rubro18PimCoveragePct: null },
      spending: { source: 'budget_lines', level: 'line', rubros: null, pia: true },
      missing: [],
    });
  });

  it('needs 95 % of both PIM and devengado: 95.0 passes, 94.9 does not', () => {
    // 95,000 of 100,000 = 95.0 %; devengado 75,920 of 80,000 = 94.9 %
    expect(judgeCoverage([year({ linesPimOfTotals: 95_000n })], ['lines']).complete).toBe(true);
    const c = judgeCoverage([year({ linesPimOfTotals: 95_000n, linesDevengadoOfTotals: 75_920n })], ['lines']);
    expect(c.complete).toBe(false);
    expect(c.missing).toEqual([
      "The budget lines add up to 95 % of the PIM and 94.9 % of the devengado that Consulta Amigable reports for the same municipality-years (findings need 95 %): import MEF's complete gasto file for 2022.",
    ]);
  });

  it('takes lines as complete where no totals exist to check them against, and says nothing of a share it cannot know', () => {
    const c = judgeCoverage([year({ withTotals: 0, totalsPim: 0n, totalsDevengado: 0n, linesPimOfTotals: 0n, linesDevengadoOfTotals: 0n })], ['lines']);
    expect(c).toMatchObject({ complete: true, budgetLines: { pimCoveragePct: null, devengadoCoveragePct: null } });
  });

  it('names what is missing, per year, and which file supplies it; an input the analysis does not read is not asked for', () => {
    const c = judgeCoverage(
      [
        year({
          withLines: 1,
          withoutLines: ['080802'],
          linesPimOfTotals: 99_000n,
          linesDevengadoOfTotals: 79_000n,
          withRubro18: 0,
          withoutRubro18: ['080801'],
        }),
        year({
          year: 2023,
          withLines: 0,
          withoutLines: ['080801', '080802'],
          linesPimOfTotals: 0n,
          linesDevengadoOfTotals: 0n,
          withRubro18: 0,
          withTransfers: 0,
          withoutTransfers: ['080801', '080802'],
        }),
      ],
      ['lines', 'rubro18'],
    );
    expect(c.complete).toBe(false);
    expect(c.missing).toEqual([
      "No budget lines were imported for 080802 in 2022: import MEF's gasto file for that year (2022-Gasto.csv, open data) or the planner's template.",
      "No budget lines were imported for any of the 2 municipalities of the selection in 2023: import MEF's gasto file for that year (2023-Gasto.csv, open data) or the planner's template.",
      // 99,000 of 200,000 and 79,000 of 160,000
      "The budget lines add up to 49.5 % of the PIM and 49.4 % of the devengado that Consulta Amigable reports for the same municipality-years (findings need 95 %): import MEF's complete gasto file for 2022, 2023.",
      // 2022: one municipality has lines but none on rubro 18; 2023: none has lines, said above
      "No budget lines for rubro 18 (canon) were imported for 080801 in 2022: import MEF's gasto file for that year.",
    ]);
  });

  it('says no lines once, not also as a share of 0 %', () => {
    const c = judgeCoverage(
      [year({ withLines: 0, withoutLines: ['080801', '080802'], linesPimOfTotals: 0n, linesDevengadoOfTotals: 0n, withRubro18: 0 })],
      ['lines'],
    );
    expect(c.missing).toEqual([
      "No budget lines were imported for any of the 2 municipalities of the selection in 2022: import MEF's gasto file for that year (2022-Gasto.csv, open data) or the planner's template.",
    ]);
  });

  it('lists ten municipalities and counts the rest', () => {
    const ubigeos = Array.from({ length: 20 }, (_, i) => `0801${String(i + 1).padStart(2, '0')}`);
    const c = judgeCoverage([year({ municipalities: 13, withTransfers: 1, withoutTransfers: ubigeos.slice(0, 12) })], ['transfers']);
    expect(c.missing).toEqual([
      `No canon transfers (rubro 18) were imported for ${ubigeos.slice(0, 10).join(', ')} and 2 more in 2022: import the MEF transfers file (rubro 18 by municipality).`,
    ]);
  });

  it('has nothing to judge in an empty selection', () => {
    expect(judgeCoverage([], ['lines'])).toMatchObject({
      complete: false,
      municipalityYears: 0,
      missing: ['The selection and period name no municipality-year.'],
    });
  });
});

describe('coverage of budget lines by función', () => {
  const functional = (over: Partial<CoverageYear> = {}) =>
    year({
      withLines: 0,
      withoutLines: ['080801', '080802'],
      linesPimOfTotals: 0n,
      linesDevengadoOfTotals: 0n,
      withRubro18: 0,
      withFunctionLines: 2,
      withFunctionRubro18: 2,
      withoutFunctionLines: [],
      withoutFunctionRubro18: [],
      functionRubros: ['18'],
      ...over,
    });

  it('states what they cover, and does not measure rubro-18 lines against all PIM', () => {
    // Consulta Amigable reports 100,000 of PIM; the lines of rubro 18 are a part of it, and nothing here gives rubro 18's own PIM
    const c = judgeCoverage([functional()], ['functionLines18', 'transfers']);
    expect(c).toMatchObject({
      complete: true,
      spending: { source: 'function_lines', level: 'function', rubros: ['18'], pia: false },
      functionLines: { municipalityYears: 2, rubro18MunicipalityYears: 2, rubros: ['18'], rubro18PimCoveragePct: null },
      missing: [],
    });
  });

  it('needs 95 % of the rubro-18 PIM of the budget lines where a municipality-year has both', () => {
    // 94,900 of 100,000 = 94.9 %
    const c = judgeCoverage([functional({ functionPim18OfLines: 94_900n, linesPim18WithFunction: 100_000n })], ['functionLines18']);
    expect(c.complete).toBe(false);
    expect(c.functionLines.rubro18PimCoveragePct).toBe(94.9);
    expect(c.missing).toEqual([
      'The lines by función add up to 94.9 % of the rubro-18 PIM the budget lines give for the same municipality-years (findings need 95 %): check the file by función for 2022.',
    ]);
    expect(judgeCoverage([functional({ functionPim18OfLines: 95_000n, linesPim18WithFunction: 100_000n })], ['functionLines18']).complete).toBe(true);
  });

  it('names the municipality-years without them, of rubro 18 when the analysis is of canon', () => {
    const c = judgeCoverage([functional({ withFunctionRubro18: 1, withoutFunctionRubro18: ['080802'], functionRubros: ['07', '18'] })], ['functionLines18']);
    expect(c.missing).toEqual([
      "No budget lines by función for rubro 18 (canon) were imported for 080802 in 2022: import the rubro-18 spending by función for that year (layout budget-by-function, rubro=18) or MEF's gasto file.",
    ]);
    // the dimensions read every rubro of them
    expect(judgeCoverage([functional({ functionRubros: ['07', '18'] })], ['functionLines'])).toMatchObject({
      complete: true,
      spending: { rubros: ['07', '18'] },
    });
  });

  it('has no spending scope for an analysis that reads no lines', () => {
    expect(judgeCoverage([year()], ['totals']).spending).toBeNull();
  });
});
