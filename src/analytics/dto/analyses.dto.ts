import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsIn, IsObject, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { IdParam, IntIn } from '../../common/query-params.js';
import { AnalysisInputsDto, AnalysisQueryDto, CoverageDto, PeriodDto } from '../analysis-query.js';
import { DIMENSIONS } from '../classification.entity.js';
import { PricesDto, PricesProperty } from '../../prices/prices.dto.js';
import { WrittenText } from '../../common/written-text.js';

export class TopQueryDto extends AnalysisQueryDto {
  @ApiPropertyOptional({ example: 10, minimum: 1, maximum: 100, default: 10, description: 'How many projects the lists hold.' })
  @IsOptional()
  @IntIn(1, 100)
  top?: number;
}

// ---- planning gap

export class PlanningGapQueryDto extends TopQueryDto {}

export class CountAmountDto {
  @ApiProperty({ example: 12 })
  projects: number;

  @ApiProperty({ example: '35000000.00' })
  amount: string;
}

export class InPiaDto extends CountAmountDto {
  @ApiProperty({ example: 25, nullable: true, type: Number, description: 'Share of the projects with PIM that were in the PIA.' })
  projectsSharePct: number | null;

  @ApiProperty({ example: 40.2, nullable: true, type: Number, description: 'Share of the PIM of projects that went to projects in the PIA.' })
  amountSharePct: number | null;

  @ApiProperty({
    example: 'uno de cada cuatro',
    nullable: true,
    type: String,
    description:
      'The study’s words: "one of every four projects in the PIM was in the PIA" ("uno de cada cuatro"); null when the period’s coverage is not complete (its `missing` says why). In the caller’s language (Accept-Language or lang: Spanish by default, English with en); figures as in the answer.',
  })
  inWords: string | null;
}

/** What the study says of a large PIA project: never executed, or executed under 10 %. */
export const TOP_PIA_FLAGS = ['never_executed', 'under_10_pct'] as const;
export type TopPiaFlag = (typeof TOP_PIA_FLAGS)[number];

export class TopPiaProjectDto {
  @ApiProperty({ example: '2194012' })
  cui: string;

  @ApiProperty({ example: 2022 })
  year: number;

  @ApiProperty({ example: 'CONSTRUCCION DEL ESTADIO MUNICIPAL ...' })
  name: string;

  @ApiProperty({ example: '5000000.00' })
  pia: string;

  @ApiProperty({ example: '5200000.00' })
  pim: string;

  @ApiProperty({ example: '0.00' })
  devengado: string;

  @ApiProperty({ example: 0, nullable: true, type: Number, description: 'devengado ÷ PIM.' })
  executionRatePct: number | null;

  @ApiProperty({
    enum: TOP_PIA_FLAGS,
    isArray: true,
    example: ['never_executed'],
    description:
      'never_executed: no devengado; under_10_pct: some, but under 10 % of its PIM (or of its PIA without PIM). neverExecuted and under10Pct count them.',
  })
  flags: TopPiaFlag[];
}

export class TopPiaDto {
  @ApiProperty({ type: [TopPiaProjectDto], description: 'The projects with the largest PIA, largest first.' })
  projects: TopPiaProjectDto[];

  @ApiProperty({ example: 7, description: 'Of those, how many have no devengado.' })
  neverExecuted: number;

  @ApiProperty({ example: 3, description: 'Of those, how many executed something but under 10 % of their PIM (or of their PIA without PIM).' })
  under10Pct: number;
}

export class CostGrowthProjectDto {
  @ApiProperty({ example: '2194012' })
  cui: string;

  @ApiProperty({ example: 'CONSTRUCCION DEL ESTADIO MUNICIPAL', nullable: true, type: String })
  name: string | null;

  @ApiProperty({ example: '10000000.00', description: 'The first snapshot’s viable amount (else its updated cost).' })
  firstCost: string;

  @ApiProperty({ example: '20000000.00', description: 'The latest snapshot’s updated cost (else its viable amount).' })
  latestCost: string;

  @ApiProperty({ example: 100, nullable: true, type: Number })
  growthPct: number | null;

  @ApiProperty({ example: 2, description: 'Registry snapshots of the project.' })
  snapshots: number;
}

export class CostGrowthDto {
  @ApiProperty({ example: 40, description: 'Projects of the selection with a cost in the registry (Invierte.pe).' })
  projectsWithCost: number;

  @ApiProperty({ example: 12 })
  grew: number;

  @ApiProperty({ example: 2, description: 'Projects whose cost at least doubled.' })
  doubled: number;

  @ApiProperty({ example: '100000000.00' })
  firstTotal: string;

  @ApiProperty({ example: '130000000.00' })
  latestTotal: string;

  @ApiProperty({ example: 30, nullable: true, type: Number })
  growthPct: number | null;

  @ApiProperty({ type: [CostGrowthProjectDto], description: 'Largest growth first.' })
  projects: CostGrowthProjectDto[];
}

export class PlanningGapPeriodDto {
  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ type: CoverageDto })
  coverage: CoverageDto;

  @ApiProperty({ type: CountAmountDto, description: 'Project-years with PIM > 0 (a project budgeted in two years counts twice); amount is their PIM.' })
  withPim: CountAmountDto;

  @ApiProperty({ type: InPiaDto, description: 'Of those, the ones that were in the PIA (PIA > 0); amount is their PIM.' })
  inPia: InPiaDto;

  @ApiProperty({ type: CountAmountDto, description: 'Added during the year: PIM > 0 without PIA; amount is their PIM.' })
  added: CountAmountDto;

  @ApiProperty({ type: CountAmountDto, description: 'In the PIA but dropped: PIA > 0 and PIM 0; amount is their PIA.' })
  dropped: CountAmountDto;

  @ApiProperty({ type: CountAmountDto, description: 'Every project-year with PIA > 0; amount is the PIA.' })
  withPia: CountAmountDto;

  @ApiProperty({ type: TopPiaDto })
  topPia: TopPiaDto;

  @ApiProperty({ type: CostGrowthDto })
  costGrowth: CostGrowthDto;
}

export class PlanningGapResponseDto {
  @ApiProperty({ type: AnalysisInputsDto })
  inputs: AnalysisInputsDto;

  @ApiProperty({ type: [PlanningGapPeriodDto] })
  periods: PlanningGapPeriodDto[];

  @PricesProperty()
  prices?: PricesDto;
}

// ---- public vs private

export class AmountShareDto {
  @ApiProperty({ example: 'Educación' })
  key: string;

  @ApiProperty({ example: 'Educación', description: 'A label (the municipality name for districts).' })
  label: string;

  @ApiProperty({ example: '12000000.00' })
  amount: string;

  @ApiProperty({ example: 25.5, nullable: true, type: Number })
  sharePct: number | null;
}

export class PublicPrivatePeriodDto {
  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ type: CoverageDto })
  coverage: CoverageDto;

  @ApiProperty({
    example: '450000000.00',
    nullable: true,
    type: String,
    description: 'Devengado of the municipalities (Consulta Amigable totals); null when none were imported for the selection and period.',
  })
  publicDevengado: string | null;

  @ApiProperty({
    example: '170000000.00',
    nullable: true,
    type: String,
    description: 'Private contributions; null when none were imported for the selection and period (leftOut says so), not 0.',
  })
  privateAmount: string | null;

  @ApiProperty({ example: 2.6, nullable: true, type: Number, description: 'public ÷ private.' })
  ratio: number | null;

  @ApiProperty({
    example: 'El gasto público (devengado) fue 2.6 veces los aportes privados.',
    nullable: true,
    type: String,
    description:
      'The finding, when coverage.complete.' +
      ' In the caller’s language (Accept-Language or lang: Spanish by default, English with en); figures as in the answer.',
  })
  sentence: string | null;

  @ApiProperty({ type: [AmountShareDto] })
  bySector: AmountShareDto[];

  @ApiProperty({ type: [AmountShareDto] })
  byDistrict: AmountShareDto[];

  @ApiProperty({ type: [AmountShareDto] })
  byFunder: AmountShareDto[];
}

export class PublicPrivateResponseDto {
  @ApiProperty({ type: AnalysisInputsDto })
  inputs: AnalysisInputsDto;

  @ApiProperty({ type: [PublicPrivatePeriodDto] })
  periods: PublicPrivatePeriodDto[];

  @PricesProperty()
  prices?: PricesDto;
}

// ---- plan alignment

export const PLAN_DIMENSIONS = DIMENSIONS.filter((d) => d !== 'unclassified');

export class PlanPriorityDto {
  @ApiProperty({ enum: ['dimension', 'function'], example: 'dimension' })
  @IsIn(['dimension', 'function'])
  level: 'dimension' | 'function';

  @ApiProperty({ example: 'income_productivity', description: 'An ECLAC dimension, or a función code (2 digits).' })
  @IsString()
  @Matches(/^(structural_change|income_productivity|equal_rights|\d{2})$/, { message: 'code must be an ECLAC dimension or a 2-digit función' })
  code: string;
}

export class ReplacePlanPrioritiesDto {
  @ApiProperty({ example: 'Plan de Desarrollo Concertado de Espinar 2021-2030' })
  @WrittenText({ min: 1, max: 300 })
  plan: string;

  @ApiProperty({ type: [PlanPriorityDto], description: 'The priorities in the plan’s order: the first is rank 1.' })
  @IsObject({ each: true }) // not an array inside the array, which ValidateNested lets through
  @ValidateNested({ each: true })
  @Type(() => PlanPriorityDto)
  @ArrayMinSize(1)
  @ArrayMaxSize(30)
  priorities: PlanPriorityDto[];
}

export class RankedPriorityDto extends PlanPriorityDto {
  @ApiProperty({ example: 1 })
  rank: number;

  @ApiProperty({ example: 'income and productivity' })
  label: string;
}

export class PlanPrioritiesDto {
  @ApiProperty({ example: '080801' })
  ubigeo: string;

  @ApiProperty({ example: 'Plan de Desarrollo Concertado de Espinar 2021-2030', nullable: true, type: String })
  plan: string | null;

  @ApiProperty({ type: [RankedPriorityDto] })
  priorities: RankedPriorityDto[];
}

export class AlignmentRowDto extends RankedPriorityDto {
  @ApiProperty({
    example: 3,
    nullable: true,
    type: Number,
    description: 'Rank of the same in the PIM (1 = most money among its level); null when it got nothing.',
  })
  budgetRank: number | null;

  @ApiProperty({ example: '1200000.00' })
  pim: string;

  @ApiProperty({ example: 4.1, nullable: true, type: Number, description: 'Share of the municipality’s PIM.' })
  sharePct: number | null;

  @ApiProperty({ example: false, description: 'The budget rank equals the plan rank.' })
  aligned: boolean;
}

export class MunicipalityAlignmentDto {
  @ApiProperty({ example: '080801' })
  ubigeo: string;

  @ApiProperty({ example: 'Espinar' })
  name: string;

  @ApiProperty({ example: 'Plan de Desarrollo Concertado de Espinar 2021-2030' })
  plan: string;

  @ApiProperty({ type: [AlignmentRowDto] })
  priorities: AlignmentRowDto[];

  @ApiProperty({ type: [AlignmentRowDto], description: 'The priorities whose budget rank differs from their plan rank.' })
  mismatches: AlignmentRowDto[];
}

export class PlanAlignmentPeriodDto {
  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ type: CoverageDto })
  coverage: CoverageDto;

  @ApiProperty({ type: [MunicipalityAlignmentDto], description: 'Municipalities of the selection with plan priorities.' })
  municipalities: MunicipalityAlignmentDto[];
}

export class PlanAlignmentQueryDto extends AnalysisQueryDto {
  @IdParam({ example: 1, description: 'Classification version for dimensions; the latest when omitted.' })
  version?: number;
}

export class PlanAlignmentResponseDto {
  @ApiProperty({ type: AnalysisInputsDto })
  inputs: AnalysisInputsDto;

  @ApiProperty({ type: [PlanAlignmentPeriodDto] })
  periods: PlanAlignmentPeriodDto[];

  @PricesProperty()
  prices?: PricesDto;
}

// ---- per-project overrides

export class SetAreaDto {
  @ApiProperty({ enum: ['urban', 'rural', 'unknown'], example: 'rural', description: 'unknown removes the value set by a person.' })
  @IsIn(['urban', 'rural', 'unknown'])
  area: 'urban' | 'rural' | 'unknown';

  @ApiProperty({ example: 'Works in the Alto Huancané peasant community (site visit 2024-05).' })
  @WrittenText({ min: 3, max: 500 })
  reason: string;
}

export class SetDimensionDto {
  @ApiProperty({
    enum: [...DIMENSIONS, 'rules'],
    example: 'structural_change',
    description: '"rules" removes the override: the classification rules apply again.',
  })
  @IsIn([...DIMENSIONS, 'rules'])
  dimension: string;

  @ApiProperty({ example: 'A technology park: structural change, although its función is 03.' })
  @WrittenText({ min: 3, max: 500 })
  reason: string;
}
