import { Controller, Get, Injectable, Module, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
  IntersectionType,
} from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { DataSource } from 'typeorm';
import { Roles } from '../common/roles.js';
import { ProblemDto } from '../common/problem.dto.js';
import { DateParam, IdParam, PageDto, PageMetaDto } from '../common/query-params.js';
import { AUDIT_ACTIONS, type AuditAction } from './audit-event.entity.js';
import { pagedTotal } from '../common/paging.js';

export class AuditQueryDto extends IntersectionType(PageDto) {
  @ApiPropertyOptional({ example: '080801', description: 'Changes that touched this municipality.' })
  @IsOptional()
  @Matches(/^\d{6}$/)
  municipality?: string;

  @IdParam({ example: 2, description: 'Changes made with this API key (its id).' })
  actor?: number;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  type?: string;

  @DateParam({ example: '2026-11-01', description: 'From this day (UTC), inclusive.' })
  from?: string;

  @DateParam({ example: '2026-11-30', description: 'To this day (UTC), inclusive.' })
  to?: string;
}

export class AuditEventDto {
  @ApiProperty({ example: '17' })
  id: string;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  at: string;

  @ApiProperty({ example: 2, nullable: true, type: Number, description: 'The API key that made the change.' })
  actor: number | null;

  @ApiProperty({ enum: AUDIT_ACTIONS, example: 'import' })
  type: string;

  @ApiProperty({ example: ['080801'], type: [String] })
  municipalities: string[];

  @ApiProperty({ example: '12', description: 'An import id, a CUI, a ubigeo, a rules version or a key id.' })
  subject: string;

  @ApiProperty({ example: null, nullable: true, description: 'The value before the change.' })
  before: unknown;

  @ApiProperty({ example: { importId: 12, inserted: 20 }, nullable: true, description: 'The value after the change.' })
  after: unknown;
}

export class AuditPageDto extends PageMetaDto {
  @ApiProperty({ type: [AuditEventDto] })
  items: AuditEventDto[];
}

/** An event of the trail as stored. */
interface AuditRow {
  id: string;
  at: Date;
  key_id: number | null;
  action: AuditAction;
  municipalities: string[];
  subject: string;
  before: unknown;
  after: unknown;
  total: number;
}

@Injectable()
export class AuditService {
  constructor(private readonly db: DataSource) {}

  async list(q: AuditQueryDto): Promise<AuditPageDto> {
    const params: unknown[] = [];
    const where: string[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.municipality) add('? = ANY(municipalities)', q.municipality);
    if (q.actor !== undefined) add('key_id = ?', q.actor);
    if (q.type) add('action = ?', q.type);
    if (q.from) add(`at >= ?::date`, q.from);
    if (q.to) add(`at < ?::date + 1`, q.to);
    const limit = q.limit ?? 100;
    const offset = q.offset ?? 0;
    const page = (limit: number, offset: number): Promise<AuditRow[]> =>
      this.db.query(
        `SELECT id, at, key_id, action, municipalities, subject, before, after, count(*) OVER ()::int AS total FROM audit_event
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
        params,
      );
    const rows = await page(limit, offset);
    return {
      total: await pagedTotal(rows, offset, () => page(1, 0)),
      limit,
      offset,
      items: rows.map((r) => ({
        id: String(r.id),
        at: new Date(r.at).toISOString(),
        actor: r.key_id,
        type: r.action,
        municipalities: r.municipalities,
        subject: r.subject,
        before: r.before,
        after: r.after,
      })),
    };
  }
}

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Roles('admin', 'auditor')
  @ApiSecurity('apiKey')
  @ApiOperation({ operationId: 'listAuditEvents', summary: 'The audit trail, newest first: who changed what and when (admin and auditor keys)' })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'ROLE_NOT_ALLOWED' })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST: e.g. from or to not a real calendar date, actor not an id' })
  list(@Query() q: AuditQueryDto): Promise<AuditPageDto> {
    return this.audit.list(q);
  }
}

@Module({ controllers: [AuditController], providers: [AuditService] })
export class AuditModule {}
