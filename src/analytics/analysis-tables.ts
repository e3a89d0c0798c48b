import type { PlanAlignmentResponseDto, PlanningGapResponseDto, PublicPrivateResponseDto } from './dto/analyses.dto.js';
import type { CanonAnalysisResponseDto } from './dto/canon-analysis.dto.js';
import type { DimensionsResponseDto } from './dto/dimensions.dto.js';
import type { UrbanRuralResponseDto } from './dto/urban-rural.dto.js';
import type { Column, ColumnKind, Table, Value } from '../common/table.js';

const col = (header: string, kind: ColumnKind = 'text'): Column => ({ header, kind });
const money = (header: string) => col(header, 'money');
const pct = (header: string) => col(header, 'pct');
const int = (header: string) => col(header, 'int');

export function dimensionsTables(r: DimensionsResponseDto): Table[] {
  return [
    {
      name: 'dimensions',
      title: 'ECLAC dimensions',
      columns: [col('period'), col('dimension'), money('pim'), money('devengado'), pct('share_of_pim_pct'), pct('execution_rate_pct')],
      rows: r.periods.flatMap((p) => [
        ...p.rows.map((d) => [p.period.label, d.label, d.pim, d.devengado, d.sharePct, d.executionRatePct]),
        [p.period.label, 'total', p.totalPim, null, p.totalPim === null || p.totalPim === '0.00' ? null : 100, null],
      ]),
    },
  ];
}

export function canonTables(r: CanonAnalysisResponseDto): Table[] {
  const figures = [
    money('transferred'),
    money('pim_rubro18'),
    money('devengado_rubro18'),
    money('unspent_of_transferred'),
    money('unspent_of_pim'),
    pct('utilization_pct'),
    pct('execution_pct'),
    pct('share_of_transfers_pct'),
    money('transferred_per_capita'),
    pct('canon_share_of_pim_pct'),
  ];
  const values = (f: CanonAnalysisResponseDto['periods'][number]['totals']) => [
    f.transferred,
    f.pim,
    f.devengado,
    f.unspentOfTransferred,
    f.unspentOfPim,
    f.utilizationPct,
    f.executionPct,
    f.sharePct,
    f.transferredPerCapita,
    f.canonShareOfPimPct,
  ];
  return [
    {
      name: 'canon',
      title: 'Unspent canon',
      columns: [col('period'), col('ubigeo'), col('municipality'), ...figures],
      rows: r.periods.flatMap((p) => [
        ...p.rows.map((m) => [p.period.label, m.ubigeo, m.name, ...values(m)]),
        [p.period.label, null, 'total', ...values(p.totals)],
      ]),
    },
    {
      name: 'canon_by_year',
      title: 'Canon by year and carry-over',
      columns: [col('period'), int('year'), money('transferred'), money('pim_rubro18'), money('devengado_rubro18'), money('unspent'), money('carry_over')],
      rows: r.periods.flatMap((p) => p.byYear.map((y) => [p.period.label, y.year, y.transferred, y.pim, y.devengado, y.unspent, y.carryOver])),
    },
  ];
}

/**
 * A period's row as a table shows it: with no budget lines for the period, its counts and amounts of project
 * lines are unknown, left empty rather than 0 (cells from `from` on; the labels before it stay).
 */
function unknownWithoutLines(row: Value[], coverage: { budgetLines: { municipalityYears: number } }, from: number): Value[] {
  return coverage.budgetLines.municipalityYears > 0 ? row : row.map((v, i) => (i < from ? v : null));
}

export function planningGapTables(r: PlanningGapResponseDto): Table[] {
  return [
    {
      name: 'planning_gap',
      title: 'Planning gap PIA → PIM',
      columns: [col('period'), col('measure'), int('projects'), money('amount'), pct('share_of_projects_pct'), pct('share_of_amount_pct'), col('in_words')],
      rows: r.periods.flatMap((p) =>
        [
          [p.period.label, 'projects with PIM (amount: PIM)', p.withPim.projects, p.withPim.amount, null, null, null],
          [
            p.period.label,
            'of those, in the PIA (amount: PIM)',
            p.inPia.projects,
            p.inPia.amount,
            p.inPia.projectsSharePct,
            p.inPia.amountSharePct,
            p.inPia.inWords,
          ],
          [p.period.label, 'added during the year (amount: PIM)', p.added.projects, p.added.amount, null, null, null],
          [p.period.label, 'in the PIA (amount: PIA)', p.withPia.projects, p.withPia.amount, null, null, null],
          [p.period.label, 'in the PIA, dropped from the PIM (amount: PIA)', p.dropped.projects, p.dropped.amount, null, null, null],
        ].map((row) => unknownWithoutLines(row, p.coverage, 2)),
      ),
    },
    {
      name: 'top_pia',
      title: 'Largest PIA projects',
      columns: [col('period'), col('cui'), int('year'), col('name'), money('pia'), money('pim'), money('devengado'), pct('execution_rate_pct')],
      rows: r.periods.flatMap((p) => p.topPia.projects.map((t) => [p.period.label, t.cui, t.year, t.name, t.pia, t.pim, t.devengado, t.executionRatePct])),
    },
    {
      name: 'cost_growth',
      title: 'Cost growth',
      columns: [col('period'), col('cui'), col('name'), money('first_cost'), money('latest_cost'), pct('growth_pct'), int('snapshots')],
      rows: r.periods.flatMap((p) => p.costGrowth.projects.map((c) => [p.period.label, c.cui, c.name, c.firstCost, c.latestCost, c.growthPct, c.snapshots])),
    },
  ];
}

export function urbanRuralTables(r: UrbanRuralResponseDto): Table[] {
  return [
    {
      name: 'urban_rural',
      title: 'Urban-rural projects',
      columns: [
        col('period'),
        col('area'),
        int('projects'),
        money('pim'),
        money('devengado'),
        pct('share_of_pim_pct'),
        pct('share_of_devengado_pct'),
        pct('execution_rate_pct'),
        int('planned_never_executed'),
        pct('share_of_population_pct'),
        col('skew_index', 'ratio'),
      ],
      rows: r.periods.flatMap((p) =>
        p.projectLevel.areas.map((a) =>
          unknownWithoutLines(
            [
              p.period.label,
              a.area,
              a.projects,
              a.pim,
              a.devengado,
              a.pimSharePct,
              a.devengadoSharePct,
              a.executionRatePct,
              a.plannedNeverExecuted,
              a.populationSharePct,
              a.area === 'urban' ? p.projectLevel.skewIndex : null,
            ],
            p.coverage,
            2,
          ),
        ),
      ),
    },
    {
      name: 'urban_rural_municipalities',
      title: 'Urban-rural municipalities',
      columns: [
        col('period'),
        col('group'),
        col('municipalities'),
        int('population'),
        pct('share_of_population_pct'),
        money('pim'),
        money('devengado'),
        pct('share_of_devengado_pct'),
        pct('execution_rate_pct'),
        money('pim_per_capita'),
        money('devengado_per_capita'),
      ],
      rows: r.periods.flatMap((p) =>
        p.municipalityLevel.groups.map((g) => [
          p.period.label,
          g.group,
          g.municipalities.join(' '),
          g.population,
          g.populationSharePct,
          g.pim,
          g.devengado,
          g.devengadoSharePct,
          g.executionRatePct,
          g.pimPerCapita,
          g.devengadoPerCapita,
        ]),
      ),
    },
    {
      name: 'rural_never_executed',
      title: 'Rural planned never executed',
      columns: [col('period'), col('cui'), col('name'), col('location'), col('area_source'), money('pia'), money('pim'), money('devengado')],
      rows: r.periods.flatMap((p) =>
        p.projectLevel.ruralPlannedNeverExecuted.map((x) => [p.period.label, x.cui, x.name, x.location, x.areaSource, x.pia, x.pim, x.devengado]),
      ),
    },
  ];
}

export function publicPrivateTables(r: PublicPrivateResponseDto): Table[] {
  return [
    {
      name: 'public_private',
      title: 'Public vs private',
      columns: [col('period'), col('breakdown'), col('key'), col('label'), money('amount'), pct('share_pct'), col('ratio_public_to_private', 'ratio')],
      rows: r.periods.flatMap((p) => [
        [p.period.label, 'total', 'public', 'public devengado', p.publicDevengado, null, p.ratio],
        [p.period.label, 'total', 'private', 'private contributions', p.privateAmount, null, null],
        ...(['bySector', 'byDistrict', 'byFunder'] as const).flatMap((k) =>
          p[k].map((x) => [p.period.label, k.replace('by', '').toLowerCase(), x.key, x.label, x.amount, x.sharePct, null]),
        ),
      ]),
    },
  ];
}

export function planAlignmentTables(r: PlanAlignmentResponseDto): Table[] {
  return [
    {
      name: 'plan_alignment',
      title: 'Plan alignment',
      columns: [
        col('period'),
        col('ubigeo'),
        col('municipality'),
        int('plan_rank'),
        col('level'),
        col('code'),
        col('label'),
        int('budget_rank'),
        money('pim'),
        pct('share_of_pim_pct'),
        col('aligned'),
      ],
      rows: r.periods.flatMap((p) =>
        p.municipalities.flatMap((m) =>
          m.priorities.map((x) => [p.period.label, m.ubigeo, m.name, x.rank, x.level, x.code, x.label, x.budgetRank, x.pim, x.sharePct, x.aligned]),
        ),
      ),
    },
  ];
}
