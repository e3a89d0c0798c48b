import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiSecurity,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { type Caller, Roles } from '../common/roles.js';
import { ProblemDto } from '../common/problem.dto.js';
import { limaDate } from '../common/calendar-date.js';
import { IdPath } from '../common/query-params.js';
import { CommitmentsService } from './commitments.service.js';
import { CommitmentDto, CommitmentPageDto, CommitmentQueryDto, CreateCommitmentDto, DateQueryDto, UpdateCommitmentDto } from './dto/commitment.dto.js';

type Keyed = Request & { caller: Caller };
const Id = () => IdPath();
const PLACES_NOTE =
  'A planner key writes only commitments all of whose places lie within its municipalities (a province or department only when it holds every municipality of it); admin keys write any. ' +
  'Every change is in the audit trail with the municipalities of the places before and after it, in the same transaction.';

/** Today in Lima: the day overdue is judged on when the request names none. */
const today = (): string => limaDate(new Date());

@ApiTags('commitments')
@Controller('commitments')
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listCommitments',
    summary: 'Dialogue-table commitments: who committed what, where, by when, how far the linked projects have got, and whether it is overdue',
    description:
      'Progress comes from the linked projects (CUI): PIM and devengado of their current budget lines, and their Invierte.pe cost. ' +
      'With `place`, the commitments of that place, of places inside it and of places that contain it (`relation` says which), and the count of the Defensoría’s conflict cases there. ' +
      'Sorted by deadline (none last), then id.',
  })
  @ApiOkResponse({ type: CommitmentPageDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST, or UNKNOWN_PLACE: `place` is no department, province or district code' })
  list(@Query() q: CommitmentQueryDto): Promise<CommitmentPageDto> {
    return this.commitments.list(q, today());
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getCommitment', summary: 'One commitment, with its linked projects’ figures and progress (archived ones too)' })
  @ApiOkResponse({ type: CommitmentDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'COMMITMENT_NOT_FOUND' })
  get(@Id() id: number, @Query() q: DateQueryDto): Promise<CommitmentDto> {
    return this.commitments.get(id, q.date ?? today());
  }

  @Post()
  @Roles('admin', 'planner')
  @ApiSecurity('apiKey')
  @ApiOperation({
    operationId: 'createCommitment',
    summary: 'Record a commitment, with the places it concerns and the projects that fulfil it',
    description: PLACES_NOTE,
  })
  @ApiCreatedResponse({ type: CommitmentDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description:
      'INVALID_REQUEST, UNKNOWN_PLACE, UNKNOWN_PROJECT (a CUI the tracker does not know), INVALID_COMMITMENT (deadline before the day), INVALID_JSON',
  })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  @ApiForbiddenResponse({
    type: ProblemDto,
    description: 'ROLE_NOT_ALLOWED (an auditor key) or MUNICIPALITY_NOT_ALLOWED (a planner key, a place outside its municipalities)',
  })
  create(@Body() body: CreateCommitmentDto, @Req() req: Keyed): Promise<CommitmentDto> {
    return this.commitments.create(body, req.caller, today());
  }

  @Patch(':id')
  @Roles('admin', 'planner')
  @ApiSecurity('apiKey')
  @ApiOperation({
    operationId: 'updateCommitment',
    summary: 'Change a commitment: its status and evidence, or what was recorded; null clears amount, deadline or evidenceUrl',
    description: PLACES_NOTE,
  })
  @ApiOkResponse({ type: CommitmentDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'INVALID_REQUEST, UNKNOWN_PLACE, INVALID_COMMITMENT (deadline before the day, or nothing to change)',
  })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'ROLE_NOT_ALLOWED or MUNICIPALITY_NOT_ALLOWED' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'COMMITMENT_NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDto, description: 'COMMITMENT_ARCHIVED' })
  update(@Id() id: number, @Body() body: UpdateCommitmentDto, @Req() req: Keyed): Promise<CommitmentDto> {
    return this.commitments.update(id, body, req.caller, today());
  }

  @Put(':id/projects/:cui')
  @Roles('admin', 'planner')
  @ApiSecurity('apiKey')
  @ApiOperation({
    operationId: 'linkCommitmentProject',
    summary: 'Link a project (CUI) that fulfils the commitment; linking it again changes nothing',
    description: PLACES_NOTE,
  })
  @ApiParam({ name: 'cui', example: '2250000' })
  @ApiOkResponse({ type: CommitmentDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'INVALID_REQUEST, or UNKNOWN_PROJECT: a CUI the tracker does not know (import its registry row or budget lines first)',
  })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'ROLE_NOT_ALLOWED or MUNICIPALITY_NOT_ALLOWED' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'COMMITMENT_NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDto, description: 'COMMITMENT_ARCHIVED' })
  link(@Id() id: number, @Param('cui') cui: string, @Req() req: Keyed): Promise<CommitmentDto> {
    return this.commitments.link(id, cui, req.caller, today());
  }

  @Delete(':id/projects/:cui')
  @Roles('admin', 'planner')
  @ApiSecurity('apiKey')
  @ApiOperation({ operationId: 'unlinkCommitmentProject', summary: 'Unlink a project from the commitment', description: PLACES_NOTE })
  @ApiParam({ name: 'cui', example: '2250000' })
  @ApiOkResponse({ type: CommitmentDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST or UNKNOWN_PROJECT (not a CUI)' })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'ROLE_NOT_ALLOWED or MUNICIPALITY_NOT_ALLOWED' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'COMMITMENT_NOT_FOUND or PROJECT_NOT_LINKED' })
  @ApiConflictResponse({ type: ProblemDto, description: 'COMMITMENT_ARCHIVED' })
  unlink(@Id() id: number, @Param('cui') cui: string, @Req() req: Keyed): Promise<CommitmentDto> {
    return this.commitments.unlink(id, cui, req.caller, today());
  }

  @Delete(':id')
  @Roles('admin', 'planner')
  @ApiSecurity('apiKey')
  @ApiOperation({
    operationId: 'archiveCommitment',
    summary: 'Archive a commitment: it leaves the lists and can no longer change; nothing is deleted',
    description: PLACES_NOTE,
  })
  @ApiOkResponse({ type: CommitmentDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'ROLE_NOT_ALLOWED or MUNICIPALITY_NOT_ALLOWED' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'COMMITMENT_NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDto, description: 'COMMITMENT_ARCHIVED (already)' })
  archive(@Id() id: number, @Req() req: Keyed): Promise<CommitmentDto> {
    return this.commitments.archive(id, req.caller, today());
  }
}
