import type { Lang } from '../i18n/messages.js';
import { sentence } from '../i18n/sentences.js';
import { sharePct } from './formulas.js';

/**
 * Budget lines must add up to at least this share of the PIM (and of the devengado) that Consulta
 * Amigable reports for the same municipality-years before a finding drawn from them is stated as a
 * sentence; below it, the figures are shown as partial and the sentence says what is missing.
 */
export const COVERAGE_THRESHOLD_PCT = 95;

/** What the database holds for one year of a selection (one row of AnalyticsRepository.coverage). */
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
  withPopulation: number;
  /** Ubigeos without each input (the first 20), and how many there are. */
  withoutLines: string[];
  withoutRubro18: string[];
  withoutTransfers: string[];
  withoutTotals: string[];
}

/** The inputs an analysis reads: budget lines, their rubro-18 lines, canon transfers, Consulta Amigable totals, population. */
export type Input = 'lines' | 'rubro18' | 'transfers' | 'totals' | 'population';

export interface Coverage {
  /** Whether every input the analysis reads is complete enough for its findings to be stated. */
  complete: boolean;
  thresholdPct: number;
  municipalityYears: number;
  budgetLines: { municipalityYears: number; pimCoveragePct: number | null; devengadoCoveragePct: number | null };
  rubro18Lines: { municipalityYears: number };
  canonTransfers: { municipalityYears: number };
  consultaAmigable: { municipalityYears: number };
  population: { municipalityYears: number };
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
  const pimCoveragePct = totalsPim > 0n ? sharePct(sumCents((y) => y.linesPimOfTotals), totalsPim) : null;
  const devengadoCoveragePct = totalsDevengado > 0n ? sharePct(sumCents((y) => y.linesDevengadoOfTotals), totalsDevengado) : null;
  const missing: string[] = [];
  const absent = (input: Input, count: (y: CoverageYear) => number, list: (y: CoverageYear) => string[]) => {
    for (const y of years) {
      const lacking = y.municipalities - count(y);
      if (lacking > 0) {
        const file = sentence(`coverage.file.${input}`, lang, { year: y.year });
        missing.push(sentence('coverage.absent', lang, { what: sentence(`coverage.what.${input}`, lang), who: who(list(y), lacking, y.municipalities, lang), year: y.year, file }));
      }
    }
  };
  if (expected === 0) missing.push(sentence('coverage.noMunicipalityYear', lang));
  if (inputs.includes('lines')) {
    absent('lines', (y) => y.withLines, (y) => y.withoutLines);
    // (with no lines at all, that was said already)
    const low = sum((y) => y.withLines) > 0 && [pimCoveragePct, devengadoCoveragePct].some((pct) => pct !== null && pct < COVERAGE_THRESHOLD_PCT);
    if (low) {
      const listed = years.map((y) => y.year).join(', ');
      missing.push(sentence('coverage.low', lang, { pim: pimCoveragePct ?? '–', devengado: devengadoCoveragePct ?? '–', threshold: COVERAGE_THRESHOLD_PCT, years: listed }));
    }
  }
  if (inputs.includes('rubro18')) {
    // where lines are missing altogether, that was said already
    absent('rubro18', (y) => y.withRubro18 + (y.municipalities - y.withLines), (y) => y.withoutRubro18);
  }
  if (inputs.includes('transfers')) absent('transfers', (y) => y.withTransfers, (y) => y.withoutTransfers);
  if (inputs.includes('totals')) absent('totals', (y) => y.withTotals, (y) => y.withoutTotals);
  if (inputs.includes('population')) absent('population', (y) => y.withPopulation, () => []);
  return {
    complete: missing.length === 0,
    thresholdPct: COVERAGE_THRESHOLD_PCT,
    municipalityYears: expected,
    budgetLines: { municipalityYears: sum((y) => y.withLines), pimCoveragePct, devengadoCoveragePct },
    rubro18Lines: { municipalityYears: sum((y) => y.withRubro18) },
    canonTransfers: { municipalityYears: sum((y) => y.withTransfers) },
    consultaAmigable: { municipalityYears: sum((y) => y.withTotals) },
    population: { municipalityYears: sum((y) => y.withPopulation) },
    missing,
  };
}
