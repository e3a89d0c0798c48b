import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { YearParam } from '../../common/query-params.js';
import { MUNICIPAL_TIERS, TIERS } from '../distribution.js';
import { ProducingDistrictsDto } from './producing-districts.dto.js';
import { LangParam } from '../../i18n/lang-param.js';
import type { Lang } from '../../i18n/messages.js';
import { PricesDto, PricesProperty, PricesQueryDto } from '../../prices/prices.dto.js';

export class CanonDistributionQueryDto extends PricesQueryDto {
  @ApiProperty({ example: '08', description: 'Department code (2 digits), e.g. 08 = Cusco.' })
  @Matches(/^\d{2}$/, { message: 'department must be a 2-digit code such as 08' })
  department: string;

  @YearParam({ example: 2024, required: true, description: 'The year of the transfers divided.' })
  year: number;

  @ApiPropertyOptional({
    example: 'canon_minero',
    default: 'canon_minero',
    description: 'Whose MEF distribution indices weigh the municipalities, when imported (format canon-distribution-indices).',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_]{0,23}$/, { message: 'indexConcept must be a short name such as canon_minero' })
  indexConcept?: string;

  @LangParam()
  lang?: Lang;
}

export class DepartmentDto {
  @ApiProperty({ example: '08' })
  code: string;

  @ApiProperty({ example: 'Cusco' })
  name: string;
}

export class PotDto {
  @ApiProperty({ example: '2964071352.00', description: "What the department's entities received on rubro 18 in the year: the pot the rules divide." })
  total: string;

  @ApiProperty({ example: '2608453657.00', description: 'Received by its municipalities.' })
  municipalities: string;

  @ApiProperty({ example: '682999789.00', description: 'Received by the regional government (all its executing units).' })
  regionalGovernment: string;

  @ApiProperty({ example: '172617906.00', description: 'Received by its national universities.' })
  universities: string;

  @ApiProperty({
    example: 12,
    nullable: true,
    type: Number,
    description: 'The transfers cover January to this month (the earliest cut-off of the rows read; 12 = the whole year); null without transfers.',
  })
  throughMonth: number | null;

  @ApiProperty({ example: [3], type: [Number], description: 'The imports the transfers were read from.' })
  importIds: number[];
}

export class IndexInputsDto {
  @ApiProperty({ example: 'canon_minero', description: 'The concept whose official indices were looked for.' })
  concept: string;

  @ApiProperty({ example: 0, description: 'Municipalities of the department with an imported MEF index for the year and concept (official).' })
  officialMunicipalities: number;

  @ApiProperty({ example: 116, description: 'Municipalities with an estimated index: population × poverty rate.' })
  estimatedMunicipalities: number;

  @ApiProperty({ example: [], type: [String], description: 'Municipalities with neither (no population or no poverty rate, and no official index).' })
  withoutIndex: string[];

  @ApiProperty({ example: 'MINAM urban/rural population by district, the year nearest to the distribution year (the earlier on a tie).' })
  population: string;

  @ApiProperty({ example: 'INEI, Mapa de pobreza 2018: total poverty, % of the population (via ubigeo-peru-aumentado, MIT).' })
  poverty: string;
}

export class TierDto {
  @ApiProperty({ enum: TIERS, example: 'producing_province' })
  tier: string;

  @ApiProperty({ example: 25, description: 'Share of the pot, percent.' })
  sharePct: number;

  @ApiProperty({
    enum: ['equal', 'index', 'whole'],
    example: 'index',
    description: 'equal: the same to each municipality of the tier; index: in proportion to their index; whole: one recipient.',
  })
  split: string;

  @ApiProperty({ example: '741017838.00', description: "The tier's part of the pot." })
  amount: string;

  @ApiProperty({
    enum: ['split', 'whole', 'not_split', 'empty'],
    example: 'split',
    description:
      'split: divided among its municipalities; whole: one recipient; not_split: its municipalities are unknown (no producing districts entered); empty: none of its municipalities could take a part (none, or none with an index).',
  })
  status: string;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'estimate',
    description: 'For a split by index: official (MEF indices, when every municipality of the tier has one) or estimate; null for other tiers.',
  })
  indexSource: string | null;

  @ApiProperty({ example: 13, description: 'Municipalities in the tier (0 when unknown or a whole tier).' })
  municipalities: number;

  @ApiProperty({
    example: [],
    type: [String],
    description: 'Municipalities of the tier left out for want of an index: the tier went to the others, and their part is null.',
  })
  withoutIndex: string[];

  @ApiProperty({ example: '0.00', description: 'What no one could be given: the whole amount of a not_split or empty tier.' })
  unassigned: string;

  @ApiProperty({
    example: '682999789.00',
    nullable: true,
    type: String,
    description: 'For the regional government and the universities: what they received; null for municipal tiers.',
  })
  received: string | null;

  @ApiProperty({ example: '-58017480.00', nullable: true, type: String, description: 'received − amount, for the regional government and the universities.' })
  difference: string | null;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'Why the tier was not split, in words.' })
  note: string | null;
}

export class RulesVersionResultDto {
  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({ example: 'Ley 27506 as modified by Leyes 28077 and 28322' })
  name: string;

  @ApiProperty({ example: 'Ley 27506, Ley de Canon, art. 5.2, as modified by …', description: 'Where the shares come from.' })
  source: string;

  @ApiProperty({ example: 'The law in force: municipal tiers split by an index of population and poverty.' })
  note: string;

  @ApiProperty({ example: true, description: 'Every sol of the pot went to a recipient: no tier is not_split or empty and no municipality lacks an index.' })
  complete: boolean;

  @ApiProperty({ type: [TierDto], description: 'The tiers in order: producing district, producing province, department, regional government, universities.' })
  tiers: TierDto[];

  @ApiProperty({ example: '0.00', description: 'Sum of the tiers’ unassigned amounts.' })
  unassigned: string;
}

export class ExpectedDto {
  @ApiProperty({ example: 1 })
  version: number;

  @ApiProperty({
    example: '25012345.67',
    nullable: true,
    type: String,
    description: 'What the rules give it; null when a part of it is unknown (see byTier), never a guessed zero.',
  })
  expected: string | null;

  @ApiProperty({
    example: '0.00',
    nullable: true,
    type: String,
    description: 'Its part of the producing-district tier: 0.00 when not a member, null when unknown.',
  })
  producingDistrict: string | null;

  @ApiProperty({ example: '0.00', nullable: true, type: String, description: 'Its part of the producing-province tier.' })
  producingProvince: string | null;

  @ApiProperty({ example: '25012345.67', nullable: true, type: String, description: 'Its part of the department tier.' })
  department: string | null;

  @ApiProperty({ example: '100000000.00', nullable: true, type: String, description: 'received − expected; null when either is unknown.' })
  difference: string | null;

  @ApiProperty({
    example: 399.8,
    nullable: true,
    type: Number,
    description: '(received − expected) / expected × 100, one decimal; null when unknown or expected is 0.',
  })
  differencePct: number | null;
}

export class MunicipalityDistributionDto {
  @ApiProperty({ example: '080801' })
  ubigeo: string;

  @ApiProperty({ example: 'Espinar' })
  name: string;

  @ApiProperty({ enum: ['provincial', 'district'], example: 'provincial' })
  kind: string;

  @ApiProperty({ example: '0808' })
  provinceCode: string;

  @ApiProperty({ example: true, description: 'One of the producing districts entered for the department and year.' })
  producing: boolean;

  @ApiProperty({
    example: '125056484.00',
    nullable: true,
    type: String,
    description: 'Rubro 18 received in the year; null when the transfers imported do not name it (unknown, not zero).',
  })
  received: string | null;

  @ApiProperty({
    example: 4.79,
    nullable: true,
    type: Number,
    description: "Its share of what the department's municipalities received, percent with two decimals.",
  })
  shareOfMunicipalCanonPct: number | null;

  @ApiProperty({ example: 67950, nullable: true, type: Number, description: 'Population used by the estimate.' })
  population: number | null;

  @ApiProperty({ example: 2023, nullable: true, type: Number, description: 'The year of that population.' })
  populationYear: number | null;

  @ApiProperty({ example: 39.812, nullable: true, type: Number, description: 'Total poverty, % of the population (INEI 2018), used by the estimate.' })
  povertyPct: number | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'district',
    description:
      "district: the district's own rate; province: the district has none (created after the 2018 map), so its province's rate, the population-weighted mean of its districts', stands in; null when neither is known.",
  })
  povertyFrom: string | null;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'The imported MEF index, when there is one (official).' })
  officialIndex: string | null;

  @ApiProperty({ type: [ExpectedDto], description: 'What each rules version gives it, in version order.' })
  expected: ExpectedDto[];
}

export class CanonDistributionResponseDto {
  @ApiProperty({ type: DepartmentDto })
  department: DepartmentDto;

  @ApiProperty({ example: 2024 })
  year: number;

  @ApiProperty({ type: PotDto })
  pot: PotDto;

  @ApiProperty({
    type: ProducingDistrictsDto,
    nullable: true,
    description: 'As entered for the department and year; null when none were: the producing-district and producing-province tiers are then not split.',
  })
  producingDistricts: ProducingDistrictsDto | null;

  @ApiProperty({ type: IndexInputsDto })
  index: IndexInputsDto;

  @ApiProperty({ type: [RulesVersionResultDto], description: 'Every version of the distribution rules, applied to the same pot.' })
  versions: RulesVersionResultDto[];

  @ApiProperty({ type: [MunicipalityDistributionDto], description: 'Every municipality of the department, by ubigeo.' })
  municipalities: MunicipalityDistributionDto[];

  @ApiProperty({
    example: ['Producing districts have not been entered for 08 in 2024: …'],
    type: [String],
    description: 'What kept parts of the answer unknown, in words.',
  })
  notes: string[];

  @ApiProperty({ example: 'The pot is …', description: 'How the figures were computed.' })
  method: string;

  @PricesProperty()
  prices?: PricesDto;
}

export const MUNICIPAL_TIER_KEYS: Record<(typeof MUNICIPAL_TIERS)[number], 'producingDistrict' | 'producingProvince' | 'department'> = {
  producing_district: 'producingDistrict',
  producing_province: 'producingProvince',
  department: 'department',
};
