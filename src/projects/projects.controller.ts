import { Body, Controller, Get, Param, Put, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import { type Caller, Roles } from '../common/roles.js';
import {
  ApiBadRequestResponse,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiUnauthorizedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError } from '../common/domain-error.js';
import { ProblemDto } from '../common/problem.dto.js';
import { SetAreaDto, SetDimensionDto } from '../analytics/dto/analyses.dto.js';
import { ProjectDetailDto, ProjectPageDto, ProjectQueryDto } from './dto/project.dto.js';
import { ProjectsService } from './projects.service.js';
import { PricedRead, PricesQueryDto } from '../prices/prices.dto.js';
import { Prices } from '../prices/prices.service.js';

@ApiTags('projects')
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly prices: Prices,
  ) {}

  @Get()
  @ApiOperation({ operationId: 'listProjects', summary: 'Investment projects of a municipality or year, from the budget lines and the Invierte.pe registry' })
  @PricedRead()
  @ApiOkResponse({ type: ProjectPageDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  list(@Query() q: ProjectQueryDto): Promise<ProjectPageDto> {
    return this.prices.apply(
      q,
      (prices) => this.projects.list(q, prices),
      undefined,
      (page) => page.years,
    );
  }

  @Get(':cui')
  @ApiOperation({ operationId: 'getProject', summary: 'A project: its budget by year and snapshot, its cost history, location and area' })
  @ApiParam({ name: 'cui', example: '2250000' })
  @PricedRead()
  @ApiOkResponse({ type: ProjectDetailDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'PROJECT_NOT_FOUND' })
  get(@Param('cui') cui: string, @Query() q: PricesQueryDto): Promise<ProjectDetailDto> {
    return this.prices.apply(
      q,
      async (prices) => {
        const found = /^\d{1,12}$/.test(cui) ? await this.projects.get(cui, prices) : null;
        if (!found) throw DomainError.of('PROJECT_NOT_FOUND', { cui });
        return found;
      },
      undefined,
      (project) => project.budget.map((b) => b.year),
    );
  }

  @Put(':cui/area')
  @Roles('admin', 'planner')
  @ApiSecurity('apiKey')
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  @ApiForbiddenResponse({
    type: ProblemDto,
    description:
      'ROLE_NOT_ALLOWED, or MUNICIPALITY_NOT_ALLOWED for a planner whose municipalities have no current budget line of the project and no registry location of it',
  })
  @ApiOperation({
    operationId: 'setProjectArea',
    summary: "Set a project's area (urban or rural) as a person knows it, with the reason; unknown removes it",
    description: 'An area set here outranks the location and the name keywords in the urban/rural analysis.',
  })
  @ApiParam({ name: 'cui', example: '2250000' })
  @ApiOkResponse({ type: ProjectDetailDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'INVALID_REQUEST, or INVALID_JSON / BODY_TOO_DEEP (a body that is not JSON, or nested over 32 levels)',
  })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'PROJECT_NOT_FOUND' })
  async setArea(@Param('cui') cui: string, @Body() body: SetAreaDto, @Req() req: Request & { caller: Caller }): Promise<ProjectDetailDto> {
    return this.change(req.caller, cui, { area: body.area, reason: body.reason });
  }

  @Put(':cui/dimension')
  @Roles('admin', 'planner')
  @ApiSecurity('apiKey')
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  @ApiForbiddenResponse({
    type: ProblemDto,
    description:
      'ROLE_NOT_ALLOWED, or MUNICIPALITY_NOT_ALLOWED for a planner whose municipalities have no current budget line of the project and no registry location of it',
  })
  @ApiOperation({
    operationId: 'setProjectDimension',
    summary: 'Set a project\'s ECLAC dimension, overriding the classification rules, with the reason; "rules" removes it',
  })
  @ApiParam({ name: 'cui', example: '2250000' })
  @ApiOkResponse({ type: ProjectDetailDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'INVALID_REQUEST, or INVALID_JSON / BODY_TOO_DEEP (a body that is not JSON, or nested over 32 levels)',
  })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'PROJECT_NOT_FOUND' })
  async setDimension(@Param('cui') cui: string, @Body() body: SetDimensionDto, @Req() req: Request & { caller: Caller }): Promise<ProjectDetailDto> {
    return this.change(req.caller, cui, { dimension: body.dimension, reason: body.reason });
  }

  private async change(caller: Caller, cui: string, change: { area?: string; dimension?: string; reason: string }): Promise<ProjectDetailDto> {
    const notFound = () => DomainError.of('PROJECT_NOT_FOUND', { cui });
    const before = /^\d{1,12}$/.test(cui) ? await this.projects.get(cui) : null;
    if (!before) throw notFound();
    if (caller.role === 'planner' && !(await this.projects.mayChange(cui, caller.municipalities))) {
      throw DomainError.of('MUNICIPALITY_NOT_ALLOWED.project', { cui });
    }
    if (!(await this.projects.override(cui, change, caller.keyId))) throw notFound();
    return (await this.projects.get(cui))!;
  }
}
