import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { PageMetaDto } from '../../common/query-params.js';
import { RULE_KINDS, RULES } from '../rules.js';
import { WrittenText } from '../../common/written-text.js';

const KINDS_DOC = Object.entries(RULES)
  .map(([kind, r]) => `\`${kind}\`${Object.keys(r.params).length ? ` (${Object.keys(r.params).join(', ')})` : ''}: ${r.description}`)
  .join(' ');

/** A rule parameter in a body: a finite number; its range and decimals are each kind's (rules.ts), checked by the service. */
const Param = (doc: { example: number; description: string }) =>
  applyDecorators(ApiPropertyOptional(doc), IsOptional(), IsNumber({ allowNaN: false, allowInfinity: false }));

/** One rule of a subscription: its kind and the parameters that kind takes (and no others). */
export class AlertRuleDto {
  @ApiProperty({ enum: RULE_KINDS, example: 'canon_utilisation', description: `What fires an alert. ${KINDS_DOC}` })
  @IsIn(RULE_KINDS)
  kind: string;

  @Param({
    example: 50,
    description: 'canon_utilisation: the utilisation (rubro-18 devengado ÷ canon transferred × 100) under which it fires; 0-100, at most one decimal.',
  })
  belowPct?: number;

  @Param({
    example: 6,
    description: 'canon_utilisation, pia_project_without_devengado: the month (1-12) the budget snapshot must describe, at least, for the rule to apply.',
  })
  byMonth?: number;

  @Param({
    example: 15,
    description: 'execution_below_peers: how many percentage points under the median of the department’s other municipalities; 0-100, at most one decimal.',
  })
  points?: number;

  @Param({ example: 30, description: 'pim_over_pia: how far over the PIA, in %, the PIM must be; 0-100000, at most one decimal.' })
  overPct?: number;
}

export class SubscriptionBodyDto {
  @ApiProperty({ example: 'Espinar: canon y ejecución' })
  @WrittenText({ min: 3, max: 200 })
  name: string;

  @ApiProperty({
    example: ['0808', '080101'],
    type: [String],
    description:
      'The places watched: department (2 digits), province (4) or municipality (ubigeo, 6) codes, mixed freely; rules are evaluated for each municipality in them.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ArrayUnique()
  @Matches(/^\d{2}(\d{2}(\d{2})?)?$/, { each: true, message: 'each place must be a department (2 digits), province (4) or municipality (6) code' })
  places: string[];

  @ApiProperty({ type: [AlertRuleDto], description: 'At least one rule, at most 20, none twice.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsObject({ each: true }) // an empty array inside the array passed ValidateNested, and failed in the service (a 500)
  @ValidateNested({ each: true })
  @Type(() => AlertRuleDto)
  rules: AlertRuleDto[];

  @ApiPropertyOptional({
    example: 'https://sistemas.region.gob.pe/hooks/canon',
    nullable: true,
    type: String,
    description:
      'Where each alert is POSTed as JSON, signed (X-Canon-Signature-256: sha256=HMAC-SHA256 of the body under the secret) with its delivery id (X-Canon-Delivery). ' +
      'Refused when any address it resolves to is private, loopback or link-local (unless the server sets WEBHOOK_ALLOW_PRIVATE). Absent or null: alerts are only listed (GET /alerts).',
  })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  webhookUrl?: string | null;
}

export class SubscriptionDto {
  @ApiProperty({ example: 3 })
  id: number;

  @ApiProperty({ example: 'Espinar: canon y ejecución' })
  name: string;

  @ApiProperty({ example: ['0808', '080101'], type: [String] })
  places: string[];

  @ApiProperty({ type: [AlertRuleDto] })
  rules: AlertRuleDto[];

  @ApiProperty({ example: 'https://sistemas.region.gob.pe/hooks/canon', nullable: true, type: String })
  webhookUrl: string | null;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  updatedAt: string;
}

export class CreatedSubscriptionDto extends SubscriptionDto {
  @ApiProperty({ example: '9f2c…', description: 'The secret webhook bodies are signed with. Shown only in this answer.' })
  secret: string;
}

export class DeliveryAttemptDto {
  @ApiProperty({ example: 1 })
  attempt: number;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  at: string;

  @ApiProperty({ example: 503, nullable: true, type: Number, description: 'The receiver’s HTTP status; null when it did not answer.' })
  statusCode: number | null;

  @ApiProperty({
    example: null,
    nullable: true,
    type: String,
    description: 'Why the attempt failed without an answer (timeout, refused address, connection error).',
  })
  error: string | null;

  @ApiProperty({ example: 84 })
  durationMs: number;
}

export class DeliveryDto {
  @ApiProperty({
    example: '0b7d2c1e-5d0f-4a53-9a55-2f3c2b4a9e10',
    description: 'The delivery id: X-Canon-Delivery and the body’s deliveryId, the same on every attempt.',
  })
  id: string;

  @ApiProperty({ example: 41 })
  alertId: number;

  @ApiProperty({
    enum: ['pending', 'delivered', 'failed'],
    example: 'delivered',
    description: 'pending: to be attempted (again) at nextAttemptAt; delivered: a 2xx answer; failed: WEBHOOK_MAX_ATTEMPTS attempts failed.',
  })
  status: string;

  @ApiProperty({ example: 3 })
  attempts: number;

  @ApiProperty({ example: null, nullable: true, type: String })
  nextAttemptAt: string | null;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: '2026-11-22T10:03:30.000Z', nullable: true, type: String })
  deliveredAt: string | null;

  @ApiProperty({ example: null, nullable: true, type: String, description: 'The delivery this one replays.' })
  replayOf: string | null;

  @ApiProperty({ type: [DeliveryAttemptDto] })
  attemptLog: DeliveryAttemptDto[];
}

export class DeliveryPageDto extends PageMetaDto {
  @ApiProperty({ type: [DeliveryDto] })
  items: DeliveryDto[];
}
