import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { BooleanParam, PageDto, PageMetaDto } from '../../common/query-params.js';
import { PlaceDto } from '../../geography/dto/place.dto.js';
import { PLACE_RELATIONS, PlaceParam, type PlaceRelation } from '../../geography/places.js';

export class ConflictQueryDto extends PageDto {
  @PlaceParam('Cases placed in this place, inside it (its districts), or in a place that contains it (its province or department).')
  place?: string;

  @ApiPropertyOptional({
    example: 'Activo',
    description: 'Only cases in this state, as the report writes it (Activo, Latente, Resuelto, Retirado); accents and case aside.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  state?: string;

  @BooleanParam({ example: true, description: 'Only cases with (true) or without (false) a dialogue process, as the report says (dial_if).' })
  dialogue?: boolean;
}

export class ConflictCaseDto {
  @ApiProperty({ example: '13 CC Espinar - Antapaccay', description: 'The case as the report names it.' })
  caseName: string;

  @ApiProperty({ type: PlaceDto, description: 'The deepest place the report names: its district, else its province ("No detalla"), else its department.' })
  place: PlaceDto;

  @ApiProperty({
    enum: [...PLACE_RELATIONS, null],
    example: 'inside',
    nullable: true,
    description: 'With `place`: how the case’s place stands to it (exact, inside it, or containing it).',
  })
  relation: PlaceRelation | null;

  @ApiProperty({ example: 'Cusco', description: 'Department as the report writes it.' })
  department: string;

  @ApiProperty({ example: 'Espinar', nullable: true, type: String })
  province: string | null;

  @ApiProperty({ example: 'Espinar', nullable: true, type: String, description: 'Null where the report gives none ("No detalla").' })
  district: string | null;

  @ApiProperty({ example: 'Compañía Minera Antapaccay S.A.' })
  company: string;

  @ApiProperty({ example: 'Socioambiental', nullable: true, type: String })
  kind: string | null;

  @ApiProperty({ example: 'Minería', nullable: true, type: String })
  activity: string | null;

  @ApiProperty({ example: 'Activo', description: 'Activo, Latente, Resuelto or Retirado, as the report writes it.' })
  state: string;

  @ApiProperty({ example: 'Diálogo', description: 'The phase of the conflict, as the report writes it.' })
  phase: string;

  @ApiProperty({ example: true, description: 'Whether there was violence (vio_if).' })
  violence: boolean;

  @ApiProperty({ example: true, description: 'Whether there is a dialogue process (dial_if).' })
  dialogue: boolean;

  @ApiProperty({ example: 'Gobierno nacional', nullable: true, type: String, description: 'The level of government the case is for.' })
  competence: string | null;

  @ApiProperty({ example: '-14.7895844999999', nullable: true, type: String, description: 'Decimal degrees, as the compiled report writes them.' })
  latitude: string | null;

  @ApiProperty({ example: '-71.412125', nullable: true, type: String })
  longitude: string | null;

  @ApiProperty({ example: 41, description: 'Its row in the imported file.' })
  sourceRow: number;
}

export class ConflictSourceDto {
  @ApiProperty({ example: 12, description: 'The import the cases come from: the latest of format defensoria-conflicts.' })
  importId: number;

  @ApiProperty({ example: '2024-03-31', description: 'The report’s cut-off.' })
  snapshotDate: string;

  @ApiProperty({ example: 'conflictos_mineros_defensoria_2024-03_snap2024-03-31.csv' })
  fileName: string;
}

export class ConflictPageDto extends PageMetaDto {
  @ApiProperty({ type: ConflictSourceDto, nullable: true, description: 'Null when no conflicts report has been imported.' })
  source: ConflictSourceDto | null;

  @ApiProperty({ type: [ConflictCaseDto] })
  items: ConflictCaseDto[];
}

export class ConflictSummaryDto {
  @ApiProperty({ example: 5, description: 'Cases of the place (inside it, or in a place that contains it) in the latest report.' })
  cases: number;

  @ApiProperty({ example: 5, description: 'Of them, in state Activo.' })
  active: number;

  @ApiProperty({ example: 3, description: 'Of them, with a dialogue process.' })
  withDialogue: number;

  @ApiProperty({ example: '2024-03-31', nullable: true, type: String, description: 'The report’s cut-off; null when none has been imported.' })
  snapshotDate: string | null;

  @ApiProperty({ example: '/api/v1/conflicts?place=0808', description: 'The cases themselves.' })
  href: string;
}
