import { ApiProperty } from '@nestjs/swagger';
import { PLACE_LEVELS, type PlaceLevel } from '../places.js';

/** A place of any level, as commitments and conflict cases name them. */
export class PlaceDto {
  @ApiProperty({ example: '0808', description: 'Department (2 digits), province (4) or district (6) code.' })
  code: string;

  @ApiProperty({ enum: PLACE_LEVELS, example: 'province' })
  level: PlaceLevel;

  @ApiProperty({ example: 'Espinar', nullable: true, type: String, description: 'Its name in the reference geography (INEI).' })
  name: string | null;
}
