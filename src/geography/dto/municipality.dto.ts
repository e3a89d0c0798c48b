import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { GeographyFilterDto, PageDto, PageMetaDto } from '../../common/query-params.js';

export class MunicipalityQueryDto extends IntersectionType(GeographyFilterDto, PageDto) {
  @ApiPropertyOptional({ example: 'espinar', description: 'Words to find in the municipality, province or department name, or MEF name (accents optional).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;
}

export class PopulationDto {
  @ApiProperty({ example: 2023 })
  year: number;

  @ApiProperty({ example: 36221 })
  total: number;

  @ApiProperty({ example: 26154, nullable: true, type: Number })
  urban: number | null;

  @ApiProperty({ example: 10067, nullable: true, type: Number })
  rural: number | null;

  @ApiProperty({ example: 27.8, nullable: true, type: Number, description: 'Rural share of the population, percent, one decimal.' })
  ruralSharePct: number | null;

  @ApiProperty({ example: 'MINAM' })
  source: string;
}

export class MunicipalityDto {
  @ApiProperty({ example: '080801' })
  ubigeo: string;

  @ApiProperty({ example: 'Espinar' })
  name: string;

  @ApiProperty({ enum: ['provincial', 'district'], example: 'provincial' })
  kind: 'provincial' | 'district';

  @ApiProperty({ example: '08' })
  departmentCode: string;

  @ApiProperty({ example: 'Cusco' })
  departmentName: string;

  @ApiProperty({ example: '0808' })
  provinceCode: string;

  @ApiProperty({ example: 'Espinar' })
  provinceName: string;

  @ApiProperty({ example: 'Yauri', nullable: true, type: String })
  capital: string | null;

  @ApiProperty({ example: '-14.79277778', nullable: true, type: String, description: 'Decimal degrees, as a string.' })
  latitude: string | null;

  @ApiProperty({ example: '-71.41277778', nullable: true, type: String })
  longitude: string | null;

  @ApiProperty({ example: 300740, nullable: true, type: Number, description: 'MEF executing-unit code, learned from imports.' })
  secEjec: number | null;

  @ApiProperty({ example: 'MUNICIPALIDAD PROVINCIAL DE ESPINAR', nullable: true, type: String })
  mefName: string | null;

  @ApiProperty({ example: true, description: 'False for codes seen in budget files but absent from INEI 2025 (e.g. renumbered districts).' })
  inCurrentGeography: boolean;

  @ApiProperty({ type: PopulationDto, nullable: true, description: 'Latest population with an urban/rural split.' })
  population: PopulationDto | null;
}

export class MunicipalityPageDto extends PageMetaDto {
  @ApiProperty({ type: [MunicipalityDto] })
  items: MunicipalityDto[];
}
