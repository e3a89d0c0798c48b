import { ApiProperty } from '@nestjs/swagger';
import { DateParam, GeographyFilterDto } from '../../common/query-params.js';
import { LangParam } from '../../i18n/lang-param.js';
import type { Lang } from '../../i18n/messages.js';
import { COST_GROWTH_FLAG_PCT, GAP_FLAG_POINTS, STALE_FOLLOW_UP_MONTHS, WORK_FLAGS, type WorkFlag } from '../work-flags.js';

export const LOCATED_BY = ['registry', 'budget', 'entity', 'unknown'] as const;
export const FOLLOW_UP_SOURCES = ['f12b', 'detail'] as const;
type FollowUpSource = (typeof FOLLOW_UP_SOURCES)[number];

export class WorksQueryDto extends GeographyFilterDto {
  @DateParam({
    example: '2026-04-07',
    description: 'Read each work as its latest follow-up on or before this day, and judge its flags on this day. Today (Lima) when omitted.',
  })
  date?: string;

  @LangParam()
  lang?: Lang;
}

export class WorkDisagreementDto {
  @ApiProperty({
    example: 'updatedCost',
    enum: ['updatedCost', 'viableAmount', 'plannedStart', 'plannedEnd', 'lastFollowUp', 'physicalProgressPct'],
    description: 'The figure the two SSI files give differently.',
  })
  field: string;

  @ApiProperty({ example: '9117941.15', nullable: true, type: String, description: 'As the Formato 12-B follow-up gives it (null: empty there).' })
  f12b: string | null;

  @ApiProperty({
    example: '9036252.15',
    nullable: true,
    type: String,
    description: 'As the SSI investment detail gives it (null: empty there, or physical progress −1, not reported).',
  })
  detail: string | null;
}

export class WorkDto {
  @ApiProperty({ example: '2458392' })
  cui: string;

  @ApiProperty({ example: 'MEJORAMIENTO DEL SERVICIO DE AGUA POTABLE ...', nullable: true, type: String })
  name: string | null;

  @ApiProperty({
    example: ['230202'],
    type: [String],
    description: 'The municipalities the work is in: its registry districts, else those whose budget lines have it, else its owning entity’s.',
  })
  municipalities: string[];

  @ApiProperty({
    enum: LOCATED_BY,
    example: 'entity',
    description: 'Where `municipalities` came from; unknown: nowhere (listed only without a geography filter).',
  })
  locatedBy: (typeof LOCATED_BY)[number];

  @ApiProperty({ example: 'MUNICIPALIDAD DISTRITAL DE CAIRANI', nullable: true, type: String, description: 'The owning entity (SSI detail).' })
  entity: string | null;

  @ApiProperty({
    example: '440211.31',
    nullable: true,
    type: String,
    description: 'Updated cost: the SSI detail’s (the figure devengado is read against), else the 12-B’s.',
  })
  updatedCost: string | null;

  @ApiProperty({ example: '430603.30', nullable: true, type: String, description: 'Accumulated devengado (SSI detail, DEV_ACUMULADO); null without a detail.' })
  devengado: string | null;

  @ApiProperty({
    example: 97.8,
    nullable: true,
    type: Number,
    description: 'Financial progress: devengado ÷ updated cost × 100, one decimal, from the SSI detail; else the 12-B’s reported figure.',
  })
  financialProgressPct: number | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'devengado',
    description: 'Where financialProgressPct came from: devengado (the detail’s, over its updated cost) or f12b.',
  })
  financialProgressSource: 'devengado' | 'f12b' | null;

  @ApiProperty({ example: 0, nullable: true, type: Number, description: 'Financial progress as the 12-B reports it (PORC_AVANCE_EJEC), as written.' })
  reportedFinancialProgressPct: number | null;

  @ApiProperty({
    example: 0,
    nullable: true,
    type: Number,
    description: 'Physical progress as reported: the 12-B’s (the authority), else the detail’s; null when not reported.',
  })
  physicalProgressPct: number | null;

  @ApiProperty({ nullable: true, type: String, example: 'f12b', description: 'Where physicalProgressPct came from: f12b or detail.' })
  physicalProgressSource: FollowUpSource | null;

  @ApiProperty({ example: 97.8, nullable: true, type: Number, description: 'financialProgressPct − physicalProgressPct, in points.' })
  gapPoints: number | null;

  @ApiProperty({ example: false, nullable: true, type: Boolean, description: 'Stalled (IND_PARALIZADA) in the 12-B; null without one.' })
  stalled: boolean | null;

  @ApiProperty({ example: '2025-01-22', nullable: true, type: String, description: 'Planned start of execution: the 12-B’s, else the detail’s.' })
  plannedStart: string | null;

  @ApiProperty({ example: '2025-04-21', nullable: true, type: String, description: 'Planned end of execution: the 12-B’s, else the detail’s.' })
  plannedEnd: string | null;

  @ApiProperty({
    example: '2026-01-08',
    nullable: true,
    type: String,
    description: 'Day of the last Formato 12-B update (Lima): the 12-B’s, else as the detail gives it.',
  })
  lastFollowUp: string | null;

  @ApiProperty({ example: 'ADMINISTRACIÓN INDIRECTA - POR CONTRATA', nullable: true, type: String })
  modality: string | null;

  @ApiProperty({
    example: '[08/01/2026] EL PROYECTO CULMINO AL 100% FISICAMENTE ...',
    nullable: true,
    type: String,
    description: 'Last situation in words (12-B).',
  })
  lastSituation: string | null;

  @ApiProperty({ example: '[08/01/2026] NINGUNO', nullable: true, type: String, description: 'Last problem in words (12-B).' })
  lastProblem: string | null;

  @ApiProperty({ example: '212325.82', nullable: true, type: String, description: 'Viable amount the cost growth is measured from.' })
  viableAmount: string | null;

  @ApiProperty({ example: 107.3, nullable: true, type: Number, description: '(updated cost − viable amount) ÷ viable amount × 100, one decimal.' })
  costGrowthPct: number | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'registry',
    description:
      'registry, detail or f12b: whose viable amount and updated cost costGrowthPct compares: the Invierte.pe registry’s latest snapshot on or before the date when there is one, else the SSI detail’s, else the 12-B’s.',
  })
  costSource: 'registry' | FollowUpSource | null;

  @ApiProperty({ enum: WORK_FLAGS, isArray: true, example: ['paid_not_built', 'overdue'] })
  flags: WorkFlag[];

  @ApiProperty({ type: [WorkDisagreementDto], description: 'Figures the 12-B and the detail give differently for this CUI: both kept, each with its source.' })
  disagreements: WorkDisagreementDto[];
}

export class WorkFlagCountDto {
  @ApiProperty({ enum: WORK_FLAGS, example: 'paid_not_built' })
  flag: WorkFlag;

  @ApiProperty({ example: 'financial progress ahead of reported physical progress by more than 20 points' })
  meaning: string;

  @ApiProperty({ example: 12, description: 'Works of the selection with this flag.' })
  works: number;

  @ApiProperty({ example: '3500000.00', description: 'Their accumulated devengado, summed (works without a detail count as 0).' })
  devengado: string;
}

export class WorksCoverageDto {
  @ApiProperty({ example: 40, description: 'Projects of the selection: CUIs in its current budget lines or with a registry district in it.' })
  projects: number;

  @ApiProperty({ example: 12, description: 'Of those, how many have any follow-up on or before the date.' })
  withFollowUp: number;

  @ApiProperty({ example: 30, nullable: true, type: Number, description: 'withFollowUp ÷ projects × 100, one decimal; null without projects.' })
  sharePct: number | null;

  @ApiProperty({
    example: 35,
    description:
      'Works with a follow-up that are placed nowhere (no registry record, budget line or single-municipality owner), in the whole tracker: they may belong to the selection.',
  })
  unplacedWorks: number;
}

export class WorksThresholdsDto {
  @ApiProperty({ example: GAP_FLAG_POINTS, description: 'paid_not_built: financial ahead of physical progress by more than this many points.' })
  gapPoints: number;

  @ApiProperty({ example: STALE_FOLLOW_UP_MONTHS, description: 'no_recent_follow_up: no 12-B update for more than this many months.' })
  staleMonths: number;

  @ApiProperty({ example: COST_GROWTH_FLAG_PCT, description: 'cost_overrun: updated cost above the viable amount by more than this share.' })
  costGrowthPct: number;
}

export class WorksResponseDto {
  @ApiProperty({ example: '2026-04-07', description: 'The day the works are read and judged on.' })
  date: string;

  @ApiProperty({ example: 'Of 3 works with a follow-up on or before 2026-04-07, 2 carry a flag: ...', description: 'The findings in one paragraph.' })
  summary: string;

  @ApiProperty({ type: WorksThresholdsDto })
  thresholds: WorksThresholdsDto;

  @ApiProperty({ type: [WorkFlagCountDto], description: 'Each flag with its count and soles, in a fixed order.' })
  flags: WorkFlagCountDto[];

  @ApiProperty({ type: WorksCoverageDto })
  coverage: WorksCoverageDto;

  @ApiProperty({ example: [3, 4], type: [Number], description: 'Every import whose rows were read (SSI files and registry snapshots).' })
  importIds: number[];

  @ApiProperty({ type: [WorkDto], description: 'The works of the selection, most flags first, then largest devengado, then CUI.' })
  works: WorkDto[];
}
