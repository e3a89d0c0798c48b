import { ApiProperty } from '@nestjs/swagger';
import { AnalysisInputsDto, CoverageDto, PeriodDto } from '../analysis-query.js';
import { TopQueryDto } from './analyses.dto.js';
import { PricesDto, PricesProperty } from '../../prices/prices.dto.js';

export class UrbanRuralQueryDto extends TopQueryDto {}

export class UrbanRuralGroupDto {
  @ApiProperty({ example: 'mostly_rural', enum: ['mostly_rural', 'mostly_urban', 'unknown'] })
  group: string;

  @ApiProperty({ example: ['080802', '080803'], type: [String] })
  municipalities: string[];

  @ApiProperty({ example: 21456, nullable: true, type: Number, description: 'Average population over the years.' })
  population: number | null;

  @ApiProperty({ example: 58.3, nullable: true, type: Number, description: "The group's share of the selection's population." })
  populationSharePct: number | null;

  @ApiProperty({ example: '191564829.00' })
  pim: string;

  @ApiProperty({ example: '150981965.00' })
  devengado: string;

  @ApiProperty({ example: 41.7, nullable: true, type: Number, description: "The group's share of the selection's devengado." })
  devengadoSharePct: number | null;

  @ApiProperty({ example: 78.8, nullable: true, type: Number })
  executionRatePct: number | null;

  @ApiProperty({ example: '8920.31', nullable: true, type: String, description: 'PIM per inhabitant per year.' })
  pimPerCapita: string | null;

  @ApiProperty({ example: '7034.10', nullable: true, type: String })
  devengadoPerCapita: string | null;
}

export class MunicipalityLevelDto {
  @ApiProperty({
    type: [UrbanRuralGroupDto],
    description: 'Mostly rural (rural share of population over 50 %), mostly urban, and municipalities without an urban/rural figure.',
  })
  groups: UrbanRuralGroupDto[];

  @ApiProperty({
    example: 0.71,
    nullable: true,
    type: Number,
    description: 'Urban share of devengado ÷ urban share of population: below 1, urban places get less than their share.',
  })
  skewIndex: number | null;

  @ApiProperty({ example: 'Rural share from MINAM urban/rural population, latest year with the split; municipality-year totals from Consulta Amigable.' })
  method: string;
}

export class AreaRowDto {
  @ApiProperty({ enum: ['urban', 'rural', 'unknown'], example: 'rural' })
  area: string;

  @ApiProperty({ example: 42 })
  projects: number;

  @ApiProperty({ example: '120000000.00' })
  pim: string;

  @ApiProperty({ example: '60000000.00' })
  devengado: string;

  @ApiProperty({ example: 35.2, nullable: true, type: Number, description: "Share of the projects' PIM." })
  pimSharePct: number | null;

  @ApiProperty({ example: 30.1, nullable: true, type: Number, description: "Share of the projects' devengado." })
  devengadoSharePct: number | null;

  @ApiProperty({ example: 50, nullable: true, type: Number })
  executionRatePct: number | null;

  @ApiProperty({ example: 7, description: 'Projects planned in the PIA (PIA > 0) with no devengado.' })
  plannedNeverExecuted: number;

  @ApiProperty({ example: 64.6, nullable: true, type: Number, description: "The area's share of the selection's population (MINAM); null for unknown." })
  populationSharePct: number | null;

  @ApiProperty({ example: { explicit: 2, location: 30, keyword: 10 }, description: 'How many projects took their area from each source.' })
  bySource: Record<string, number>;
}

export class AreaProjectDto {
  @ApiProperty({ example: '2194012' })
  cui: string;

  @ApiProperty({ example: 'MEJORAMIENTO DEL CANAL DE RIEGO DE LA COMUNIDAD CAMPESINA DE ...' })
  name: string;

  @ApiProperty({ example: '080803', nullable: true, type: String })
  location: string | null;

  @ApiProperty({ example: 'location', enum: ['explicit', 'location', 'keyword'] })
  areaSource: string;

  @ApiProperty({ example: '1500000.00' })
  pia: string;

  @ApiProperty({ example: '0.00' })
  pim: string;

  @ApiProperty({ example: '0.00' })
  devengado: string;
}

export class ProjectLevelDto {
  @ApiProperty({ type: [AreaRowDto], description: 'urban, rural, unknown.' })
  areas: AreaRowDto[];

  @ApiProperty({
    example: 1.35,
    nullable: true,
    type: Number,
    description: 'Urban share of the devengado of projects with a known area ÷ urban share of the population. Above 1, urban places get more than their share.',
  })
  skewIndex: number | null;

  @ApiProperty({ type: [AreaProjectDto], description: 'Rural projects planned in the PIA and never executed, largest PIA first.' })
  ruralPlannedNeverExecuted: AreaProjectDto[];

  @ApiProperty({
    example: 'A project’s area: a value set by a person; its district when 90 % of its people are urban or rural; keywords of its name; else unknown.',
  })
  method: string;
}

export class UrbanRuralPeriodDto {
  @ApiProperty({ type: PeriodDto })
  period: PeriodDto;

  @ApiProperty({ type: CoverageDto })
  coverage: CoverageDto;

  @ApiProperty({ type: ProjectLevelDto, description: 'From the budget lines of projects (MEF open data or the template).' })
  projectLevel: ProjectLevelDto;

  @ApiProperty({ type: MunicipalityLevelDto, description: 'From the municipality totals (Consulta Amigable) alone.' })
  municipalityLevel: MunicipalityLevelDto;
}

export class UrbanRuralResponseDto {
  @ApiProperty({ type: AnalysisInputsDto })
  inputs: AnalysisInputsDto;

  @ApiProperty({ type: [UrbanRuralPeriodDto] })
  periods: UrbanRuralPeriodDto[];

  @PricesProperty()
  prices?: PricesDto;
}
