import { Injectable } from '@nestjs/common';
import { toCsv } from '../common/csv.js';
import { sumToCents } from '../common/decimal.js';
import { yearSpan } from '../common/query-params.js';
import { COVERAGE_THRESHOLD_PCT } from './coverage.js';
import type { CoverageCsvQueryDto, CoverageRowDto, CoverageTableDto, CoverageTableQueryDto } from './dto/coverage-table.dto.js';
import { type CoverageTableRow, CoverageTableRepository } from './coverage-table.repository.js';
import { sharePct } from './formulas.js';

/** lines ÷ totals × 100, one decimal; null without totals to compare or when they are not positive. */
const covered = (lines: string | null, totals: string | null): number | null =>
  lines === null || totals === null ? null : sharePct(sumToCents(lines), sumToCents(totals));

function rowDto(r: CoverageTableRow): CoverageRowDto {
  return {
    ubigeo: r.ubigeo,
    name: r.name,
    year: r.year,
    population: r.population,
    populationYear: r.populationYear,
    consultaAmigable: r.totalsCutOff === null ? null : { pim: r.totalsPim as string, devengado: r.totalsDevengado as string, cutOff: r.totalsCutOff },
    budgetLines:
      r.linesCutOff === null
        ? null
        : {
            lines: r.lines as number,
            pim: r.linesPim as string,
            devengado: r.linesDevengado as string,
            pimCoveragePct: covered(r.linesPim, r.totalsPim),
            devengadoCoveragePct: covered(r.linesDevengado, r.totalsDevengado),
            rubro18Lines: r.rubro18Lines as number,
            projectLines: r.projectLines as number,
            cutOff: r.linesCutOff,
          },
    functionLines: r.functionLinesCutOff === null ? null : { cutOff: r.functionLinesCutOff },
    canonTransfers:
      r.transfersCutOff === null || r.transfersSource === null ? null : { transferred: r.transferred, cutOff: r.transfersCutOff, source: r.transfersSource },
  };
}

/** The CSV's columns: one per figure, a dataset's cells empty where it holds nothing. */
const CSV_COLUMNS: [string, (r: CoverageRowDto) => string | number | null][] = [
  ['ubigeo', (r) => r.ubigeo],
  ['name', (r) => r.name],
  ['year', (r) => r.year],
  ['population', (r) => r.population],
  ['population_year', (r) => r.populationYear],
  ['consulta_amigable_pim', (r) => r.consultaAmigable?.pim ?? null],
  ['consulta_amigable_devengado', (r) => r.consultaAmigable?.devengado ?? null],
  ['consulta_amigable_cut_off', (r) => r.consultaAmigable?.cutOff ?? null],
  ['budget_lines', (r) => r.budgetLines?.lines ?? null],
  ['budget_lines_pim', (r) => r.budgetLines?.pim ?? null],
  ['budget_lines_devengado', (r) => r.budgetLines?.devengado ?? null],
  ['pim_coverage_pct', (r) => r.budgetLines?.pimCoveragePct ?? null],
  ['devengado_coverage_pct', (r) => r.budgetLines?.devengadoCoveragePct ?? null],
  ['rubro18_lines', (r) => r.budgetLines?.rubro18Lines ?? null],
  ['project_lines', (r) => r.budgetLines?.projectLines ?? null],
  ['budget_lines_cut_off', (r) => r.budgetLines?.cutOff ?? null],
  ['function_lines_cut_off', (r) => r.functionLines?.cutOff ?? null],
  ['canon_transferred', (r) => r.canonTransfers?.transferred ?? null],
  ['canon_transfers_cut_off', (r) => r.canonTransfers?.cutOff ?? null],
  ['canon_transfers_source', (r) => r.canonTransfers?.source ?? null],
];

export const COVERAGE_CSV_HEADER = CSV_COLUMNS.map(([header]) => header);

@Injectable()
export class CoverageTableService {
  constructor(private readonly repository: CoverageTableRepository) {}

  /** A page of the selection's municipality-years with what each dataset holds, and each dataset's cut-off dates. */
  async table(q: CoverageTableQueryDto): Promise<CoverageTableDto> {
    const span = yearSpan(q);
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const [{ rows, total }, sources] = await Promise.all([this.repository.rows(q, span, { limit, offset }), this.repository.sources(q, span)]);
    return { total, limit, offset, thresholdPct: COVERAGE_THRESHOLD_PCT, sources, items: rows.map(rowDto) };
  }

  /** Every municipality-year of the selection as CSV. */
  async csv(q: CoverageCsvQueryDto): Promise<string> {
    const { rows } = await this.repository.rows(q, yearSpan(q));
    return toCsv(
      COVERAGE_CSV_HEADER,
      rows.map(rowDto).map((r) => CSV_COLUMNS.map(([, cell]) => cell(r))),
    );
  }
}
