import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { GeographyFilterDto, YearParam } from '../../common/query-params.js';
import { PricesDto, PricesProperty, PricesQueryDto } from '../../prices/prices.dto.js';

/** GET /execution/monthly: a year's current budget lines month by month. */
export class MonthlyQueryDto extends IntersectionType(GeographyFilterDto, PricesQueryDto) {
  @YearParam({ example: 2024, required: true, description: 'The budget year.' })
  year: number;

  @ApiPropertyOptional({ example: '18', description: 'Only this rubro (2 digits), e.g. 18 = canon.' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'rubro must be a 2-digit code such as 18' })
  rubro?: string;

  @ApiPropertyOptional({ example: '15', description: 'Only this función (2 digits).' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'function must be a 2-digit code such as 15' })
  function?: string;
}

export class MonthDto {
  @ApiProperty({ example: 3 })
  month: number;

  @ApiProperty({
    example: '1200000.00',
    nullable: true,
    type: String,
    description: 'PIM as it stood that month (null when the source gives only the annual PIM).',
  })
  pim: string | null;

  @ApiProperty({ example: '150000.00', description: 'Devengado in the month (negative for net reversals).' })
  devengado: string;

  @ApiProperty({ example: '400000.00', description: 'Devengado from January to this month.' })
  cumulativeDevengado: string;

  @ApiProperty({ example: 33.3, nullable: true, type: Number, description: "Cumulative devengado ÷ the month's PIM (else the annual PIM) × 100." })
  cumulativeRatePct: number | null;
}

export class MonthlyResponseDto {
  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ type: [MonthDto], description: 'January to December.' })
  months: MonthDto[];

  @ApiProperty({ example: '1200000.00', description: 'Annual PIM of the lines with months (from their latest month).' })
  annualPim: string;

  @ApiProperty({ example: 340, description: 'Budget lines with a monthly breakdown.' })
  linesWithMonths: number;

  @ApiProperty({ example: 0, description: 'Budget lines from annual files, without months: left out here.' })
  linesWithoutMonths: number;

  @ApiProperty({ example: [4], type: [Number] })
  importIds: number[];

  @PricesProperty()
  prices?: PricesDto;
}
