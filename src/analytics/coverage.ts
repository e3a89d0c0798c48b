import type { Lang } from '../i18n/messages.js';
import { monthName } from '../i18n/months.js';
import { sentence } from '../i18n/sentences.js';
import { sharePct } from './formulas.js';

/**
 * Budget lines must add up to at least this share of the PIM (and of the devengado) that Consulta
 * Amigable reports for the same municipality-years before a finding drawn from them is stated as a
 * sentence; below it, the figures are shown as partial and the sentence says what is missing.
 */
export const COVERAGE_THRESHOLD_PCT = 95;

/** What the database holds for one year of a selection (one row of CoverageRepository.coverage). */
export interface CoverageYear {
  year: number;
  /** Municipalities of the selection: the municipality-years expected this year. */
  municipalities: number;
  withLines: number;
  withTotals: number;
  /** PIM and devengado of Consulta Amigable, and of the budget lines, over the municipality-years that have totals (céntimos). */
  totalsPim: bigint;
  totalsDevengado: bigint;
  linesPimOfTotals: bigint;
  linesDevengadoOfTotals: bigint;
  withRubro18: number;
  withTransfers: number;
  /** The month the year's transfers run through, when any stops before December (the earliest); null for whole years. */
  transfersThroughMonth: number | null;
  withPopulation: number;
  /** Ubigeos without each input (the first 20), and how many there are. */
  withoutLines: string[];
  withoutRubro18: string[];
  withoutTransfers: string[];
  withoutTotals: string[];
  /** Municipality-years with budget lines at función grain (budget-by-function) of any rubro, and of rubro 18. */
  withFunctionLines: number;
  withFunctionRubro18: number;
  withoutFunctionLines: string[];
  withoutFunctionRubro18: string[];
  /** The rubros of those lines. */
  functionRubros: string[];
  /**
   * Rubro-18 PIM of the función-grain lines, and of the budget lines, over the municipality-years that have
   * both (céntimos): the función lines are of rubro 18, so they are measured against rubro-18 PIM, never all PIM.
   */
  functionPim18OfLines: bigint;
  linesPim18WithFunction: bigint;
}

/**
 * The inputs an analysis reads: budget lines, their rubro-18 lines, canon transfers, Consulta Amigable totals,
 * population; or, where a period has no budget lines, the función-grain lines (of any rubro, or of rubro 18).
 */
export type Input = 'lines' | 'rubro18' | 'transfers' | 'totals' | 'population' | 'functionLines' | 'functionLines18';

/** What the spending figures of an analysis were read from, and so what they cannot hold. */
export interface SpendingScope {
  /** budget_lines: MEF's open-data lines or the template (every rubro, down to the project); function_lines: the budget-by-función layout. */
  source: 'budget_lines' | 'function_lines';
  /** The finest classifier: the line (project or activity, división, grupo) or the función alone. */
  level: 'line' | 'function';
  /** The rubros the lines cover; null for every rubro. */
  rubros: string[] | null;
  /** Whether the lines carry the PIA (función-grain lines do not). */
  pia: boolean;
}

export interface Coverage {
  /** Whether every input the analysis reads is complete enough for its findings to be stated. */
  complete: boolean;
  thresholdPct: number;
  municipalityYears: number;
  budgetLines: { municipalityYears: number; pimCoveragePct: number | null; devengadoCoveragePct: number | null };
  rubro18Lines: { municipalityYears: number };
  canonTransfers: { municipalityYears: number; partialYears: { year: number; throughMonth: number }[] };
  consultaAmigable: { municipalityYears: number };
  population: { municipalityYears: number };
  /** Budget lines at función grain: municipality-years with some, with rubro 18, their rubros, and their rubro-18 PIM against the budget lines'. */
  functionLines: { municipalityYears: number; rubro18MunicipalityYears: number; rubros: string[]; rubro18PimCoveragePct: number | null };
  /** What the spending figures were read from; null when the analysis reads no lines. */
  spending: SpendingScope | null;
  /** What is missing for this analysis, in words, with the file that would supply it. */
  missing: string[];
}

/** "080801, 080802 and 3 more" or "any of the 8 municipalities of the selection". */
function who(ubigeos: string[], count: number, of: number, lang: Lang): string {
  if (count === of && of > 1) return sentence('coverage.whoAll', lang, { of });
  const listed = ubigeos.slice(0, 10).join(', ');
  return count > 10 ? sentence('coverage.whoMore', lang, { listed, more: count - 10 }) : listed;
}

/**
 * How complete the inputs of an analysis are, from what the database holds for each year of the
 * selection, and what is missing in words. Budget lines are complete when every expected
 * municipality-year has them and, where Consulta Amigable totals exist to check them against, they add
 * up to at least COVERAGE_THRESHOLD_PCT of their PIM and devengado.
 */
export function judgeCoverage(years: CoverageYear[], inputs: Input[], lang: Lang = 'en'): Coverage {
  const sum = (f: (y: CoverageYear) => number) => years.reduce((s, y) => s + f(y), 0);
  const sumCents = (f: (y: CoverageYear) => bigint) => years.reduce((s, y) => s + f(y), 0n);
  const expected = sum((y) => y.municipalities);
  const totalsPim = sumCents((y) => y.totalsPim);
  const totalsDevengado = sumCents((y) => y.totalsDevengado);
  const pimCoveragePct =
    totalsPim > 0n
      ? sharePct(
          sumCents((y) => y.linesPimOfTotals),
          totalsPim,
        )
      : null;
  const devengadoCoveragePct =
    totalsDevengado > 0n
      ? sharePct(
          sumCents((y) => y.linesDevengadoOfTotals),
          totalsDevengado,
        )
      : null;
  const missing: string[] = [];
  const absent = (input: Input, count: (y: CoverageYear) => number, list: (y: CoverageYear) => string[]) => {
    for (const y of years) {
      const lacking = y.municipalities - count(y);
      if (lacking > 0) {
        const file = sentence(`coverage.file.${input}`, lang, { year: y.year });
        missing.push(
          sentence('coverage.absent', lang, {
            what: sentence(`coverage.what.${input}`, lang),
            who: who(list(y), lacking, y.municipalities, lang),
            year: y.year,
            file,
          }),
        );
      }
    }
  };
  if (expected === 0) missing.push(sentence('coverage.noMunicipalityYear', lang));
  if (inputs.includes('lines')) {
    absent(
      'lines',
      (y) => y.withLines,
      (y) => y.withoutLines,
    );
    // (with no lines at all, that was said already)
    const low = sum((y) => y.withLines) > 0 && [pimCoveragePct, devengadoCoveragePct].some((pct) => pct !== null && pct < COVERAGE_THRESHOLD_PCT);
    if (low) {
      const listed = years.map((y) => y.year).join(', ');
      missing.push(
        sentence('coverage.low', lang, {
          pim: pimCoveragePct ?? '–',
          devengado: devengadoCoveragePct ?? '–',
          threshold: COVERAGE_THRESHOLD_PCT,
          years: listed,
        }),
      );
    }
  }
  if (inputs.includes('rubro18')) {
    // where lines are missing altogether, that was said already
    absent(
      'rubro18',
      (y) => y.withRubro18 + (y.municipalities - y.withLines),
      (y) => y.withoutRubro18,
    );
  }
  const functionRubros = [...new Set(years.flatMap((y) => y.functionRubros))].sort();
  const functionPim = sumCents((y) => y.linesPim18WithFunction);
  const rubro18PimCoveragePct =
    functionPim > 0n
      ? sharePct(
          sumCents((y) => y.functionPim18OfLines),
          functionPim,
        )
      : null;
  const functional = inputs.includes('functionLines') || inputs.includes('functionLines18');
  if (inputs.includes('functionLines'))
    absent(
      'functionLines',
      (y) => y.withFunctionLines,
      (y) => y.withoutFunctionLines,
    );
  if (inputs.includes('functionLines18'))
    absent(
      'functionLines18',
      (y) => y.withFunctionRubro18,
      (y) => y.withoutFunctionRubro18,
    );
  // rubro-18 lines at función grain are checked against rubro-18 PIM where budget lines give one, never against all PIM
  if (functional && rubro18PimCoveragePct !== null && rubro18PimCoveragePct < COVERAGE_THRESHOLD_PCT) {
    missing.push(
      sentence('coverage.lowFunction', lang, { pim: rubro18PimCoveragePct, threshold: COVERAGE_THRESHOLD_PCT, years: years.map((y) => y.year).join(', ') }),
    );
  }
  const partialYears = years.flatMap((y) => (y.transfersThroughMonth === null ? [] : [{ year: y.year, throughMonth: y.transfersThroughMonth }]));
  if (inputs.includes('transfers')) {
    absent(
      'transfers',
      (y) => y.withTransfers,
      (y) => y.withoutTransfers,
    );
    // transfers of a year not closed yet (corte setiembre): what they are compared with is partial
    for (const p of partialYears) missing.push(sentence('canon.partialTransfers', lang, { year: p.year, month: monthName(p.throughMonth, lang) }));
  }
  if (inputs.includes('totals'))
    absent(
      'totals',
      (y) => y.withTotals,
      (y) => y.withoutTotals,
    );
  if (inputs.includes('population'))
    absent(
      'population',
      (y) => y.withPopulation,
      () => [],
    );
  return {
    complete: missing.length === 0,
    thresholdPct: COVERAGE_THRESHOLD_PCT,
    municipalityYears: expected,
    budgetLines: { municipalityYears: sum((y) => y.withLines), pimCoveragePct, devengadoCoveragePct },
    rubro18Lines: { municipalityYears: sum((y) => y.withRubro18) },
    canonTransfers: { municipalityYears: sum((y) => y.withTransfers), partialYears },
    consultaAmigable: { municipalityYears: sum((y) => y.withTotals) },
    population: { municipalityYears: sum((y) => y.withPopulation) },
    functionLines: {
      municipalityYears: sum((y) => y.withFunctionLines),
      rubro18MunicipalityYears: sum((y) => y.withFunctionRubro18),
      rubros: functionRubros,
      rubro18PimCoveragePct,
    },
    spending: functional
      ? { source: 'function_lines', level: 'function', rubros: inputs.includes('functionLines18') ? ['18'] : functionRubros, pia: false }
      : inputs.includes('lines')
        ? { source: 'budget_lines', level: 'line', rubros: null, pia: true }
        : null,
    missing,
  };
}
