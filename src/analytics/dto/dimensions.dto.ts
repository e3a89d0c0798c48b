import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsIn, IsObject, Matches, ValidateNested } from 'class-validator';
import { BooleanParam, IdParam } from '../../common/query-params.js';
import { AnalysisInputsDto, AnalysisQueryDto, CoverageDto, PeriodDto } from '../analysis-query.js';
import { DIMENSIONS } from '../classification.entity.js';
import { PricesDto, PricesProperty } from '../../prices/prices.dto.js';
import { WrittenText } from '../../common/written-text.js';

export class DimensionsQueryDto extends AnalysisQueryDto {
  @IdParam({ example: 1, description: 'Classification version; the latest when omitted.' })
  version?: number;

  @BooleanParam({ example: true, description: 'Break each dimension down by función.' })
  byFunction?: boolean;
}

export class DimensionFunctionDto {
  @ApiProperty({ example: '20' })
  function: string;

  @ApiProperty({ example: 'SALUD' })
  name: string;

  @ApiProperty({ example: '1200000.00' })
  pim: string;

  @ApiProperty({ example: '130000.00' })
  devengado: string;

  @ApiProperty({ example: 10.8, nullable: true, type: Number })
  executionRatePct: number | null;
}

export class DimensionRowDto {
  @ApiProperty({ enum: DIMENSIONS, example: 'equal_rights' })
  dimension: string;

  @ApiProperty({ example: 'equal rights' })
  label: string;

  @ApiProperty({
    example: '270338897.00',
    nullable: true,
    type: String,
    description: 'null when no budget lines were imported for the selection and period (unknown, not zero).',
  })
  pim: string | null;

  @ApiProperty({ example: '201589179.00', nullable: true, type: String })
  devengado: string | null;

  @ApiProperty({ example: 60, nullable: true, type: Number, description: "Share of the selection's PIM, percent." })
  sharePct: number | null;

  @ApiProperty({
    example: 62.5,
    nullable: true,
    type: Number,
    description:
      "Share of the selection's devengado, percent: what the sentence counts when the figures are canon (or another rubro) spent, read from budget lines by función.",
  })
  devengadoSharePct: number | null;

  @ApiProperty({ example: 74.6, nullable: true, type: Number })
  executionRatePct: number | null;

  @ApiPropertyOptional({ type: [DimensionFunctionDto], description: 'With byFunction=true.' })
  functions?: DimensionFunctionDto[];
}

export class DimensionsPeriodDto {
  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ type: CoverageDto })
  coverage: CoverageDto;

  @ApiProperty({ type: [DimensionRowDto], description: 'The three ECLAC dimensions and unclassified, in that order.' })
  rows: DimensionRowDto[];

  @ApiProperty({ example: '450564829.00', nullable: true, type: String, description: 'null when no budget lines were imported (unknown, not zero).' })
  totalPim: string | null;

  @ApiProperty({ example: '336000000.00', nullable: true, type: String, description: 'null when no lines were imported (unknown, not zero).' })
  totalDevengado: string | null;

  @ApiProperty({
    example: 'De cada 10 soles del PIM, 6 a igualdad de derechos, 3 a ingresos y productividad y menos de uno a cambio estructural.',
    nullable: true,
    type: String,
    description:
      'The finding, of PIM; of the devengado of canon ("De cada 10 soles de canon devengado, …") where the figures were read from budget lines by función of rubro 18 (coverage.spending). When coverage.complete; otherwise why it is not stated and which file would supply what is missing. In the caller’s language (Accept-Language or lang: Spanish by default, English with en); figures as in the answer.',
  })
  sentence: string | null;

  @ApiProperty({ example: '0.00', description: 'PIM of lines that no rule covers (counted as unclassified).' })
  withoutRulePim: string;

  @ApiProperty({ example: '0.00', description: 'PIM of projects whose dimension a person set (PUT /projects/{cui}/dimension).' })
  overriddenPim: string;

  @ApiProperty({ example: 8, description: 'Municipalities with budget lines in the period.' })
  municipalitiesWithData: number;
}

export class DimensionsResponseDto {
  @ApiProperty({ type: AnalysisInputsDto })
  inputs: AnalysisInputsDto;

  @ApiProperty({ type: [DimensionsPeriodDto], description: 'One entry per period asked for.' })
  periods: DimensionsPeriodDto[];

  @PricesProperty()
  prices?: PricesDto;
}

export class RuleDto {
  @ApiProperty({ enum: ['function', 'division', 'group'], example: 'function' })
  @IsIn(['function', 'division', 'group'])
  level: 'function' | 'division' | 'group';

  @ApiProperty({ example: '20', description: 'función (2 digits), división (3) or grupo (4).' })
  @Matches(/^\d{2,4}$/)
  code: string;

  @ApiProperty({ enum: DIMENSIONS, example: 'equal_rights' })
  @IsIn(DIMENSIONS)
  dimension: (typeof DIMENSIONS)[number];
}

export class ReplaceRulesDto {
  @ApiProperty({ example: 'Irrigation (división 010) counted as structural change', description: 'Why this version.' })
  @WrittenText({ min: 0, max: 500 })
  note: string;

  @ApiProperty({ type: [RuleDto] })
  @IsObject({ each: true }) // an array inside the array passed ValidateNested, and failed in the service (a 500)
  @ValidateNested({ each: true })
  @Type(() => RuleDto)
  @ArrayMaxSize(5000)
  rules: RuleDto[];
}

export class RulesVersionDto {
  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({ example: 'Default by función' })
  note: string;

  @ApiProperty({ example: '2026-11-22T06:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ type: [RuleDto] })
  rules: RuleDto[];
}

export class RulesQueryDto {
  @IdParam({ example: 1, description: 'A version; the latest when omitted.' })
  version?: number;
}
