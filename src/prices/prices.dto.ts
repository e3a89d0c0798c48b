import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ProblemDto } from '../common/problem.dto.js';
import { IntIn } from '../common/query-params.js';
import { IsIn, IsOptional } from 'class-validator';

export const PRICE_BASES = ['nominal', 'constant'] as const;
export type PriceBasis = (typeof PRICE_BASES)[number];

/** What every amount-bearing read takes: nominal soles (the default) or constant soles of a base year. */
export class PricesQueryDto {
  @ApiPropertyOptional({
    enum: PRICE_BASES,
    default: 'nominal',
    description:
      'nominal: soles of each year, as MEF publishes them. constant: soles of the year `base`, each amount multiplied by the average Lima CPI ' +
      '(BCRP, PN38705PM) of `base` over that of its own year. Figures of several years (a range, a period of several years) are the sums of each ' +
      "year's converted amounts, and their rates and shares are computed from those; figures of one year keep the nominal rates and shares. " +
      'Counts and populations unchanged. The answer then states the index and these rules in `prices`.',
  })
  @IsOptional()
  @IsIn(PRICE_BASES)
  prices?: PriceBasis;

  @ApiPropertyOptional({
    example: 2024,
    minimum: 1999,
    maximum: 2100,
    description: 'With prices=constant (and only then): the year whose soles the amounts are expressed in. It needs all 12 months of the index.',
  })
  @IsOptional()
  @IntIn(1999, 2100)
  base?: number;
}

export class PriceIndexSeriesDto {
  @ApiProperty({ example: 'PN38705PM', description: "The series' code in BCRPData." })
  code: string;

  @ApiProperty({
    example: 'Índice de precios Lima Metropolitana (índice Dic.2021 = 100) - Índice de Precios al Consumidor (IPC)',
    description: "The series' name as BCRPData gives it.",
  })
  name: string;

  @ApiProperty({ example: 'BCRP, BCRPData, serie PN38705PM (IPC de Lima Metropolitana, INEI)' })
  source: string;

  @ApiProperty({ example: [12], type: [Number], description: 'The imports of the series read.' })
  importIds: number[];
}

export class PriceIndexYearDto {
  @ApiProperty({ example: 2015 })
  year: number;

  @ApiProperty({ example: '80.140458', description: 'The mean of its 12 monthly values, shown with 6 places (the conversion uses the exact mean).' })
  average: string;

  @ApiProperty({ example: '1.376233', description: "average(base) ÷ this year's average, shown with 6 places: what its amounts are multiplied by." })
  factor: string;
}

/** The index a constant-soles answer used; absent from nominal answers. */
export class PricesDto {
  @ApiProperty({ enum: ['constant'], example: 'constant' })
  basis: 'constant';

  @ApiProperty({ example: 2024, description: 'The amounts are soles of this year.' })
  base: number;

  @ApiProperty({ type: PriceIndexSeriesDto })
  series: PriceIndexSeriesDto;

  @ApiProperty({ type: [PriceIndexYearDto], description: 'The base year and every year whose amounts were converted, ascending.' })
  years: PriceIndexYearDto[];

  @ApiProperty({
    enum: ['converted-after', 'each-year-converted'],
    example: 'converted-after',
    description:
      'converted-after: the figures are of one year each, and every amount was converted from its nominal value. each-year-converted: figures add up several ' +
      "years, and each year's amounts were converted with that year's factor before they were added up (the sum of a 2015-2024 range is a sum of 2024 soles).",
  })
  sums: 'converted-after' | 'each-year-converted';

  @ApiProperty({
    example:
      'Each amount times average(base) ÷ average(its year), from its nominal value, rounded to the céntimo half away from zero; a total may differ from the sum of its converted parts by a few céntimos.',
  })
  rounding: string;

  @ApiProperty({
    example: 'Rates and shares are those of the nominal figures: within one year every amount has the same factor, which cancels.',
    description: 'How rates, shares and per-capita figures relate to the converted amounts.',
  })
  ratios: string;

  @ApiProperty({ example: [], type: [String], description: 'Properties holding amounts of no one year (cost estimates): left in nominal soles.' })
  leftNominal: string[];
}

/** For the response DTOs of amount-bearing reads: the index used, present only with prices=constant. */
export const PricesProperty = () =>
  ApiPropertyOptional({
    type: PricesDto,
    description: 'With prices=constant: the price index used (series, base year, each year’s average and factor, source). Absent in nominal soles.',
  });

/** For the routes of amount-bearing reads: the answer when a year has no full index (prices=constant). */
export const PricedRead = () =>
  applyDecorators(
    ApiUnprocessableEntityResponse({
      type: ProblemDto,
      description:
        'PRICE_INDEX_MISSING: prices=constant, and the base year or a year of the figures lacks some of the 12 months of the index (`years` names them).',
    }),
  );
