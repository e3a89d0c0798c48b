import type { Table } from '../common/table.js';
import type { WorksResponseDto } from './dto/works.dto.js';

/** The audit report's sheet of works: those with at least one flag, as the works analysis lists them. */
export function flaggedWorksTable(result: WorksResponseDto): Table {
  return {
    name: 'works',
    title: 'Flagged works',
    columns: [
      { header: 'cui', kind: 'text' },
      { header: 'name', kind: 'text' },
      { header: 'municipalities', kind: 'text' },
      { header: 'located_by', kind: 'text' },
      { header: 'updated_cost', kind: 'money' },
      { header: 'devengado', kind: 'money' },
      { header: 'financial_progress_pct', kind: 'pct' },
      { header: 'physical_progress_pct', kind: 'pct' },
      { header: 'gap_points', kind: 'pct' },
      { header: 'planned_end', kind: 'text' },
      { header: 'last_follow_up', kind: 'text' },
      { header: 'cost_growth_pct', kind: 'pct' },
      { header: 'flags', kind: 'text' },
    ],
    rows: result.works
      .filter((w) => w.flags.length > 0)
      .map((w) => [
        w.cui,
        w.name,
        w.municipalities.join(' '),
        w.locatedBy,
        w.updatedCost,
        w.devengado,
        w.financialProgressPct,
        w.physicalProgressPct,
        w.gapPoints,
        w.plannedEnd,
        w.lastFollowUp,
        w.costGrowthPct,
        w.flags.join(', '),
      ]),
  };
}
