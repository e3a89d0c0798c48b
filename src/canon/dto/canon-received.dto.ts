import { ApiProperty } from '@nestjs/swagger';
import { PLACE_CANON_SOURCES, type PlaceCanonSource } from '../canon-received.js';

/** A place's canon received in a year (src/canon/canon-received.ts): the figure, or why there is none, and where it came from. */
export class CanonReceivedDto {
  @ApiProperty({ example: 8, description: 'Municipalities of the place.' })
  municipalities: number;

  @ApiProperty({
    example: '194672173.00',
    nullable: true,
    type: String,
    description:
      "Rubro-18 received (soles): each municipality's own transfers (canon-transfers) or, without them, its row among its department's entities (canon-entity-transfers), the same MEF measure; null unless every municipality of the place has one (never a partial sum, never 0 for nothing imported).",
  })
  transferred: string | null;

  @ApiProperty({
    enum: [...PLACE_CANON_SOURCES, null],
    nullable: true,
    example: 'transfers',
    description:
      "Where the figure came from: 'transfers', every municipality's own transfers; 'entities', every municipality's row in its department's entities file; 'mixed', some of each (fromTransfers, fromEntities say how many). Null without a figure.",
  })
  canonSource: PlaceCanonSource | null;

  @ApiProperty({ example: 8, description: 'Municipalities with a figure for the year, from either source.' })
  withTransfers: number;

  @ApiProperty({ example: 8, description: 'Of them, from their own transfers (canon-transfers).' })
  fromTransfers: number;

  @ApiProperty({ example: 0, description: "Of them, from their department's entities file (canon-entity-transfers)." })
  fromEntities: number;

  @ApiProperty({
    example: [],
    type: [String],
    description:
      'The municipalities without a figure for the year (the first 20 by ubigeo; municipalities − withTransfers of them in all): why transferred is null.',
  })
  withoutTransfers: string[];
}
