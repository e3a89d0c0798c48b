import { divRoundHalfUp, executionRatePct, fromCents, sumToCents as cents } from '../common/decimal.js';
import { unionOf } from './analysis-query.js';
import type { CanonFiguresDto } from './dto/canon-analysis.dto.js';
import type { Coverage } from './coverage.js';
import { carryOverSeries, sharePct } from './formulas.js';
import type { Lang } from '../i18n/messages.js';
import { sentence } from '../i18n/sentences.js';
import { type CanonSource, type PlaceCanonSource, placeSource } from '../canon/canon-received.js';

/** One municipality-year of a canon selection: its transfers and its budget lines (either may be missing). */
export interface CanonYearRow {
  ubigeo: string;
  name: string;
  year: number;
  /** rubro-18 received (canonReceived: own transfers, else the department's entities file); null when neither was imported */
  amount: string | null;
  pim18: string | null;
  dev18: string | null;
  /** budget lines on rubro 18; null when the municipality-year has no lines at all */
  rubro18_lines: number | null;
  pim_all: string | null;
  transfer_import: number | null;
  transfer_source: CanonSource | null;
  /** The last month the transfers run to (12: the whole year); null without transfers. */
  through_month?: number | null;
  budget_import: number | null;
  population: number | null;
}

/**
 * What one year of the carry-over series says: what was spent of that year's transfers and what was left;
 * or, where the devengado exceeds them, by how much, and that it was earlier years' balance that paid for it
 * (how much was carried from the period's earlier years, and what must come from before the period), never
 * a bare share over 100 %. `before` is the balance carried into the year (0 for the period's first year,
 * null when unknown), `from` the first year of the series. Null when either side of the year is unknown.
 */
export function canonYearSentence(
  y: { year: number; transferred: bigint | null; devengado: bigint | null },
  before: bigint | null,
  from: number,
  lang: Lang,
): string | null {
  if (y.transferred === null || y.devengado === null) return null;
  const figures = { year: y.year, transferred: fromCents(y.transferred), devengado: fromCents(y.devengado) };
  if (y.devengado <= y.transferred) return sentence('canon.year.unspent', lang, { ...figures, unspent: fromCents(y.transferred - y.devengado) });
  const excess = y.devengado - y.transferred;
  const parts = [sentence('canon.year.overspent', lang, { ...figures, excess: fromCents(excess) })];
  if (before === null) return parts.join(' ');
  if (before > 0n)
    parts.push(sentence('canon.year.carried', lang, { years: from === y.year - 1 ? from : `${from}-${y.year - 1}`, balance: fromCents(before) }));
  if (before < excess) parts.push(sentence('canon.year.beforePeriod', lang, { amount: fromCents(excess - (before > 0n ? before : 0n)), from }));
  return parts.join(' ');
}

/**
 * One period of the unspent-canon analysis from its municipality-years: per municipality and in total,
 * transfers against rubro-18 PIM and devengado, and year by year with the carry-over. `municipalities`: every
 * ubigeo of the selection, so that canon received is stated, as GET /canon/places states it, only where every
 * one of them has it (a year: all of them that year; a municipality or the total: every year any has), never
 * a partial sum. `functional`: the rubro-18 figures come from budget lines by función (no PIA, no other
 * rubros: no canon share of all PIM).
 */
export function canonPeriod(
  yearRows: CanonYearRow[],
  municipalities: string[],
  lang: Lang,
  functional = false,
  coverageOf: (year: number) => Pick<Coverage, 'complete' | 'missing'> = () => ({ complete: true, missing: [] }),
) {
  // per municipality, summed over the years of the period: transfers over the years that have them,
  // rubro-18 PIM and devengado over the years with rubro-18 lines (nothing imported is unknown, not 0)
  type Sums = {
    ubigeo: string;
    name: string;
    transferred: bigint;
    pim: bigint;
    devengado: bigint;
    pimAll: bigint;
    personYears: bigint | null;
    transferYears: number[];
    rubro18Years: number[];
    yearsWithBudget: number;
  };
  const byMunicipality = new Map<string, Sums>();
  for (const r of yearRows) {
    const m: Sums = byMunicipality.get(r.ubigeo) ?? {
      ubigeo: r.ubigeo,
      name: r.name,
      transferred: 0n,
      pim: 0n,
      devengado: 0n,
      pimAll: 0n,
      personYears: 0n,
      transferYears: [],
      rubro18Years: [],
      yearsWithBudget: 0,
    };
    if (r.amount !== null) {
      m.transferred += cents(r.amount);
      m.transferYears.push(Number(r.year));
      // per-capita only where every year with transfers has a population
      m.personYears = m.personYears === null || r.population === null ? null : m.personYears + BigInt(r.population);
    }
    if (r.pim_all !== null) {
      m.yearsWithBudget++;
      m.pimAll += cents(r.pim_all);
    }
    if ((r.rubro18_lines ?? 0) > 0) {
      m.pim += cents(r.pim18);
      m.devengado += cents(r.dev18);
      m.rubro18Years.push(Number(r.year));
    }
    byMunicipality.set(r.ubigeo, m);
  }
  const parsed = [...byMunicipality.values()];
  // the years any municipality has canon for: a municipality (and so the total) has its figure only with all of them
  const canonYears = unionOf(parsed.map((r) => r.transferYears));
  const lacking = (r: Sums) => canonYears.filter((y) => !r.transferYears.includes(y));
  const complete = municipalities.every((u) => byMunicipality.has(u)) && parsed.every((r) => lacking(r).length === 0);
  const known = (r: Sums) => ({ transfers: r.transferYears.length > 0 && lacking(r).length === 0, rubro18: r.rubro18Years.length > 0 });
  // transfers and spending compared only over the same years
  const matched = (r: Sums) => known(r).transfers && r.transferYears.join() === r.rubro18Years.join();
  const totalTransferred = parsed.reduce((s, r) => s + r.transferred, 0n);
  /** `total`: the selection's figures, stated only when every municipality of it has its canon. */
  const figures = (r: Sums, all: Sums[], total = false): CanonFiguresDto => {
    const transfers = total ? complete && canonYears.length > 0 : known(r).transfers;
    const rubro18 = all.some((x) => known(x).rubro18);
    const comparable = all.length > 0 && all.every(matched) && (!total || complete);
    return {
      transferred: transfers ? fromCents(r.transferred) : null,
      pim: rubro18 ? fromCents(r.pim) : null,
      devengado: rubro18 ? fromCents(r.devengado) : null,
      unspentOfTransferred: comparable ? fromCents(r.transferred - r.devengado) : null,
      unspentOfPim: rubro18 ? fromCents(r.pim - r.devengado) : null,
      utilizationPct: comparable ? sharePct(r.devengado, r.transferred) : null,
      executionPct: rubro18 ? executionRatePct(r.devengado, r.pim) : null,
      sharePct: transfers && complete ? sharePct(r.transferred, totalTransferred) : null,
      transferredPerCapita: transfers && r.personYears && r.personYears > 0n ? fromCents(divRoundHalfUp(r.transferred, r.personYears)) : null,
      canonShareOfPimPct: rubro18 ? sharePct(r.pim, r.pimAll) : null,
      yearsWithTransfers: r.transferYears.length,
      yearsWithBudget: r.yearsWithBudget,
      yearsWithRubro18Lines: r.rubro18Years.length,
    };
  };
  const sum = (f: 'transferred' | 'pim' | 'devengado' | 'pimAll') => parsed.reduce((s, r) => s + r[f], 0n);
  const years = unionOf([yearRows.map((r) => Number(r.year))]);
  const ofYear = (year: number) => yearRows.filter((r) => Number(r.year) === year);
  // a year's rubro-18 spending: every municipality of the selection has rubro-18 lines that year, or it is unknown (a sum
  // of some of them set against all of their transfers would state as unspent what the others' missing lines spent)
  const spent = (r: CanonYearRow) => (r.rubro18_lines ?? 0) > 0;
  const yearSum = (year: number, take: (r: CanonYearRow) => string | null) => {
    const rows = ofYear(year).filter(spent);
    return rows.length === municipalities.length && municipalities.length > 0 ? rows.reduce((s, r) => s + cents(take(r)), 0n) : null;
  };
  // a year's canon: every municipality of the selection has it that year, or it is unknown
  const withCanon = (year: number) => ofYear(year).filter((r) => r.amount !== null);
  const yearCanon = (year: number) =>
    withCanon(year).length === municipalities.length && municipalities.length > 0 ? withCanon(year).reduce((s, r) => s + cents(r.amount), 0n) : null;
  const yearSource = (year: number): PlaceCanonSource | null => {
    const rows = withCanon(year);
    const from = (source: CanonSource) => rows.filter((r) => r.transfer_source === source).length;
    return placeSource(from('transfers'), from('entities'), yearCanon(year) !== null);
  };
  const series = carryOverSeries(
    years.map((year) => ({
      year,
      transferred: yearCanon(year),
      devengado: yearSum(year, (r) => r.dev18),
    })),
  );
  const nullable = (v: bigint | null) => (v === null ? null : fromCents(v));
  const leftOut: string[] = [];
  // none at all, or not every year any has: named, with the years it lacks
  const withoutTransfers = municipalities.flatMap((u) => {
    const r = byMunicipality.get(u);
    if (!r || r.transferYears.length === 0) return [u];
    const missing = lacking(r);
    return missing.length === 0 ? [] : [`${u} (${missing.join(', ')})`];
  });
  if (withoutTransfers.length) leftOut.push(sentence('canon.noTransfers', lang, { ubigeos: withoutTransfers.join(', ') }));
  const withoutRubro18 = parsed.filter((r) => !known(r).rubro18).map((r) => r.ubigeo);
  if (withoutRubro18.length) leftOut.push(sentence(functional ? 'canon.noFunctionRubro18' : 'canon.noRubro18', lang, { ubigeos: withoutRubro18.join(', ') }));
  if (functional) leftOut.push(sentence('canon.functionScope', lang));
  // (a year whose transfers stop before December is said by the coverage: canon.partialTransfers)
  const coverages = new Map(series.map((y) => [y.year, coverageOf(y.year)]));
  const stateYear = (year: number, words: string | null): string | null => {
    const coverage = coverages.get(year)!;
    return coverage.complete || words === null
      ? words
      : sentence('notStated', lang, { finding: sentence('finding.canonYear', lang, { year }), missing: coverage.missing.join(' ') });
  };
  return {
    rows: parsed.map((r) => ({ ubigeo: r.ubigeo, name: r.name, ...figures(r, [r]) })),
    totals: figures(
      {
        ubigeo: '',
        name: '',
        transferred: sum('transferred'),
        pim: sum('pim'),
        devengado: sum('devengado'),
        pimAll: sum('pimAll'),
        personYears: parsed.every((r) => r.personYears !== null) ? parsed.reduce((s, r) => s + (r.personYears ?? 0n), 0n) : null,
        transferYears: unionOf(parsed.map((r) => r.transferYears)),
        rubro18Years: unionOf(parsed.map((r) => r.rubro18Years)),
        yearsWithBudget: Math.max(0, ...parsed.map((r) => r.yearsWithBudget)),
      },
      parsed,
      true,
    ),
    byYear: series.map((y, i) => ({
      year: y.year,
      transferred: nullable(y.transferred),
      transferSource: yearSource(y.year),
      pim: nullable(yearSum(y.year, (r) => r.pim18)),
      devengado: nullable(y.devengado),
      unspent: nullable(y.unspent),
      carryOver: nullable(y.carryOver),
      // a year's finding only from that year's complete inputs (every municipality's transfers for the whole year, and its spending)
      // (the balance carried in is said only when every earlier year of the period is complete as well)
      sentence: stateYear(
        y.year,
        canonYearSentence(
          y,
          i === 0 ? 0n : series.slice(0, i).every((e) => coverages.get(e.year)!.complete) ? series[i - 1].carryOver : null,
          series[0].year,
          lang,
        ),
      ),
    })),
    trace: {
      importIds: unionOf([yearRows.flatMap((r) => [r.transfer_import, r.budget_import].filter((v) => v !== null).map(Number))]),
      years,
      leftOut,
    },
  };
}
