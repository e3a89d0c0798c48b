import { ApiProperty, IntersectionType } from '@nestjs/swagger';
import { GeographyFilterDto } from '../../common/query-params.js';
import { YearRangeDto } from '../../execution/dto/execution.dto.js';

export class UrbanRuralQueryDto extends IntersectionType(GeographyFilterDto, YearRangeDto) {}

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

export class UrbanRuralResponseDto {
  @ApiProperty({ type: [UrbanRuralGroupDto], description: 'Mostly rural (rural share of population over 50 %), mostly urban, and municipalities without an urban/rural figure.' })
  groups: UrbanRuralGroupDto[];

  @ApiProperty({ example: 0.71, nullable: true, type: Number, description: "Urban share of devengado ÷ urban share of population: below 1, urban places get less than their share." })
  skewIndex: number | null;

  @ApiProperty({ example: 'Rural share from MINAM urban/rural population, latest year with the split; municipality-year totals from Consulta Amigable.' })
  method: string;

  @ApiProperty({ example: [2022], type: [Number] })
  years: number[];
}
