import { HttpStatus } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DomainError } from '../common/domain-error.js';
import { DateParam, GeographyFilterDto, yearSpan } from '../common/query-params.js';
import { YearRangeDto } from '../execution/dto/execution.dto.js';
import { LangParam } from '../i18n/lang-param.js';
import type { Lang } from '../i18n/messages.js';
import { PricesQueryDto } from '../prices/prices.dto.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';

/** What every analysis takes: a set of municipalities, one or several periods, a snapshot date, and nominal or constant soles. */
export class AnalysisQueryDto extends IntersectionType(GeographyFilterDto, YearRangeDto, PricesQueryDto) {
  @ApiPropertyOptional({
    example: '2007-2008,2011-2012',
    description: 'Several periods side by side, each a year or a range of years, comma-separated (at most 10). Not with year/fromYear/toYear.',
  })
  @IsOptional()
  @Matches(/^\d{4}(-\d{4})?(,\d{4}(-\d{4})?){0,9}$/, { message: 'periods must be years or year ranges separated by commas, such as 2007-2008,2011-2012' })
  periods?: string;

  @DateParam({
    example: '2025-02-13',
    description:
      'Read the data as it was on this date: for each municipality-year, the latest import whose snapshot is on or before it. The latest snapshot when omitted.',
  })
  snapshot?: string;

  /** The language of the sentences and notes (read by languageOf, with Accept-Language): a link to a CSV or report cannot send a header. */
  @LangParam()
  lang?: Lang;
}

export class PeriodDto {
  @ApiProperty({ example: '2007-2008', description: 'The period as asked; "all years" when no year was given.' })
  label: string;

  @ApiProperty({ example: 2007, nullable: true, type: Number })
  fromYear: number | null;

  @ApiProperty({ example: 2008, nullable: true, type: Number })
  toYear: number | null;
}

/** The inputs every analysis states, so a figure can be traced back and reproduced. */
export class AnalysisInputsDto {
  @ApiProperty({ example: ['080801', '080802'], type: [String], description: 'The municipalities of the selection (whether they have data or not).' })
  municipalities: string[];

  @ApiProperty({ type: [PeriodDto] })
  periods: PeriodDto[];

  @ApiProperty({ example: [2022], type: [Number], description: 'The years for which data was found.' })
  years: number[];

  @ApiProperty({ example: null, nullable: true, type: String, description: 'The snapshot date asked for; null means the latest.' })
  snapshot: string | null;

  @ApiProperty({ example: [3, 7], type: [Number], description: 'Every import whose rows were read.' })
  importIds: number[];

  @ApiProperty({ example: 1, nullable: true, type: Number, description: 'The ECLAC classification version used, where the analysis classifies.' })
  classificationVersion: number | null;

  @ApiProperty({
    example: ['líneas de presupuesto (datos abiertos del MEF o la plantilla)'],
    type: [String],
    description: 'The datasets read, in the caller’s language.',
  })
  sources: string[];

  @ApiProperty({
    example: ['60.00 del PIM está sin clasificar, 20.00 de ello sin ninguna regla.'],
    type: [String],
    description:
      'What was left unclassified, unknown or missing, in words. In the caller’s language (Accept-Language or lang: Spanish by default, English with en); figures as in the answer.',
  })
  leftOut: string[];
}

export class BudgetLinesCoverageDto {
  @ApiProperty({ example: 16, description: 'Municipality-years of the selection and period with budget lines.' })
  municipalityYears: number;

  @ApiProperty({
    example: 99.8,
    nullable: true,
    type: Number,
    description: 'Their PIM as a share of the PIM Consulta Amigable reports for the same municipality-years; null without totals to compare.',
  })
  pimCoveragePct: number | null;

  @ApiProperty({ example: 99.9, nullable: true, type: Number, description: 'The same for the devengado.' })
  devengadoCoveragePct: number | null;
}

export class CountCoverageDto {
  @ApiProperty({ example: 16, description: 'Municipality-years of the selection and period that have this input.' })
  municipalityYears: number;
}

export class PartialTransfersYearDto {
  @ApiProperty({ example: 2026 })
  year: number;

  @ApiProperty({ example: 9, description: 'The last month (1-12) the year’s transfers run through (the earliest among its municipalities).' })
  throughMonth: number;
}

export class CanonTransfersCountDto extends CountCoverageDto {
  @ApiProperty({
    type: [PartialTransfersYearDto],
    description: 'Years whose transfers run only to a month before December (a cut-off such as corte setiembre): their canon figures are partial.',
  })
  partialYears: PartialTransfersYearDto[];
}

export class FunctionLinesCoverageDto {
  @ApiProperty({
    example: 8,
    description: 'Municipality-years of the selection and period with budget lines by función (layout budget-by-function), of any rubro.',
  })
  municipalityYears: number;

  @ApiProperty({ example: 8, description: 'Of those, the ones with lines of rubro 18 (canon).' })
  rubro18MunicipalityYears: number;

  @ApiProperty({ example: ['18'], type: [String], description: 'The rubros those lines cover.' })
  rubros: string[];

  @ApiProperty({
    example: null,
    nullable: true,
    type: Number,
    description:
      'Their rubro-18 PIM as a share of the rubro-18 PIM of the budget lines of the same municipality-years (never of all PIM: they cover rubro 18 only); null where no budget lines give one to compare.',
  })
  rubro18PimCoveragePct: number | null;
}

export class SpendingScopeDto {
  @ApiProperty({
    enum: ['budget_lines', 'function_lines'],
    example: 'function_lines',
    description:
      'budget_lines: MEF open data or the template (every rubro, down to the project). function_lines: budget lines by función, read where the period has no budget lines.',
  })
  source: 'budget_lines' | 'function_lines';

  @ApiProperty({
    enum: ['line', 'function'],
    example: 'function',
    description: 'The finest classifier of the figures: the line (project or activity, división, grupo) or the función alone.',
  })
  level: 'line' | 'function';

  @ApiProperty({ example: ['18'], nullable: true, type: [String], description: 'The rubros the figures cover; null for every rubro.' })
  rubros: string[] | null;

  @ApiProperty({ example: false, description: 'Whether the lines carry the PIA.' })
  pia: boolean;
}

/** How complete the inputs of one period of an analysis are; findings are stated as sentences only when complete. */
export class CoverageDto {
  @ApiProperty({
    example: true,
    description:
      'Whether every input this analysis reads is complete enough for its findings: otherwise its figures are partial and its sentences say what is missing.',
  })
  complete: boolean;

  @ApiProperty({ example: 95, description: 'Share of the Consulta Amigable PIM and devengado the budget lines must reach (COVERAGE_THRESHOLD_PCT).' })
  thresholdPct: number;

  @ApiProperty({ example: 16, description: 'Municipality-years of the selection and period (municipalities × years).' })
  municipalityYears: number;

  @ApiProperty({ type: BudgetLinesCoverageDto })
  budgetLines: BudgetLinesCoverageDto;

  @ApiProperty({ type: CountCoverageDto, description: 'Municipality-years with budget lines on rubro 18 (canon).' })
  rubro18Lines: CountCoverageDto;

  @ApiProperty({ type: CanonTransfersCountDto, description: 'Municipality-years with canon transfers, and the years whose transfers stop before December.' })
  canonTransfers: CanonTransfersCountDto;

  @ApiProperty({ type: CountCoverageDto, description: 'Municipality-years with Consulta Amigable totals.' })
  consultaAmigable: CountCoverageDto;

  @ApiProperty({ type: CountCoverageDto, description: 'Municipality-years with a population (same or nearest year).' })
  population: CountCoverageDto;

  @ApiProperty({
    type: FunctionLinesCoverageDto,
    description: 'Municipality-years with budget lines by función, their rubros, and their rubro-18 PIM against the budget lines’.',
  })
  functionLines: FunctionLinesCoverageDto;

  @ApiProperty({
    type: SpendingScopeDto,
    nullable: true,
    description: 'What the spending figures of this period were read from, and so what they cannot hold; null for an analysis that reads no lines.',
  })
  spending: SpendingScopeDto | null;

  @ApiProperty({
    example: ['No se importaron líneas de presupuesto del rubro 18 (canon) de 080801 en 2022: importe el archivo de gasto del MEF de ese año.'],
    type: [String],
    description:
      'What is missing for this analysis, in words, with the file that would supply it. In the caller’s language (Accept-Language or lang: Spanish by default, English with en); figures as in the answer.',
  })
  missing: string[];
}

export interface Period {
  label: string;
  fromYear?: number;
  toYear?: number;
}

/** year, fromYear/toYear or periods= as a list of periods; one period of every year when none is given. */
export function resolvePeriods(q: AnalysisQueryDto): Period[] {
  if (q.periods === undefined) {
    const span = yearSpan(q);
    const label =
      span.fromYear === undefined && span.toYear === undefined
        ? 'all years'
        : span.fromYear === span.toYear
          ? String(span.fromYear)
          : `${span.fromYear ?? '…'}-${span.toYear ?? '…'}`;
    return [{ label, ...span }];
  }
  if (q.year !== undefined || q.fromYear !== undefined || q.toYear !== undefined) {
    throw new DomainError(HttpStatus.BAD_REQUEST, 'INVALID_REQUEST', 'Give either periods or year/fromYear/toYear, not both.');
  }
  return q.periods.split(',').map((label) => {
    const [from, to = from] = label.split('-').map(Number);
    if (from > to) throw new DomainError(HttpStatus.BAD_REQUEST, 'INVALID_REQUEST', `The period ${label} ends before it starts.`);
    if (from < 1999 || to > 2100) throw new DomainError(HttpStatus.BAD_REQUEST, 'INVALID_REQUEST', `The period ${label} is outside 1999-2100.`);
    return { label, fromYear: from, toYear: to };
  });
}

export const periodDto = (p: Period): PeriodDto => ({ label: p.label, fromYear: p.fromYear ?? null, toYear: p.toYear ?? null });

type Dataset = 'budget' | 'budget_function' | 'canon' | 'private' | 'execution';
const TABLES: Record<Dataset, string> = {
  budget: 'budget_line',
  budget_function: 'budget_function_line',
  canon: 'canon_transfer',
  private: 'private_contribution',
  execution: 'execution_snapshot',
};

/**
 * SQL for the rows a query reads from a dataset: for each municipality-year, the rows of the import with
 * the latest snapshot (on or before `snapshot` when given), as a whole. Pushes the date onto `params`.
 * `within`, a subquery of ubigeos, limits the rows to those municipalities. The latest snapshot is read
 * from the tables the imports keep (execution_current, scope_current: migration 1763793200000); an earlier
 * one is looked up among every snapshot on or before it.
 */
export function asOf(dataset: Dataset, snapshot: string | undefined, params: unknown[], within?: string): string {
  const table = TABLES[dataset];
  const only = (column: string) => (within === undefined ? '' : ` AND ${column} IN (${within})`);
  if (snapshot === undefined) {
    if (dataset === 'execution') return within === undefined ? 'execution_current' : `(SELECT * FROM execution_current WHERE true${only('ubigeo')})`;
    return `(SELECT t.* FROM ${table} t
             JOIN scope_current s ON s.dataset = '${dataset}' AND s.ubigeo = t.ubigeo AND s.year = t.year AND s.import_id = t.import_id${only('s.ubigeo')})`;
  }
  params.push(snapshot);
  const cutoff = `AND snapshot_date <= $${params.length}::date${only('ubigeo')}`;
  if (dataset === 'execution') {
    return `(SELECT DISTINCT ON (ubigeo, year) * FROM execution_snapshot WHERE true ${cutoff}
             ORDER BY ubigeo, year, snapshot_date DESC, import_id DESC)`;
  }
  return `(SELECT t.* FROM ${table} t
           JOIN (SELECT DISTINCT ON (ubigeo, year) ubigeo, year, import_id FROM import_scope
                 WHERE dataset = '${dataset}' ${cutoff} ORDER BY ubigeo, year, snapshot_date DESC, import_id DESC) s
             ON s.ubigeo = t.ubigeo AND s.year = t.year AND s.import_id = t.import_id)`;
}

/**
 * The budget of a selection at a rollup's grain: for the latest snapshot, the rollups of the current
 * lines (`rollup_budget` per función, división, grupo, rubro and fuente; `rollup_project` per line);
 * for an earlier snapshot, the lines as they stood then, each counting as one line. Both have the
 * lines' column names, so one query reads either.
 */
export function budgetRows(grain: 'budget' | 'project', snapshot: string | undefined, params: unknown[]): string {
  if (snapshot === undefined) return grain === 'budget' ? 'rollup_budget' : 'rollup_project';
  return `(SELECT l.*, 1 AS lines FROM ${asOf('budget', snapshot, params)} l)`;
}

/**
 * The budget per municipality-year, función, división and grupo (the codes the ECLAC rules look up): for
 * the latest snapshot rollup_budget_classifier, else budgetRows' lines. Both have the columns the rules need.
 */
export function classifierRows(snapshot: string | undefined, params: unknown[]): string {
  return snapshot === undefined ? 'rollup_budget_classifier' : budgetRows('budget', snapshot, params);
}

/**
 * The projects (activity kind 2) per CUI, year and municipality with their import, name, name's area, PIA,
 * PIM and devengado: for the latest snapshot each municipality-year's current import's rows of
 * rollup_project_import (read through rollup_budget_year's current import), else the lines as they stood.
 * Columns named as the lines': product_code, year, ubigeo, import_id, product_name, name_area, pia, pim, devengado.
 */
export function projectYears(snapshot: string | undefined, params: unknown[]): string {
  if (snapshot === undefined) {
    return `(SELECT r.product_code, r.year, r.ubigeo, r.import_id, r.product_name, r.name_area, r.pia, r.pim, r.devengado
             FROM rollup_budget_year y JOIN rollup_project_import r ON r.year = y.year AND r.ubigeo = y.ubigeo AND r.import_id = y.import_id)`;
  }
  return `(SELECT l.product_code, l.year, l.ubigeo, l.import_id, max(l.product_name) AS product_name, max(l.name_area) AS name_area,
                  sum(l.pia) AS pia, sum(l.pim) AS pim, sum(l.devengado) AS devengado
           FROM ${asOf('budget', snapshot, params)} l WHERE l.activity_kind = 2 GROUP BY l.product_code, l.year, l.ubigeo, l.import_id)`;
}

/** The budget lines of each municipality-year: current import, line counts and totals (all, rubro 18), as rollup_budget_year has them. */
export function budgetYears(snapshot: string | undefined, params: unknown[]): string {
  if (snapshot === undefined) return 'rollup_budget_year';
  const rubro18 = `l.rubro_code = '18'`;
  return `(SELECT l.year, l.ubigeo, max(l.import_id) AS import_id, count(*)::int AS lines, sum(l.pia) AS pia, sum(l.pim) AS pim, sum(l.devengado) AS devengado,
                  count(*) FILTER (WHERE ${rubro18})::int AS rubro18_lines, coalesce(sum(l.pim) FILTER (WHERE ${rubro18}), 0) AS rubro18_pim,
                  coalesce(sum(l.devengado) FILTER (WHERE ${rubro18}), 0) AS rubro18_devengado, count(*) FILTER (WHERE l.activity_kind = 2)::int AS project_lines
           FROM ${asOf('budget', snapshot, params)} l GROUP BY l.year, l.ubigeo)`;
}

/** A municipality set, a span of years and a snapshot: what one period of an analysis reads; and how its amounts are added up. */
export interface Selection extends GeographyFilterDto {
  fromYear?: number;
  toYear?: number;
  snapshot?: string;
  /** Nominal when absent; in constant soles, each row's amounts converted with its own year's factor before they are added up. */
  prices?: PriceBasis;
}

/** The selection's price basis: NOMINAL unless it says otherwise. */
export const pricesOf = (sel: Selection): PriceBasis => sel.prices ?? NOMINAL;

/** Sorted distinct union of the arrays. */
export function unionOf<T extends number | string>(lists: T[][]): T[] {
  return [...new Set(lists.flat())].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
