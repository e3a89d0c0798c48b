import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  MaxLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { ConflictSummaryDto } from '../../conflicts/dto/conflict.dto.js';
import { BooleanParam, DateParam, isCalendarDate, PageDto, PageMetaDto } from '../../common/query-params.js';
import { PlaceDto } from '../../geography/dto/place.dto.js';
import { PLACE_CODE, PLACE_RELATIONS, PlaceParam, type PlaceRelation } from '../../geography/places.js';
import { WrittenText } from '../../common/written-text.js';

export const COMMITMENT_STATUSES = ['pendiente', 'en_curso', 'cumplido', 'incumplido'] as const;
export type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
export const PARTY_KINDS = ['company', 'ministry', 'regional_government', 'municipality', 'other'] as const;
export type PartyKind = (typeof PARTY_KINDS)[number];

const AMOUNT = /^\d{1,16}(\.\d{1,2})?$/;
const CUI = /^\d{5,12}$/;

/** A day in a body, YYYY-MM-DD, a real one. */
const CalendarDay = () =>
  ValidateBy({
    name: 'isCalendarDay',
    validator: {
      validate: (v: unknown) => typeof v === 'string' && isCalendarDate(v),
      defaultMessage: (a) => `${a?.property} must be a real calendar date as YYYY-MM-DD, such as 2024-06-30`,
    },
  });
/** In a change: absent leaves the field as it is; null is refused (for fields a commitment always has). */
const Present = () => ValidateIf((_o, v) => v !== undefined);
/** In a change: absent leaves the field, null clears it. */
const Clearable = () => ValidateIf((_o, v) => v !== undefined && v !== null);

const FORUM = { example: 'Mesa de Diálogo de Espinar (2013)', description: 'The dialogue table, agreement or act where it was committed.' };
const AGREED_ON = { example: '2013-08-23', format: 'date', description: 'The day it was committed.' };
const PARTY_KIND = {
  enum: PARTY_KINDS,
  example: 'company',
  description: 'Who committed: a company, a ministry, a regional government, a municipality, or other.',
};
const PARTY_NAME = { example: 'Compañía Minera Antapaccay S.A.' };
const DESCRIPTION = { example: 'Financiar el mejoramiento del sistema de agua potable de Yauri.', description: 'What was committed.' };
const AMOUNT_DOC = { example: '1500000.00', nullable: true, type: String, description: 'Amount committed in soles, exact (up to two decimals), as a string.' };
const DEADLINE = {
  example: '2016-12-31',
  format: 'date',
  nullable: true,
  type: String,
  description: 'When it was due. Past it and not cumplido, the commitment is overdue.',
};
const PLACES: ApiPropertyOptions = {
  example: ['0808'],
  type: [String],
  description: 'The places it concerns: departments (2 digits), provinces (4) or districts (6), each a place of the reference geography.',
};
const STATUS = { enum: COMMITMENT_STATUSES, example: 'en_curso', description: 'As a person judges it: pendiente, en_curso, cumplido or incumplido.' };
const EVIDENCE = {
  example: 'https://www.gob.pe/institucion/pcm/informes-publicaciones/acta-espinar',
  nullable: true,
  type: String,
  description: 'A link to the evidence of the status.',
};

export class CreateCommitmentDto {
  @ApiProperty(FORUM) @WrittenText({ min: 3, max: 300 }) forum: string;
  @ApiProperty(AGREED_ON) @CalendarDay() agreedOn: string;
  @ApiProperty(PARTY_KIND) @IsIn(PARTY_KINDS) partyKind: PartyKind;
  @ApiProperty(PARTY_NAME) @WrittenText({ min: 2, max: 300 }) partyName: string;
  @ApiProperty(DESCRIPTION) @WrittenText({ min: 3, max: 4000 }) description: string;

  @ApiPropertyOptional(AMOUNT_DOC)
  @IsOptional()
  @IsString()
  @Matches(AMOUNT, { message: 'amount must be soles as a decimal string with at most two decimals, such as "1500000.00"' })
  amount?: string | null;

  @ApiPropertyOptional(DEADLINE) @IsOptional() @CalendarDay() deadline?: string | null;

  @ApiProperty(PLACES)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(PLACE_CODE, { each: true, message: 'each place must be a department (2 digits), province (4) or district (6) code, such as 0808' })
  places: string[];

  @ApiPropertyOptional({
    example: ['2250000'],
    type: [String],
    description: 'The investments (CUI) that fulfil it; each must be known to the tracker (registry or budget lines).',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(CUI, { each: true, message: 'each project must be a CUI of 5 to 12 digits, such as 2250000' })
  projects?: string[];

  @ApiPropertyOptional({ ...STATUS, default: 'pendiente' }) @IsOptional() @IsIn(COMMITMENT_STATUSES) status?: CommitmentStatus;

  @ApiPropertyOptional(EVIDENCE)
  @IsOptional()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'evidenceUrl must be an http or https link' })
  @MaxLength(2000)
  evidenceUrl?: string | null;
}

/** A change: the fields given are set (amount, deadline and evidenceUrl cleared by null); the projects change through their own routes. */
export class UpdateCommitmentDto {
  @ApiPropertyOptional(FORUM) @Present() @WrittenText({ min: 3, max: 300 }) forum?: string;
  @ApiPropertyOptional(AGREED_ON) @Present() @CalendarDay() agreedOn?: string;
  @ApiPropertyOptional(PARTY_KIND) @Present() @IsIn(PARTY_KINDS) partyKind?: PartyKind;
  @ApiPropertyOptional(PARTY_NAME) @Present() @WrittenText({ min: 2, max: 300 }) partyName?: string;
  @ApiPropertyOptional(DESCRIPTION) @Present() @WrittenText({ min: 3, max: 4000 }) description?: string;

  @ApiPropertyOptional(AMOUNT_DOC)
  @Clearable()
  @IsString()
  @Matches(AMOUNT, { message: 'amount must be soles as a decimal string with at most two decimals, such as "1500000.00"' })
  amount?: string | null;

  @ApiPropertyOptional(DEADLINE) @Clearable() @CalendarDay() deadline?: string | null;

  @ApiPropertyOptional(PLACES)
  @Present()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @Matches(PLACE_CODE, { each: true, message: 'each place must be a department (2 digits), province (4) or district (6) code, such as 0808' })
  places?: string[];

  @ApiPropertyOptional(STATUS) @Present() @IsIn(COMMITMENT_STATUSES) status?: CommitmentStatus;

  @ApiPropertyOptional(EVIDENCE)
  @Clearable()
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'evidenceUrl must be an http or https link' })
  @MaxLength(2000)
  evidenceUrl?: string | null;
}

export const CUI_PATTERN = CUI;

export class CommitmentQueryDto extends PageDto {
  @PlaceParam('Commitments that concern this place, a place inside it, or a place that contains it (see `relation`).')
  place?: string;

  @ApiPropertyOptional({ enum: COMMITMENT_STATUSES }) @IsOptional() @IsIn(COMMITMENT_STATUSES) status?: CommitmentStatus;

  @BooleanParam({ example: true, description: 'Only overdue commitments (true), or only those that are not (false), on `date`.' })
  overdue?: boolean;

  @DateParam({ example: '2026-12-06', description: 'The day overdue is judged on. Today (Lima) when omitted.' })
  date?: string;

  @BooleanParam({ example: false, description: 'Include archived commitments.', default: false })
  includeArchived?: boolean;
}

export class DateQueryDto {
  @DateParam({ example: '2026-12-06', description: 'The day overdue is judged on. Today (Lima) when omitted.' })
  date?: string;
}

export class CommitmentProjectDto {
  @ApiProperty({ example: '2250000' }) cui: string;
  @ApiProperty({
    example: 'MEJORAMIENTO DEL SERVICIO DE AGUA POTABLE EN YAURI',
    nullable: true,
    type: String,
    description: 'From the registry, else its latest budget line.',
  })
  name: string | null;
  @ApiProperty({
    example: '1800.00',
    nullable: true,
    type: String,
    description: 'PIM of its current budget lines (every year, each municipality-year at its latest snapshot), as GET /projects/{cui}.',
  })
  pim: string | null;
  @ApiProperty({ example: '700.00', nullable: true, type: String }) devengado: string | null;
  @ApiProperty({ example: 38.9, nullable: true, type: Number }) executionRatePct: number | null;
  @ApiProperty({
    example: '656254436.90',
    nullable: true,
    type: String,
    description: 'Invierte.pe cost: the registry’s latest updated cost, else its viable amount.',
  })
  cost: string | null;
  @ApiProperty({ example: 'updated_cost', enum: ['updated_cost', 'viable_amount', null], nullable: true }) costSource: 'updated_cost' | 'viable_amount' | null;
}

export class CommitmentProgressDto {
  @ApiProperty({ example: '1800.00', nullable: true, type: String, description: 'Summed over the linked projects with budget lines.' }) pim: string | null;
  @ApiProperty({ example: '700.00', nullable: true, type: String }) devengado: string | null;
  @ApiProperty({ example: '656254436.90', nullable: true, type: String, description: 'Summed over the linked projects with a cost.' }) cost: string | null;
  @ApiProperty({ example: 38.9, nullable: true, type: Number, description: 'devengado ÷ PIM × 100, one decimal.' }) executionRatePct: number | null;
  @ApiProperty({
    example: 0.1,
    nullable: true,
    type: Number,
    description: 'devengado ÷ cost × 100; null unless every linked project has budget lines and a cost.',
  })
  costProgressPct: number | null;
  @ApiProperty({
    example: 0.1,
    nullable: true,
    type: Number,
    description: 'devengado ÷ amount × 100; null without an amount or unless every linked project has budget lines.',
  })
  amountProgressPct: number | null;
  @ApiProperty({ example: [], type: [String], description: 'Linked projects with no current budget line: their devengado is unknown, not 0.' })
  projectsWithoutBudget: string[];
  @ApiProperty({ example: [], type: [String], description: 'Linked projects with no cost in the registry.' }) projectsWithoutCost: string[];
}

export class CommitmentDto {
  @ApiProperty({ example: 3 }) id: number;
  @ApiProperty(FORUM) forum: string;
  @ApiProperty(AGREED_ON) agreedOn: string;
  @ApiProperty(PARTY_KIND) partyKind: PartyKind;
  @ApiProperty(PARTY_NAME) partyName: string;
  @ApiProperty(DESCRIPTION) description: string;
  @ApiProperty(AMOUNT_DOC) amount: string | null;
  @ApiProperty(DEADLINE) deadline: string | null;
  @ApiProperty({ type: [PlaceDto] }) places: PlaceDto[];
  @ApiProperty({
    example: ['080801', '080802'],
    type: [String],
    description: 'The municipalities of those places: a planner key writes the commitment only when it may write every one.',
  })
  municipalities: string[];
  @ApiProperty(STATUS) status: CommitmentStatus;
  @ApiProperty(EVIDENCE) evidenceUrl: string | null;
  @ApiProperty({ example: true, description: 'Past its deadline on `date` and not cumplido.' }) overdue: boolean;
  @ApiProperty({ example: '2026-12-06', description: 'The day overdue was judged on.' }) asOf: string;
  @ApiProperty({
    enum: [...PLACE_RELATIONS, null],
    example: 'exact',
    nullable: true,
    description: 'With `place`: exact (it names that place), inside (a place inside it) or contains (a place that contains it).',
  })
  relation: PlaceRelation | null;
  @ApiProperty({ type: [CommitmentProjectDto] }) projects: CommitmentProjectDto[];
  @ApiProperty({ type: CommitmentProgressDto }) progress: CommitmentProgressDto;
  @ApiProperty({ example: 'key:3', nullable: true, type: String }) createdBy: string | null;
  @ApiProperty({ example: '2026-12-06T15:04:05.000Z' }) createdAt: string;
  @ApiProperty({ example: '2026-12-06T15:04:05.000Z' }) updatedAt: string;
  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description: 'When it was archived (DELETE); archived commitments are left out of lists unless includeArchived=true.',
  })
  archivedAt: string | null;
}

export class CommitmentPageDto extends PageMetaDto {
  @ApiProperty({ type: [CommitmentDto] }) items: CommitmentDto[];
  @ApiProperty({
    type: ConflictSummaryDto,
    nullable: true,
    description: 'With `place`: the Defensoría’s conflict cases of the place, as GET /conflicts gives them.',
  })
  conflicts: ConflictSummaryDto | null;
}
