import { Controller, Get, HttpStatus, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../common/domain-error.js';
import { ProblemDto } from '../common/problem.dto.js';
import { ProjectDetailDto, ProjectPageDto, ProjectQueryDto } from './dto/project.dto.js';
import { ProjectsService } from './projects.service.js';

@ApiTags('projects')
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Get()
  @ApiOperation({ operationId: 'listProjects', summary: 'Investment projects of a municipality or year, from the budget lines and the Invierte.pe registry' })
  @ApiOkResponse({ type: ProjectPageDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  list(@Query() q: ProjectQueryDto): Promise<ProjectPageDto> {
    return this.projects.list(q);
  }

  @Get(':cui')
  @ApiOperation({ operationId: 'getProject', summary: "A project: its budget by year and snapshot, its cost history, location and area" })
  @ApiParam({ name: 'cui', example: '2250000' })
  @ApiOkResponse({ type: ProjectDetailDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'PROJECT_NOT_FOUND' })
  async get(@Param('cui') cui: string): Promise<ProjectDetailDto> {
    const found = /^\d{1,12}$/.test(cui) ? await this.projects.get(cui) : null;
    if (!found) throw new DomainError(HttpStatus.NOT_FOUND, 'PROJECT_NOT_FOUND', `No project has CUI ${cui} in the registry or the budget lines.`);
    return found;
  }
}
