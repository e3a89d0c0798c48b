import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { YearParam } from '../../common/query-params.js';
import { CanonReceivedDto } from './canon-received.dto.js';

export const CANON_PLACE_LEVELS = ['department', 'province', 'municipality'] as const;

/** One year's canon per department, province or municipality: what the map colours. */
export class CanonPlacesQueryDto {
  @YearParam({ example: 2024, description: 'The year.', required: true })
  year: number;

  @ApiPropertyOptional({ enum: CANON_PLACE_LEVELS, default: 'municipality' })
  @IsOptional()
  @IsIn(CANON_PLACE_LEVELS)
  groupBy?: (typeof CANON_PLACE_LEVELS)[number];

  @ApiPropertyOptional({ example: '08', description: 'Only this department (2 digits).' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'department must be a 2-digit code such as 08' })
  department?: string;

  @ApiPropertyOptional({ example: '0808', description: 'Only this province (4 digits).' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'province must be a 4-digit code such as 0808' })
  province?: string;
}

/** A place's canon in the year: what it received (CanonReceivedDto, the rule the peers and the place page read too), its rubro-18 spending and unspent canon. */
export class CanonPlaceRowDto extends CanonReceivedDto {
  @ApiProperty({ example: '0808', description: 'Department code, province code or ubigeo.' })
  key: string;

  @ApiProperty({ example: 'Espinar' })
  name: string;

  @ApiProperty({ example: 8, description: 'Of them, with rubro-18 spending known for the year (budget lines on rubro 18, else función lines on rubro 18).' })
  withSpending: number;

  @ApiProperty({
    example: '202203213.00',
    nullable: true,
    type: String,
    description: 'Rubro-18 devengado; null unless it is known for every municipality of the row.',
  })
  devengado: string | null;

  @ApiProperty({
    example: '-7531040.00',
    nullable: true,
    type: String,
    description: 'Unspent canon: transferred − devengado on rubro 18; null unless both are known for every municipality of the row (unknown, never 0).',
  })
  unspent: string | null;

  @ApiProperty({
    example: '2831.40',
    nullable: true,
    type: String,
    description: 'Transferred per inhabitant (transferred ÷ population); null unless transferred is known and every municipality has a population.',
  })
  transferredPerCapita: string | null;
}

export class CanonPlacesResponseDto {
  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ enum: CANON_PLACE_LEVELS, example: 'province' })
  groupBy: (typeof CANON_PLACE_LEVELS)[number];

  @ApiProperty({ type: [CanonPlaceRowDto], description: 'Every place of the selection, with or without figures, by key.' })
  rows: CanonPlaceRowDto[];
}
