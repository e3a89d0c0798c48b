import { Body, Controller, Delete, Get, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { ArrayMaxSize, IsIn, IsOptional, Matches } from 'class-validator';
import type { Request } from 'express';
import { DomainError } from '../common/domain-error.js';
import { ProblemDto } from '../common/problem.dto.js';
import { IdPath, MAX_ID } from '../common/query-params.js';
import { ROLES, type Role } from '../common/roles.js';
import { ApiKeysService, type KeyRow } from './api-keys.service.js';
import { type Caller, keyName, Roles } from '../common/roles.js';
import { WrittenText } from '../common/written-text.js';

export class CreateKeyDto {
  @ApiProperty({ example: 'Planning office, Municipalidad Provincial de Espinar' })
  @WrittenText({ min: 3, max: 200 })
  name: string;

  @ApiProperty({
    enum: ROLES,
    example: 'planner',
    description: 'admin: everything; planner: imports and edits for its municipalities; auditor: reads, reports.',
  })
  @IsIn(ROLES)
  role: Role;

  @ApiPropertyOptional({ example: ['080801'], type: [String], description: 'For a planner: the municipalities it may write.' })
  @IsOptional()
  @Matches(/^\d{6}$/, { each: true })
  @ArrayMaxSize(2000)
  municipalities?: string[];
}

export class KeyDto {
  @ApiProperty({ example: 2 })
  id: number;

  @ApiProperty({ example: 'Planning office, Municipalidad Provincial de Espinar' })
  name: string;

  @ApiProperty({ enum: ROLES, example: 'planner' })
  role: string;

  @ApiProperty({ example: ['080801'], type: [String] })
  municipalities: string[];

  @ApiProperty({
    example: 'key:2',
    description: "How records name the key (an import's createdBy): its id, and nothing of the key itself. The key is shown only when it is created.",
  })
  keyId: string;

  @ApiProperty({ example: '2026-11-22T10:00:00.000Z' })
  createdAt: string;

  @ApiProperty({ example: null, nullable: true, type: String })
  revokedAt: string | null;
}

export class CreatedKeyDto extends KeyDto {
  @ApiProperty({ example: 'ctk_…', description: 'The key. Shown only in this answer: it is stored hashed.' })
  key: string;
}

const toDto = (r: KeyRow): KeyDto => ({
  id: r.id,
  name: r.name,
  role: r.role,
  municipalities: r.municipalities,
  keyId: keyName(r.id),
  createdAt: new Date(r.created_at).toISOString(),
  revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
});

@ApiTags('keys')
@ApiSecurity('apiKey')
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
@ApiForbiddenResponse({ type: ProblemDto, description: 'ROLE_NOT_ALLOWED: admin keys only' })
@Controller('keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ operationId: 'createApiKey', summary: 'Create an API key (admin); the key is shown once' })
  @ApiCreatedResponse({ type: CreatedKeyDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'INVALID_REQUEST, INVALID_KEY_REQUEST, or INVALID_JSON / BODY_TOO_DEEP (a body that is not JSON, or nested over 32 levels)',
  })
  async create(@Body() body: CreateKeyDto, @Req() req: Request & { caller: Caller }): Promise<CreatedKeyDto> {
    const { key, row } = await this.keys.create(body, req.caller);
    return { ...toDto(row), key };
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ operationId: 'listApiKeys', summary: 'Every API key, revoked ones too, without the keys themselves (admin)' })
  @ApiOkResponse({ type: [KeyDto] })
  async list(): Promise<KeyDto[]> {
    return (await this.keys.list()).map(toDto);
  }

  @Delete(':id')
  @Roles('admin')
  @ApiOperation({ operationId: 'revokeApiKey', summary: 'Revoke an API key (admin); it stays listed with its revocation time' })
  @ApiOkResponse({ type: KeyDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST (an id that is not a whole number)' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'KEY_NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDto, description: 'LAST_ADMIN_KEY' })
  async revoke(@IdPath() id: number, @Req() req: Request & { caller: Caller }): Promise<KeyDto> {
    // an id past PostgreSQL's integer is no key: it must not reach the database, which would fail on it
    const row = id > 0 && id <= MAX_ID ? await this.keys.revoke(id, req.caller) : null;
    if (!row) throw DomainError.of('KEY_NOT_FOUND', { id });
    return toDto(row);
  }
}
