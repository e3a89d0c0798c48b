import { Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { type AnalysisQueryDto, resolvePeriods, type Selection, unionOf } from '../analytics/analysis-query.js';
import { AnalyticsService } from '../analytics/analytics.service.js';
import type { Coverage } from '../analytics/coverage.js';
import type { TopQueryDto } from '../analytics/dto/analyses.dto.js';
import { UrbanRuralRepository } from '../analytics/urban-rural.repository.js';
import { costGrowthPct, LOCATION_SHARE } from '../analytics/formulas.js';
import { executionRatePct, fromCents, sumToCents } from '../common/decimal.js';
import { ExcelJS } from '../common/exceljs.js';
import type { Lang } from '../i18n/messages.js';
import { columnHeader, columnValue, method, type ReportMethodKey, sheetTitle } from '../i18n/report-labels.js';
import { sentence, type SentenceKey, type SentenceParams } from '../i18n/sentences.js';
import { limaDate } from '../common/calendar-date.js';
import { WORK_FLAGS } from '../works/work-flags.js';
import { PeriodCutOffs, partialYearSentence } from './period-cut-offs.js';
import { flaggedWorksTable } from '../works/works.tables.js';
import { flagMeaning, WorksService } from '../works/works.service.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';
import type { PricesDto } from '../prices/prices.dto.js';
import { Prices } from '../prices/prices.service.js';
import { canonTables, dimensionsTables, planAlignmentTables, planningGapTables, publicPrivateTables, urbanRuralTables } from '../analytics/analysis-tables.js';
import type { Column, Table, Value } from '../common/table.js';

export const REPORT_TABLES = [
  'summary',
  'dimensions',
  'canon',
  'canon_by_year',
  'planning_gap',
  'top_pia',
  'cost_growth',
  'urban_rural',
  'urban_rural_municipalities',
  'rural_never_executed',
  'public_private',
  'plan_alignment',
  'projects',
  'works',
  'methodology',
] as const;

const amount = sumToCents;
/** Money cells: soles with thousands separators and two decimals ("S/ 1,234.50"). */
export const SOLES = '"S/" #,##0.00';

/**
 * The audit report: every analysis for one selection and its periods, as tables, with a summary of
 * findings in sentences, a projects table with flags, and the methodology (formulas, versions, imports).
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly repository: UrbanRuralRepository,
    private readonly works: WorksService,
    private readonly prices: Prices,
    private readonly cutOffs: PeriodCutOffs,
  ) {}

  /**
   * Every analysis in the soles `q.prices` asks for: with prices=constant each through the same basis as its
   * own endpoint over several years (each municipality-year converted before anything is added up), whatever
   * the span, so that every sheet's amounts are of one kind; refused as they are when a year read has no index.
   */
  private async analyses(q: TopQueryDto, lang: Lang) {
    return this.prices.eachYear(
      q,
      async (basis) => {
        const read = {
          dimensions: await this.analytics.dimensions(q, lang, basis),
          canon: await this.analytics.canon(q, lang, basis),
          planning: await this.analytics.planningGap(q, lang, basis),
          urbanRural: await this.analytics.urbanRural(q, lang, basis),
          publicPrivate: await this.analytics.publicPrivate(q, lang, basis),
          alignment: await this.analytics.planAlignment(q, lang, basis),
        };
        return { ...read, projects: await this.projectsTable(q, basis) };
      },
      // the projects sheet reads the project lines the urban/rural analysis reads: its years are among those
      (r) => unionOf([r.dimensions, r.canon, r.planning, r.urbanRural, r.publicPrivate, r.alignment].map((a) => a.inputs.years)),
    );
  }

  async tables(q: TopQueryDto, lang: Lang, generatedAt = new Date()): Promise<Table[]> {
    const { answer, prices } = await this.analyses(q, lang);
    const { dimensions, canon, planning, urbanRural, publicPrivate, alignment, projects } = answer;
    // the works as they stood on the report's snapshot date (today when none): not per period, a follow-up has no budget year
    const works = flaggedWorksTable(await this.works.works({ ...q, date: q.snapshot }, limaDate(generatedAt), lang));
    const summary: Value[][] = prices ? [['', pricesSentence(prices, lang)]] : [];
    // the years whose inputs were cut before they ended (today's figures only: as of a snapshot, the inputs are others)
    const years = dimensions.inputs.periods.flatMap((p) => (p.fromYear === null || p.toYear === null ? [] : yearsOf(p.fromYear, p.toYear)));
    const cut = q.snapshot ? [] : await this.cutOffs.read(dimensions.inputs.municipalities, [...new Set(years)]);
    for (const [i, period] of dimensions.inputs.periods.entries()) {
      const say = (finding: string) => summary.push([period.label, finding]);
      const words = (key: SentenceKey, params: SentenceParams = {}) => say(sentence(key, lang, params));
      for (const c of cut.filter((y) => period.fromYear !== null && period.toYear !== null && y.year >= period.fromYear && y.year <= period.toYear)) {
        const partial = partialYearSentence(c, lang);
        if (partial) say(partial);
      }
      // a finding is stated only when its inputs are complete; otherwise the summary says so, and what is missing, once
      const missing = new Set<string>();
      const stated = (coverage: Coverage, finding: SentenceKey, sentences: () => void) => {
        if (coverage.complete) return sentences();
        words('report.notStated', { finding: sentence(finding, lang) });
        for (const note of coverage.missing) missing.add(note);
      };
      const groups = urbanRural.periods[i].municipalityLevel.groups;
      stated(publicPrivate.periods[i].coverage, 'report.finding.budget', () => {
        const pim = groups.reduce((s, g) => s + amount(g.pim), 0n);
        const dev = groups.reduce((s, g) => s + amount(g.devengado), 0n);
        if (pim > 0n) words('report.budget', { pim: fromCents(pim), devengado: fromCents(dev), rate: oneDecimal(executionRatePct(dev, pim)) });
      });
      const d = dimensions.periods[i];
      stated(d.coverage, 'report.finding.dimensions', () => d.sentence && say(d.sentence));
      const c = canon.periods[i];
      stated(c.coverage, 'report.finding.canon', () => {
        if (amount(c.totals.transferred) <= 0n) return;
        const excess = amount(c.totals.devengado) - amount(c.totals.transferred);
        // more spent than transferred is earlier years' balance spent, never "used 104 % of the transfers"
        if (c.totals.unspentOfTransferred !== null && excess > 0n)
          words('report.canonOverspent', { transferred: String(c.totals.transferred), devengado: String(c.totals.devengado), excess: fromCents(excess) });
        else
          words('report.canon', {
            transferred: String(c.totals.transferred),
            devengado: String(c.totals.devengado),
            utilization: oneDecimal(c.totals.utilizationPct),
            unspent: String(c.totals.unspentOfTransferred),
          });
        const top = [...c.rows].sort((a, b) => (b.sharePct ?? 0) - (a.sharePct ?? 0))[0];
        if (top) words('report.canonTop', { name: top.name, pct: oneDecimal(top.sharePct) });
      });
      const p = planning.periods[i];
      stated(p.coverage, 'report.finding.planningGap', () => {
        if (p.withPim.projects > 0)
          words('report.planningGap', {
            inPia: inPiaSentence(p.inPia.inWords, lang),
            planned: p.inPia.projects,
            withPim: p.withPim.projects,
            added: p.added.projects,
          });
        if (p.topPia.projects.length > 0) {
          words('report.topPia', { count: p.topPia.projects.length, never: p.topPia.neverExecuted, under10: p.topPia.under10Pct });
        }
        if (p.costGrowth.doubled > 0) words('report.doubled', { count: p.costGrowth.doubled });
      });
      const ur = urbanRural.periods[i];
      stated(ur.coverage, 'report.finding.urbanRural', () => {
        const u = ur.projectLevel;
        const [urban, rural] = u.areas;
        if (u.skewIndex !== null) {
          words('report.urbanSkew', {
            urbanShare: oneDecimal(urban.devengadoSharePct),
            populationShare: oneDecimal(urban.populationSharePct),
            skew: u.skewIndex,
            rural: oneDecimal(rural.executionRatePct),
            urban: oneDecimal(urban.executionRatePct),
          });
        }
        if (rural.plannedNeverExecuted > 0) words('report.ruralNever', { count: rural.plannedNeverExecuted });
        const m = ur.municipalityLevel;
        if (m.skewIndex !== null) words('report.municipalitySkew', { skew: m.skewIndex });
      });
      const pp = publicPrivate.periods[i];
      if (pp.coverage.complete && pp.sentence) say(pp.sentence);
      const a = alignment.periods[i];
      if (a.municipalities.length > 0) {
        stated(a.coverage, 'report.finding.alignment', () => {
          for (const m of a.municipalities) words('report.alignment', { name: m.name, mismatches: m.mismatches.length, priorities: m.priorities.length });
        });
      }
      for (const note of missing) words('report.missing', { note });
    }
    const inputs = dimensions.inputs;
    const m = (key: ReportMethodKey, params?: Record<string, string | number>) => method(key, lang, params);
    const methodology: Value[][] = [
      [m('generatedAt'), generatedAt.toISOString()],
      [m('municipalities'), inputs.municipalities.join(' ')],
      [m('periods'), inputs.periods.map((p) => p.label).join(', ')],
      [m('snapshot'), inputs.snapshot ?? m('latest')],
      [m('importsRead'), unionOf([dimensions, canon, planning, urbanRural, publicPrivate, alignment].map((r) => r.inputs.importIds)).join(' ')],
      [m('classificationVersion'), inputs.classificationVersion],
      ...pricesMethodology(prices, lang),
      [m('executionRate'), m('executionRate.method')],
      [m('share'), m('share.method')],
      [m('eclac'), m('eclac.method')],
      [m('canonUtilization'), m('canonUtilization.method')],
      [m('canonExecution'), m('canonExecution.method')],
      [m('carryOver'), m('carryOver.method')],
      [m('planningGap'), m('planningGap.method')],
      [m('costGrowth'), m('costGrowth.method')],
      [m('projectArea'), m('projectArea.method', { share: LOCATION_SHARE * 100 })],
      [m('skewIndex'), m('skewIndex.method')],
      [m('publicPrivate'), m('publicPrivate.method')],
      [
        m('flaggedWorks'),
        m('flaggedWorks.method', {
          date: q.snapshot ?? limaDate(generatedAt),
          flags: WORK_FLAGS.map((f) => `${columnValue('flags', f, lang)} = ${flagMeaning(f, lang)}`).join('; '),
        }),
      ],
      ...unionOf([dimensions, canon, planning, urbanRural, publicPrivate, alignment].map((r) => r.inputs.leftOut)).map((note): Value[] => [m('leftOut'), note]),
    ];
    return [
      {
        name: 'summary',
        title: 'Summary',
        columns: [
          { header: 'period', kind: 'text' },
          { header: 'finding', kind: 'text' },
        ],
        rows: summary,
      },
      ...dimensionsTables(dimensions),
      ...canonTables(canon),
      ...planningGapTables(planning),
      ...urbanRuralTables(urbanRural),
      ...publicPrivateTables(publicPrivate),
      ...planAlignmentTables(alignment),
      projects,
      works,
      {
        name: 'methodology',
        title: 'Methodology',
        columns: [
          { header: 'item', kind: 'text' },
          { header: 'value', kind: 'text' },
        ],
        rows: methodology,
      },
    ];
  }

  /** Every project of each period with flags: not executed, cost growth, rural and never executed. */
  private async projectsTable(q: AnalysisQueryDto, prices: PriceBasis = NOMINAL): Promise<Table> {
    const rows: Value[][] = [];
    for (const period of resolvePeriods(q)) {
      const sel: Selection = {
        department: q.department,
        province: q.province,
        municipality: q.municipality,
        kind: q.kind,
        snapshot: q.snapshot,
        fromYear: period.fromYear,
        toYear: period.toYear,
        prices,
      };
      for (const p of await this.repository.projects(sel)) {
        const dev = amount(p.devengado);
        const planned = amount(p.pia) > 0n || amount(p.pim) > 0n;
        const growth = p.first_cost === null || p.latest_cost === null ? null : costGrowthPct(amount(p.first_cost), amount(p.latest_cost));
        const flags = [
          planned && dev <= 0n ? 'not executed' : null,
          growth !== null && growth > 0 ? 'cost growth' : null,
          p.area === 'rural' && amount(p.pia) > 0n && dev <= 0n ? 'rural never executed' : null,
        ].filter(Boolean);
        rows.push([
          period.label,
          p.cui,
          p.name,
          p.location,
          p.area,
          p.area_source,
          fromCents(amount(p.pia)),
          fromCents(amount(p.pim)),
          fromCents(dev),
          executionRatePct(dev, amount(p.pim)),
          p.first_cost === null ? null : fromCents(amount(p.first_cost)),
          p.latest_cost === null ? null : fromCents(amount(p.latest_cost)),
          growth,
          flags.join(', '),
        ]);
      }
    }
    return {
      name: 'projects',
      title: 'Projects',
      columns: [
        { header: 'period', kind: 'text' },
        { header: 'cui', kind: 'text' },
        { header: 'name', kind: 'text' },
        { header: 'location', kind: 'text' },
        { header: 'area', kind: 'text' },
        { header: 'area_source', kind: 'text' },
        { header: 'pia', kind: 'money' },
        { header: 'pim', kind: 'money' },
        { header: 'devengado', kind: 'money' },
        { header: 'execution_rate_pct', kind: 'pct' },
        { header: 'first_cost', kind: 'money' },
        { header: 'latest_cost', kind: 'money' },
        { header: 'cost_growth_pct', kind: 'pct' },
        { header: 'flags', kind: 'text' },
      ],
      rows,
    };
  }

  /**
   * Writes the tables as a workbook with exceljs's streaming writer, a sheet each, rows committed as
   * they go, its sheet titles and column headers in `lang` (report-labels.ts). Money is a number shown
   * in soles with two decimals; text is always a text cell, never a formula.
   */
  async writeWorkbook(tables: Table[], out: Writable, lang: Lang = 'en'): Promise<void> {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    workbook.creator = 'canon-tracker';
    for (const table of tables) {
      const sheet = workbook.addWorksheet(
        sheetTitle(table.name, lang, table.title)
          .replace(/[\\/?*[\]:]/g, ' ')
          .slice(0, 31),
      );
      sheet.columns = table.columns.map((c) => ({
        width: c.kind === 'text' ? (c.header === 'finding' || c.header === 'name' || c.header === 'value' ? 90 : 18) : 16,
        style: c.kind === 'money' ? { numFmt: SOLES } : c.kind === 'pct' ? { numFmt: '0.0' } : {},
      }));
      const header = sheet.addRow(table.columns.map((c) => columnHeader(c.header, lang)));
      header.font = { bold: true };
      header.commit();
      for (const row of table.rows) {
        sheet.addRow(row.map((v, i) => cell(v, table.columns[i], lang))).commit();
      }
      sheet.commit();
    }
    await workbook.commit();
  }
}

/** "One of every four projects with PIM was in the PIA", "None of the projects with PIM were …" (in Spanish "Uno de cada cuatro…", "Ninguno de…"). */
function inPiaSentence(words: string | null, lang: Lang): string {
  const text = words ?? sentence('oneInEvery.none', lang);
  if (text === sentence('oneInEvery.none', lang)) return sentence('report.inPia.none', lang);
  const capital = text[0].toUpperCase() + text.slice(1);
  const oneOf = sentence('oneInEvery.oneOf', lang, { n: '' });
  return sentence(text.startsWith(oneOf) ? 'report.inPia.oneOf' : 'report.inPia.other', lang, { words: capital });
}

/** The report's sheets whose amounts are estimates or accumulations of no one year: nominal whatever the soles asked for. */
/** The summary's first line in constant soles: the base year, the series and its source. */
function pricesSentence(prices: PricesDto, lang: Lang): string {
  return sentence('report.prices', lang, {
    base: prices.base,
    series: prices.series.code,
    source: prices.series.source,
    nominal: method('leftNominal.value', lang),
  });
}

/** The methodology's rows on the soles of the amounts: nominal, or the base year, index, factors and what stays nominal. */
function pricesMethodology(prices: PricesDto | null, lang: Lang): Value[][] {
  const m = (key: ReportMethodKey, params?: Record<string, string | number>) => method(key, lang, params);
  if (!prices) return [[m('prices'), m('prices.nominal')]];
  return [
    [m('prices'), m('prices.constant', { base: prices.base })],
    [m('baseYear'), prices.base],
    [m('priceIndex'), `${prices.series.code}: ${prices.series.name}`],
    [m('priceIndexSource'), m('priceIndexSource.value', { source: prices.series.source, imports: prices.series.importIds.join(' ') })],
    [m('priceFactors'), prices.years.map((y) => m('priceFactors.year', { year: y.year, average: y.average, factor: y.factor })).join('; ')],
    [m('priceRounding'), m(`priceRounding.${prices.sums}`)],
    [m('priceRatios'), m(`priceRatios.${prices.sums}`)],
    [m('leftNominal'), m('leftNominal.value')],
  ];
}

/** A value as an exceljs cell: money as a number, text as a string (exceljs never turns a string into a formula). */
function cell(v: Value, { kind, header }: Column, lang: Lang): string | number | boolean | null {
  if (v === null) return null;
  if (kind === 'money' && typeof v === 'string') return Number(v);
  if (typeof v === 'boolean') return v ? (lang === 'es' ? 'sí' : 'yes') : 'no';
  if (typeof v === 'string') return columnValue(header, v, lang);
  return v;
}

/** fromYear to toYear, both included. */
function yearsOf(fromYear: number, toYear: number): number[] {
  return Array.from({ length: Math.max(0, toYear - fromYear + 1) }, (_, k) => fromYear + k);
}

/** A percentage as the report writes it: one decimal always (86.0, as MEF's "Avance %"), '–' for none. */
function oneDecimal(pct: number | null | undefined): string {
  return pct === null || pct === undefined ? '–' : pct.toFixed(1);
}
