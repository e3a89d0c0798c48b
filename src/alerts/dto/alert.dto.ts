import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches, ValidateBy } from 'class-validator';
import { isRealDate } from '../../common/calendar-date.js';
import { IdParam, PageDto, PageMetaDto } from '../../common/query-params.js';
import { LangParam } from '../../i18n/lang-param.js';
import { RULE_KINDS } from '../rules.js';
import { AlertRuleDto } from './subscription.dto.js';

export class AlertQueryDto extends IntersectionType(PageDto) {
  @ApiPropertyOptional({
    example: '0808',
    description: 'Alerts of municipalities in this place: a department (2 digits), province (4) or municipality (6) code.',
  })
  @IsOptional()
  @Matches(/^\d{2}(\d{2}(\d{2})?)?$/, { message: 'place must be a department (2 digits), province (4) or municipality (6) code' })
  place?: string;

  @ApiPropertyOptional({ enum: RULE_KINDS, example: 'canon_utilisation' })
  @IsOptional()
  @IsIn(RULE_KINDS)
  rule?: string;

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'Alerts fired at or after this moment (ISO 8601; a date alone is its midnight UTC).' })
  @IsOptional()
  @ValidateBy({
    name: 'isMoment',
    validator: {
      validate: (v: unknown) =>
        typeof v === 'string' &&
        /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(v) &&
        // a day of the calendar (Date.parse takes 2025-02-30 for March 2nd; PostgreSQL refuses it: a 500)
        isRealDate(v.slice(0, 10)) &&
        !Number.isNaN(Date.parse(v)) &&
        v >= '1900' &&
        v < '2101',
      defaultMessage: () => 'since must be an ISO 8601 date or date-time such as 2026-11-01 or 2026-11-01T00:00:00Z',
    },
  })
  since?: string;

  @IdParam({ example: 3, description: 'Alerts of this subscription only.' })
  subscription?: number;

  @LangParam()
  lang?: string;
}

export class AlertPlaceDto {
  @ApiProperty({ example: '080801' })
  ubigeo: string;

  @ApiProperty({ example: 'Espinar' })
  name: string;
}

export class AlertDto {
  @ApiProperty({ example: 41 })
  id: number;

  @ApiProperty({ example: 3 })
  subscriptionId: number;

  @ApiProperty({ type: AlertRuleDto, description: 'The rule that fired, with its parameters as they were then.' })
  rule: AlertRuleDto;

  @ApiProperty({ type: AlertPlaceDto })
  place: AlertPlaceDto;

  @ApiProperty({
    example: '2024',
    description: 'The period the figures are of: the budget year; for commitment_overdue, the deadline that passed (YYYY-MM-DD).',
  })
  period: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] },
    example: { year: 2024, transferred: '80715451.00', devengado: '20178862.75', utilisationPct: 25 },
    description:
      'The figures that fired it (money as decimal strings, percentages with one decimal); an alert is stored once for the same subscription, rule, place, period and figures ' +
      '(commitment_overdue: once per commitment and deadline, whatever its status or wording then). ' +
      'canon_utilisation: transferred, devengado, utilisationPct; execution_below_peers: executionPct, peerMedianPct, gapPoints, peers; pia_project_without_devengado: cui, name, pia, pim, devengado; ' +
      'pim_over_pia: pia, pim, overPct; new_figures: dataset (budget, canon, execution) and its amounts; ' +
      'commitment_overdue: commitmentId, forum, partyName, description, deadline, status (as they were when it fired); its place is the first of the commitment’s municipalities in the subscription’s places.',
  })
  figures: Record<string, string | number>;

  @ApiProperty({
    example: '2024-06-30',
    nullable: true,
    type: String,
    description: 'The snapshot date of the figures; for commitment_overdue, the day on which it was found overdue.',
  })
  asOf: string | null;

  @ApiProperty({
    example: 'En 2024, Espinar devengó el 25 % del canon transferido (20178862.75 de 80715451.00), por debajo del 50 % esperado al mes 6.',
    description: 'What it says, in the caller’s language.',
  })
  message: string;

  @ApiProperty({
    example: 12,
    nullable: true,
    type: Number,
    description: 'The import after which it fired; null for commitment_overdue (a deadline passes without any import).',
  })
  importId: number | null;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  firedAt: string;
}

export class AlertPageDto extends PageMetaDto {
  @ApiProperty({ type: [AlertDto], description: 'Newest first.' })
  items: AlertDto[];
}
