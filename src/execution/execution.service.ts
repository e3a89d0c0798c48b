import { HttpStatus, Injectable } from '@nestjs/common';
import { executionRatePct, fromCents, sumToCents, toCents } from '../common/decimal.js';
import { DomainError } from '../common/domain-error.js';
import { yearSpan } from '../common/query-params.js';
import { GeographyRepository } from '../geography/geography.repository.js';
import { onePlace } from '../geography/places.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';
import type {
  ControlTotalsQueryDto,
  ControlTotalsResponseDto,
  ExecutionQueryDto,
  ExecutionResponseDto,
  HistoryQueryDto,
  HistoryResponseDto,
  RankingQueryDto,
  RankingResponseDto,
  SnapshotDto,
} from './dto/execution.dto.js';
import { MonthlyQueryDto, MonthlyResponseDto } from './dto/monthly.dto.js';
import { ExecutionRepository, isDetailOnly, type Level } from './execution.repository.js';
import { toFigures } from './figures.js';
import { DEFAULT_LANG, type Lang } from '../i18n/messages.js';
import { sentence } from '../i18n/sentences.js';
import { HistoryRepository, type SnapshotRow } from './history.repository.js';

const POPULATION_NOTE = 'Population: MINAM 2019-2023 by district; other years use the nearest year available.';
const SNAPSHOT_AMOUNTS = ['pia', 'pim', 'certificacion', 'compromisoAnual', 'atencionCompromisoMensual', 'devengado', 'girado'] as const;

@Injectable()
export class ExecutionService {
  constructor(
    private readonly execution: ExecutionRepository,
    private readonly geography: GeographyRepository,
    private readonly snapshots: HistoryRepository,
  ) {}

  /** `prices`: how the rows' amounts are added up (each year in constant soles, for a range in constant soles). */
  async query(q: ExecutionQueryDto, prices: PriceBasis = NOMINAL, lang: Lang = DEFAULT_LANG): Promise<ExecutionResponseDto> {
    const { rows, totals, meta } = await this.read(q, prices, false, lang);
    return { rows: rows.map((r) => ({ key: r.key, name: r.name, ...toFigures(r, meta.level) })), totals, meta };
  }

  /**
   * query() in nominal soles as the JSON text of its answer, the same bytes JSON.stringify writes for it,
   * with the page's rows written by PostgreSQL (a page of 2,000 rows parsed, mapped and stringified here
   * held the event loop for 30 ms).
   */
  async queryJson(q: ExecutionQueryDto, lang: Lang = DEFAULT_LANG): Promise<string> {
    const { rowsJson, totals, meta } = await this.read(q, NOMINAL, true, lang);
    // (a rate of 10^15 or more, which PostgreSQL would write otherwise: as objects)
    if (rowsJson == null) return JSON.stringify(await this.query(q, NOMINAL, lang));
    return `{"rows":${rowsJson},"totals":${JSON.stringify(totals)},"meta":${JSON.stringify(meta)}}`;
  }

  private async read(q: ExecutionQueryDto, prices: PriceBasis, asJson: boolean, lang: Lang) {
    const { fromYear, toYear } = yearSpan(q);
    const groupBy = q.groupBy ?? 'municipality';
    const needsLines = isDetailOnly(groupBy) || q.function !== undefined || q.rubro !== undefined || q.project !== undefined;
    const level: Level = q.level ?? (needsLines ? 'detail' : 'municipality');
    if (level === 'municipality' && needsLines) {
      throw new DomainError(
        HttpStatus.BAD_REQUEST,
        'DETAIL_LEVEL_REQUIRED',
        'Grouping or filtering by función, división, grupo, rubro, fuente or project needs budget lines: use level=detail.',
      );
    }
    const result = await this.execution.grouped(
      { ...q, fromYear, toYear },
      level,
      groupBy,
      q.sort ?? 'key',
      q.order ?? 'asc',
      q.limit ?? 2000,
      q.offset ?? 0,
      prices,
      asJson,
    );
    // nothing imported for the selection: no totals (sums of nothing are not zero spending), and what would supply them
    const none = result.totalRows === 0;
    return {
      rows: result.rows,
      rowsJson: result.rowsJson,
      totals: none ? null : toFigures(result.totals, level),
      meta: {
        groupBy,
        level,
        years: result.years,
        importIds: result.importIds,
        snapshotDates: result.snapshotDates,
        populationNote: POPULATION_NOTE,
        totalRows: result.totalRows,
        missing: none ? nothingImported(level, fromYear, toYear, lang) : null,
      },
    };
  }

  async ranking(q: RankingQueryDto): Promise<RankingResponseDto> {
    const by = q.by ?? 'executionRatePct';
    const { rows, total } = await this.execution.ranking(q, q.year, by, q.order ?? 'desc', q.limit ?? 100, q.offset ?? 0);
    return {
      year: q.year,
      by,
      total,
      rows: rows.map((r) => ({ rank: r.rank, key: r.key, name: r.name, provinceCode: r.province_code, kind: r.kind, ...toFigures(r) })),
    };
  }

  async controlTotals(q: ControlTotalsQueryDto): Promise<ControlTotalsResponseDto> {
    const { fromYear, toYear } = yearSpan(q);
    const rows = (await this.execution.controlTotals({ ...q, fromYear, toYear })).map((r) => {
      const summary = { pia: r.summary_pia, pim: r.summary_pim, devengado: r.summary_devengado };
      const lines = { pia: r.lines_pia, pim: r.lines_pim, devengado: r.lines_devengado };
      const difference = {
        pia: fromCents(toCents(lines.pia) - toCents(summary.pia)),
        pim: fromCents(toCents(lines.pim) - toCents(summary.pim)),
        devengado: fromCents(toCents(lines.devengado) - toCents(summary.devengado)),
      };
      return {
        ubigeo: r.ubigeo,
        name: r.name,
        year: r.year,
        summary,
        lines,
        difference,
        lineCount: r.lines,
        matches: Object.values(difference).every((d) => d === '0.00'),
      };
    });
    return { compared: rows.length, matching: rows.filter((r) => r.matches).length, rows };
  }

  /** A place's snapshots, year by year, each with what changed since the cut-off before it. */
  async history(q: HistoryQueryDto): Promise<HistoryResponseDto> {
    const { level, code } = onePlace(q);
    const place =
      level === 'municipality' ? await this.geography.findOne(code).then((m) => m && { name: m.name, municipalities: 1 }) : await this.snapshots.place(code);
    if (!place) throw level === 'municipality' ? DomainError.of('MUNICIPALITY_NOT_FOUND', { ubigeo: code }) : DomainError.of('PLACE_NOT_FOUND', { code });
    const rows = level === 'municipality' ? await this.snapshots.history(code, q.year) : await this.snapshots.placeHistory(code, q.year);
    const snapshots: SnapshotDto[] = [];
    let previous: SnapshotDto | undefined;
    for (const r of rows) {
      const snapshot: SnapshotDto = {
        snapshotDate: r.snapshot_date,
        importId: r.import_id,
        fileName: r.file_name,
        year: r.year,
        pia: r.pia,
        pim: r.pim,
        certificacion: r.certificacion,
        compromisoAnual: r.compromiso_anual,
        atencionCompromisoMensual: r.atencion_compromiso_mensual,
        devengado: r.devengado,
        girado: r.girado,
        executionRatePct: r.execution_rate_pct === null ? null : Number(r.execution_rate_pct),
        current: r.current,
        municipalities: r.municipalities,
        changes: previous && previous.year === r.year ? differences(previous, r) : {},
      };
      snapshots.push(snapshot);
      previous = snapshot;
    }
    return { level, code, ...(level === 'municipality' ? { municipality: code } : {}), ...place, snapshots };
  }

  /** The year month by month, from the budget lines of monthly sources. */
  async monthly(q: MonthlyQueryDto): Promise<MonthlyResponseDto> {
    const { months, meta } = await this.execution.monthly(q);
    const annualPim = sumToCents(meta.annual_pim);
    const cents = sumToCents;
    let cumulative = 0n;
    return {
      year: q.year,
      months: months.map((m) => {
        cumulative += cents(m.devengado);
        const pim = m.has_pim && m.pim !== null ? cents(m.pim) : null;
        return {
          month: m.month,
          pim: pim === null ? null : fromCents(pim),
          devengado: fromCents(cents(m.devengado)),
          cumulativeDevengado: fromCents(cumulative),
          cumulativeRatePct: executionRatePct(cumulative, pim ?? annualPim),
        };
      }),
      annualPim: fromCents(annualPim),
      linesWithMonths: meta.with_months,
      linesWithoutMonths: meta.without_months,
      importIds: meta.import_ids,
    };
  }
}

function differences(before: SnapshotDto, after: SnapshotRow): Record<string, string> {
  const changes: Record<string, string> = {};
  const column = (f: (typeof SNAPSHOT_AMOUNTS)[number]) => f.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) as keyof SnapshotRow;
  for (const field of SNAPSHOT_AMOUNTS) {
    const delta = toCents(String(after[column(field)])) - toCents(before[field]);
    if (delta !== 0n) changes[field] = fromCents(delta);
  }
  return changes;
}

/** Why a selection has no figures at `level`, and which file would supply them. */
function nothingImported(level: Level, fromYear: number | undefined, toYear: number | undefined, lang: Lang): string {
  const input = level === 'detail' ? 'lines' : 'totals';
  const years = fromYear === undefined && toYear === undefined ? '' : fromYear === toYear ? ` (${fromYear})` : ` (${fromYear ?? '…'}-${toYear ?? '…'})`;
  return sentence('coverage.noneSelected', lang, {
    what: sentence(`coverage.what.${input}`, lang),
    years,
    file: sentence(`coverage.file.${input}`, lang, { year: fromYear !== undefined && fromYear === toYear ? fromYear : lang === 'es' ? 'AAAA' : 'YYYY' }),
  });
}
