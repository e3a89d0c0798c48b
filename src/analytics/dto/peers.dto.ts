import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { YearParam } from '../../common/query-params.js';
import { LangParam } from '../../i18n/lang-param.js';
import { CanonReceivedDto } from '../../canon/dto/canon-received.dto.js';
import { PLACE_CANON_SOURCES, type PlaceCanonSource } from '../../canon/canon-received.js';
import type { Lang } from '../../i18n/messages.js';

/** The place whose peers are asked for: exactly one of municipality, province or department. */
export class PeersQueryDto {
  @ApiPropertyOptional({ example: '080801', description: 'A municipality (6-digit ubigeo): its peers are municipalities of its department.' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'municipality must be a 6-digit ubigeo such as 080801' })
  municipality?: string;

  @ApiPropertyOptional({ example: '0808', description: 'A province (4 digits): its peers are the provinces of its department.' })
  @IsOptional()
  @Matches(/^\d{4}$/, { message: 'province must be a 4-digit code such as 0808' })
  province?: string;

  @ApiPropertyOptional({ example: '08', description: 'A department (2 digits): its peers are departments.' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'department must be a 2-digit code such as 08' })
  department?: string;

  @YearParam({ example: 2024, required: true, description: 'The budget year.' })
  year: number;

  /** The language of the rule and notes (with Accept-Language). */
  @LangParam()
  lang?: Lang;
}

export class PeerDto {
  @ApiProperty({ example: '080802' })
  ubigeo: string;

  @ApiProperty({ example: 'Condoroma' })
  name: string;

  @ApiProperty({
    enum: ['provincial', 'district', 'province', 'department'],
    example: 'district',
    description: 'A municipality (provincial or district), a province or a department.',
  })
  kind: string;

  @ApiProperty({
    example: 41230,
    description: "Inhabitants (the year asked, or the nearest year with a figure); of a province or department, its municipalities' added up.",
  })
  population: number;

  @ApiProperty({
    example: 74.6,
    nullable: true,
    type: Number,
    description:
      "devengado ÷ PIM × 100 (Consulta Amigable; of a province or department, its municipalities' added up); null without its totals (of any of its municipalities) or with PIM 0.",
  })
  executionRatePct: number | null;

  @ApiProperty({ example: '5406.85', nullable: true, type: String, description: 'Devengado (Consulta Amigable) per inhabitant; null without its totals.' })
  devengadoPerCapita: string | null;

  @ApiProperty({
    example: '2035.71',
    nullable: true,
    type: String,
    description:
      "Canon received (rubro 18) per inhabitant, by the rule GET /canon/places states too: each municipality's own transfers (canon-transfers layout) or, without them, its row among its department's entities (canon-entity-transfers); of a province or department, null unless all its municipalities have one; null when neither was imported.",
  })
  canonPerCapita: string | null;

  @ApiProperty({
    enum: [...PLACE_CANON_SOURCES, null],
    nullable: true,
    example: 'entities',
    description: "Where its canon came from: its municipalities' own transfers, the entities file, or some of each (mixed); null without a figure.",
  })
  canonSource: PlaceCanonSource | null;
}

export class RateStandingDto {
  @ApiProperty({ example: 74.6, nullable: true, type: Number, description: "The place's own value; null without the input." })
  value: number | null;

  @ApiProperty({
    example: 70.2,
    nullable: true,
    type: Number,
    description: "The peers' median (the place not included; of an even count, the mean of the two middle values, one decimal, half away from zero).",
  })
  median: number | null;

  @ApiProperty({
    example: 3,
    nullable: true,
    type: Number,
    description: 'Rank among the place and its peers with the measure, 1 = highest (equal values share a rank); null without a value.',
  })
  rank: number | null;

  @ApiProperty({ example: 12, description: 'How many are ranked: the peers with the measure, and the place when it has one.' })
  of: number;

  @ApiProperty({ example: 11, description: 'Peers with the measure.' })
  peers: number;

  @ApiProperty({
    example: ['080806'],
    type: [String],
    description: 'Peers without a complete input for the measure: left out of the median and the rank, never counted as zero.',
  })
  leftOut: string[];
}

export class AmountStandingDto {
  @ApiProperty({
    example: '5406.85',
    nullable: true,
    type: String,
    description: "The place's own value (soles per inhabitant); null without the input.",
  })
  value: string | null;

  @ApiProperty({
    example: '3120.40',
    nullable: true,
    type: String,
    description: "The peers' median (the place not included; of an even count, the mean of the two middle values, to the céntimo, half away from zero).",
  })
  median: string | null;

  @ApiProperty({
    example: 3,
    nullable: true,
    type: Number,
    description: 'Rank among the place and its peers with the measure, 1 = highest (equal values share a rank); null without a value.',
  })
  rank: number | null;

  @ApiProperty({ example: 12, description: 'How many are ranked: the peers with the measure, and the place when it has one.' })
  of: number;

  @ApiProperty({ example: 11, description: 'Peers with the measure.' })
  peers: number;

  @ApiProperty({
    example: ['080806'],
    type: [String],
    description: 'Peers without a complete input for the measure: left out of the median and the rank, never counted as zero.',
  })
  leftOut: string[];
}

export class PeersResponseDto {
  @ApiProperty({ example: '080801', description: 'The place: a municipality (6 digits), a province (4) or a department (2).' })
  ubigeo: string;

  @ApiProperty({ enum: ['municipality', 'province', 'department'], example: 'municipality', description: 'What the place and its peers are.' })
  level: 'municipality' | 'province' | 'department';

  @ApiProperty({ example: 'Espinar' })
  name: string;

  @ApiProperty({ example: '08' })
  departmentCode: string;

  @ApiProperty({ example: 'Cusco' })
  departmentName: string;

  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ example: 70522, nullable: true, type: Number, description: 'Inhabitants; null without a population figure (then there are no peers).' })
  population: number | null;

  @ApiProperty({
    example: 2023,
    nullable: true,
    type: Number,
    description: 'The year the populations are of: the year asked, or the nearest year with figures.',
  })
  populationYear: number | null;

  @ApiProperty({ example: 35261, nullable: true, type: Number, description: 'The band: peers have from half (rounded up) …' })
  minPopulation: number | null;

  @ApiProperty({ example: 141044, nullable: true, type: Number, description: '… to double its population, both included.' })
  maxPopulation: number | null;

  @ApiProperty({
    example: 'Pares: las municipalidades de Cusco con entre la mitad y el doble de habitantes que Espinar (70522 en 2023), es decir de 35261 a 141044.',
    description: 'The rule, in words, in the caller’s language.',
  })
  rule: string;

  @ApiProperty({ type: [PeerDto], description: 'The peers, by ubigeo, with their figures (null where an input is missing).' })
  peers: PeerDto[];

  @ApiProperty({
    example: ['080199'],
    type: [String],
    description: 'Places of the same level (in the department, or departments) without a complete population figure: whether they are peers cannot be said.',
  })
  withoutPopulation: string[];

  @ApiProperty({ type: RateStandingDto })
  executionRatePct: RateStandingDto;

  @ApiProperty({ type: AmountStandingDto })
  devengadoPerCapita: AmountStandingDto;

  @ApiProperty({ type: AmountStandingDto })
  canonPerCapita: AmountStandingDto;

  @ApiProperty({
    type: CanonReceivedDto,
    description:
      "The place's canon received in the year, where it came from, or which municipalities lack it: the figure GET /canon/places gives for the same place and year.",
  })
  canon: CanonReceivedDto;

  @ApiProperty({
    example: ['2 pares sin transferencias de canon (rubro 18) de 2024 quedan fuera de esa medida: 080806, 080807.'],
    type: [String],
    description: 'Who was left out of which measure and why, in words, in the caller’s language.',
  })
  notes: string[];
}
