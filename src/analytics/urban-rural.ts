import { divRoundHalfUp, executionRatePct, fromCents, sumToCents, sumToSoles } from '../common/decimal.js';
import type { Lang } from '../i18n/messages.js';
import { sentence } from '../i18n/sentences.js';
import { type Selection, unionOf } from './analysis-query.js';
import { LOCATION_SHARE, sharePct, skewIndex } from './formulas.js';

/** The urban-rural analysis's two levels, from the repository's rows: figures, shares and the skew index. */

/** A project area's sums (UrbanRuralRepository.urbanRuralProjects; amounts as numeric text). */
export interface AreaRow {
  area: 'urban' | 'rural' | 'unknown';
  projects: number;
  pim: string;
  devengado: string;
  planned_never_executed: number;
  explicit: number;
  location: number;
  keyword: number;
}

/** A rural project planned (PIA) and never executed. */
export interface NeverExecutedRow {
  cui: string;
  name: string;
  location: string;
  area_source: string;
  pia: string;
  pim: string;
  devengado: string;
}

export interface ProjectAreas {
  areas: AreaRow[];
  meta: { import_ids: number[]; years: number[] };
  neverExecuted: NeverExecutedRow[];
}

/** Municipality-year totals of one group (UrbanRuralRepository.urbanRuralMunicipalities). */
export interface MunicipalityGroupRow {
  grp: 'mostly_rural' | 'mostly_urban' | 'unknown';
  municipalities: string[];
  years: number[];
  import_ids: number[];
  year_count: number;
  pim: string;
  devengado: string;
  /** null unless population_known */
  person_years: string;
  population_known: boolean;
}

/** The urban and rural population of a selection and the years of the splits read. */
export interface PopulationSplit {
  urban: string | null;
  rural: string | null;
  years: number[] | null;
}

const GROUPS = ['mostly_rural', 'mostly_urban', 'unknown'] as const;
const cents = sumToCents;
const money = sumToSoles;

/** Which years' urban/rural split was read, said in a method text: the period's last year's, else the nearest earlier (or later) one's. */
function splitNote(years: number[] | null, sel: Selection, lang: Lang): string {
  if (!years?.length) return sentence('split.none', lang);
  const asked = sel.toYear === undefined ? sentence('split.latest', lang) : sentence('split.year', lang, { year: sel.toYear });
  return sentence('split.of', lang, { years: years.join(', '), asked });
}

/** Per area: projects, amounts, shares against population, and the skew index; the rural projects never executed. */
export function projectLevel({ areas, meta, neverExecuted }: ProjectAreas, split: PopulationSplit, sel: Selection, lang: Lang) {
  const people = { urban: split.urban === null ? null : BigInt(split.urban), rural: split.rural === null ? null : BigInt(split.rural) };
  const allPeople = people.urban !== null && people.rural !== null ? people.urban + people.rural : null;
  const of = (area: string) => areas.find((a) => a.area === area);
  const totalPim = areas.reduce((s: bigint, a) => s + cents(a.pim), 0n);
  const totalDev = areas.reduce((s: bigint, a) => s + cents(a.devengado), 0n);
  const rows = (['urban', 'rural', 'unknown'] as const).map((area) => {
    const a = of(area);
    const pim = cents(a?.pim);
    const devengado = cents(a?.devengado);
    const population = area === 'unknown' ? null : people[area];
    return {
      area,
      projects: a?.projects ?? 0,
      pim: fromCents(pim),
      devengado: fromCents(devengado),
      pimSharePct: sharePct(pim, totalPim),
      devengadoSharePct: sharePct(devengado, totalDev),
      executionRatePct: executionRatePct(devengado, pim),
      plannedNeverExecuted: a?.planned_never_executed ?? 0,
      populationSharePct: population === null || allPeople === null ? null : sharePct(population, allPeople),
      bySource: { explicit: a?.explicit ?? 0, location: a?.location ?? 0, keyword: a?.keyword ?? 0 },
    };
  });
  const urbanDev = cents(of('urban')?.devengado);
  const knownDev = urbanDev + cents(of('rural')?.devengado);
  const leftOut: string[] = [];
  if (rows[2].projects > 0) leftOut.push(sentence('urbanRural.unknownArea', lang, { projects: rows[2].projects, pim: rows[2].pim }));
  if (allPeople === null) leftOut.push(sentence('urbanRural.noPopulation', lang));
  return {
    result: {
      areas: rows,
      skewIndex: allPeople && knownDev > 0n ? skewIndex(sharePct(urbanDev, knownDev), sharePct(people.urban!, allPeople)) : null,
      ruralPlannedNeverExecuted: neverExecuted.map((p) => ({
        cui: p.cui,
        name: p.name,
        location: p.location,
        areaSource: p.area_source,
        pia: money(p.pia),
        pim: money(p.pim),
        devengado: money(p.devengado),
      })),
      method: sentence('urbanRural.projectMethod', lang, { pct: LOCATION_SHARE * 100, split: splitNote(split.years, sel, lang) }),
    },
    importIds: meta.import_ids,
    years: meta.years.map(Number),
    leftOut,
  };
}

/** Mostly-rural against mostly-urban municipalities, per inhabitant. */
export function municipalityLevel(rows: MunicipalityGroupRow[], split: PopulationSplit, sel: Selection, lang: Lang) {
  const byGroup = new Map(rows.map((r) => [r.grp, r]));
  const known = (r: MunicipalityGroupRow | undefined) => (r?.population_known ? BigInt(r.person_years) : 0n);
  const people = GROUPS.reduce((s, g) => s + known(byGroup.get(g)), 0n);
  const spent = rows.reduce((s, r) => s + cents(r.devengado), 0n);
  const groups = GROUPS.map((group) => {
    const r = byGroup.get(group);
    const pim = cents(r?.pim);
    const devengado = cents(r?.devengado);
    const personYears = r?.population_known ? BigInt(r.person_years) : null;
    return {
      group,
      municipalities: r?.municipalities ?? [],
      population: personYears === null ? null : Number(divRoundHalfUp(personYears, BigInt(r!.year_count))),
      populationSharePct: personYears === null ? null : sharePct(personYears, people),
      pim: fromCents(pim),
      devengado: fromCents(devengado),
      devengadoSharePct: sharePct(devengado, spent),
      executionRatePct: executionRatePct(devengado, pim),
      pimPerCapita: personYears && personYears > 0n ? fromCents(divRoundHalfUp(pim, personYears)) : null,
      devengadoPerCapita: personYears && personYears > 0n ? fromCents(divRoundHalfUp(devengado, personYears)) : null,
    };
  });
  return {
    result: {
      groups,
      skewIndex: skewIndex(groups[1].devengadoSharePct, groups[1].populationSharePct),
      method: sentence('urbanRural.municipalityMethod', lang, { split: splitNote(split.years, sel, lang) }),
    },
    importIds: rows.flatMap((r) => r.import_ids),
    years: unionOf(rows.map((r) => r.years.map(Number))),
  };
}
