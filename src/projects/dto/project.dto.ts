import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageDto, PageMetaDto, YearParam } from '../../common/query-params.js';
import { type PricesDto, PricesProperty, PricesQueryDto } from '../../prices/prices.dto.js';

export class ProjectQueryDto extends IntersectionType(PageDto, PricesQueryDto) {
  @ApiPropertyOptional({ example: '080801', description: 'Projects located in, or budgeted by, these municipalities (ubigeos, comma-separated).' })
  @IsOptional()
  @Matches(/^\d{6}(,\d{6}){0,199}$/, { message: 'municipality must be one or more 6-digit ubigeos separated by commas' })
  municipality?: string;

  @YearParam({ example: 2024, description: 'Only projects with budget lines in this year; their PIM and devengado are of this year.' })
  year?: number;

  @ApiPropertyOptional({ example: 'riego', description: 'Words of the name, or the start of the CUI.' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class ProjectSummaryDto {
  @ApiProperty({ example: '2250000' })
  cui: string;

  @ApiProperty({ example: 'MEJORAMIENTO DEL ESTADIO MUNICIPAL' })
  name: string;

  @ApiProperty({ example: 'ACTIVO', nullable: true, type: String })
  status: string | null;

  @ApiProperty({ example: '080801', nullable: true, type: String, description: 'District where the project is (registry).' })
  locationUbigeo: string | null;

  @ApiProperty({ example: ['080801', '080803'], type: [String], description: 'Every district the project spans (registry).' })
  locations: string[];

  @ApiProperty({ example: ['080801'], type: [String], description: 'Municipalities whose budget lines carry the project.' })
  budgetedBy: string[];

  @ApiProperty({ example: '1200000.00', nullable: true, type: String, description: 'Sum of the latest budget lines (of the year, when given).' })
  pim: string | null;

  @ApiProperty({ example: '250000.00', nullable: true, type: String })
  devengado: string | null;

  @ApiProperty({ example: 20.8, nullable: true, type: Number })
  executionRatePct: number | null;

  @ApiProperty({ example: '656254436.90', nullable: true, type: String, description: 'Updated cost in the latest registry snapshot.' })
  updatedCost: string | null;

  @ApiProperty({ example: 'unknown', enum: ['urban', 'rural', 'unknown'] })
  area: string;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'Where the area came from.' })
  areaSource: string | null;
}

export class ProjectPageDto extends PageMetaDto {
  @ApiProperty({ type: [ProjectSummaryDto] })
  items: ProjectSummaryDto[];

  @ApiProperty({ example: [2023, 2024], type: [Number], description: 'The years of the budget lines whose PIM and devengado the items add up.' })
  years: number[];

  @PricesProperty()
  prices?: PricesDto;
}

export class ProjectBudgetDto {
  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: '080801' })
  ubigeo: string;

  @ApiProperty({ example: '2025-03-31' })
  snapshotDate: string;

  @ApiProperty({ example: 3 })
  importId: number;

  @ApiProperty({ example: '1000.00' })
  pia: string;

  @ApiProperty({ example: '1200.00' })
  pim: string;

  @ApiProperty({ example: '250.00' })
  devengado: string;

  @ApiProperty({ example: 20.8, nullable: true, type: Number })
  executionRatePct: number | null;

  @ApiProperty({ example: true, description: 'The snapshot queries show for this municipality-year.' })
  current: boolean;
}

export class ProjectCostDto {
  @ApiProperty({ example: '2025-02-13' })
  snapshotDate: string;

  @ApiProperty({ example: 4 })
  importId: number;

  @ApiProperty({ example: '610491429.94', nullable: true, type: String })
  viableAmount: string | null;

  @ApiProperty({ example: '656254436.90', nullable: true, type: String })
  updatedCost: string | null;
}

export class ProjectDetailDto extends ProjectSummaryDto {
  @ApiProperty({ example: null, nullable: true, type: String })
  snipCode: string | null;

  @ApiProperty({ example: 'MUNICIPALIDAD PROVINCIAL DE ESPINAR', nullable: true, type: String })
  entity: string | null;

  @ApiProperty({ example: 'Espinar', nullable: true, type: String, description: 'Name of the district where it is.' })
  locationName: string | null;

  @ApiProperty({ example: '2020-02-12', nullable: true, type: String })
  viableOn: string | null;

  @ApiProperty({ example: '610491429.94', nullable: true, type: String })
  viableAmount: string | null;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'Why a person set the area (PUT /projects/{cui}/area).' })
  areaReason: string | null;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'An ECLAC dimension set by a person; null when the classification rules apply.' })
  dimension: string | null;

  @ApiProperty({ example: null, nullable: true, type: String })
  dimensionReason: string | null;

  @ApiProperty({ type: [ProjectBudgetDto], description: 'Budget lines summed by year, municipality and snapshot, oldest first.' })
  budget: ProjectBudgetDto[];

  @ApiProperty({
    type: [ProjectCostDto],
    description: 'Viable amount and updated cost per registry snapshot, oldest first. Estimates of no one year: in nominal soles even with prices=constant.',
  })
  costHistory: ProjectCostDto[];

  @PricesProperty()
  prices?: PricesDto;
}
