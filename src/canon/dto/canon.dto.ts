import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { GeographyFilterDto } from '../../common/query-params.js';
import { YearRangeDto } from '../../execution/dto/execution.dto.js';
import { CANON_CONCEPTS, type CanonConcept } from '../canon-transfer.entity.js';
import { PricesDto, PricesProperty, PricesQueryDto } from '../../prices/prices.dto.js';

export const CANON_GROUP_BY = ['municipality', 'concept', 'year', 'province'] as const;

export class CanonTransfersQueryDto extends IntersectionType(GeographyFilterDto, YearRangeDto, PricesQueryDto) {
  @ApiPropertyOptional({ enum: CANON_GROUP_BY, default: 'municipality' })
  @IsOptional()
  @IsIn(CANON_GROUP_BY)
  groupBy?: (typeof CANON_GROUP_BY)[number];

  @ApiPropertyOptional({
    enum: CANON_CONCEPTS,
    description: 'Which transfers to add up: rubro18_total (all of rubro 18, the default) or one concept. Ignored with groupBy=concept, which lists each.',
  })
  @IsOptional()
  @IsIn(CANON_CONCEPTS)
  concept?: CanonConcept;
}

export class CanonTransferRowDto {
  @ApiProperty({ example: '080801' })
  key: string;

  @ApiProperty({ example: 'Espinar' })
  name: string;

  @ApiProperty({ example: '187993941.00', description: 'Soles transferred.' })
  amount: string;

  @ApiProperty({
    example: 47.1,
    nullable: true,
    type: Number,
    description:
      "Share of the selection's total, percent, one decimal. With groupBy=concept: the concept's share of the rubro-18 total of the municipality-years that report it (rubro18_total itself 100); null for foncomun, which is rubro 07.",
  })
  sharePct: number | null;

  @ApiProperty({ example: 12, description: 'The earliest "through month" among the rows: below 12, some year is not closed.' })
  throughMonth: number;
}

export class CanonTransfersCoverageDto {
  @ApiProperty({ example: 48, description: "The selection's municipalities times the years asked (without years: those with any figure in the selection)." })
  municipalityYears: number;

  @ApiProperty({ example: 48, description: 'Of them, those with a figure for the concept added up (rubro18_total with groupBy=concept).' })
  withFigure: number;

  @ApiProperty({ example: 48, description: 'Of those, from their own canon-transfers import.' })
  fromTransfers: number;

  @ApiProperty({ example: 0, description: "Of those, from their row in their department's entities file." })
  fromEntities: number;

  @ApiProperty({ example: [], type: [String], description: 'The first 20 municipality-years without a figure, as ubigeo/year.' })
  without: string[];

  @ApiProperty({ example: true, description: 'Every municipality-year of the selection has a figure: the total is not partial.' })
  complete: boolean;
}

export class CanonTransfersResponseDto {
  @ApiProperty({ type: [CanonTransferRowDto] })
  rows: CanonTransferRowDto[];

  @ApiProperty({
    example: '399120436.00',
    nullable: true,
    type: String,
    description: 'The sum of the concept (rubro18_total with groupBy=concept) over the selection; null when no municipality-year has a figure.',
  })
  total: string | null;

  @ApiProperty({ example: 'rubro18_total', description: 'The concept the rows and total add up; all with groupBy=concept.' })
  concept: string;

  @ApiProperty({ example: [2019, 2020], type: [Number] })
  years: number[];

  @ApiProperty({ example: [3], type: [Number], description: 'Imports the figures come from.' })
  importIds: number[];

  @ApiProperty({ type: CanonTransfersCoverageDto })
  coverage: CanonTransfersCoverageDto;

  @PricesProperty()
  prices?: PricesDto;
}
