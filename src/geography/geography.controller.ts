import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../common/domain-error.js';
import { ProblemDto } from '../common/problem.dto.js';
import { MunicipalityDto, MunicipalityPageDto, MunicipalityQueryDto } from './dto/municipality.dto.js';
import { GeographyRepository } from './geography.repository.js';

@ApiTags('geography')
@Controller('municipalities')
export class GeographyController {
  constructor(private readonly geography: GeographyRepository) {}

  @Get()
  @ApiOperation({ operationId: 'listMunicipalities', summary: 'Find municipalities by department, province or name, with population and rural share' })
  @ApiOkResponse({ type: MunicipalityPageDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST: a parameter is malformed or unknown.' })
  async list(@Query() query: MunicipalityQueryDto): Promise<MunicipalityPageDto> {
    const { total, items } = await this.geography.search(query);
    return { total, limit: query.limit ?? 100, offset: query.offset ?? 0, items };
  }

  @Get(':ubigeo')
  @ApiOperation({ operationId: 'getMunicipality', summary: 'One municipality by ubigeo' })
  @ApiParam({ name: 'ubigeo', example: '080801' })
  @ApiOkResponse({ type: MunicipalityDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'MUNICIPALITY_NOT_FOUND' })
  async get(@Param('ubigeo') ubigeo: string): Promise<MunicipalityDto> {
    const found = /^\d{6}$/.test(ubigeo) ? await this.geography.findOne(ubigeo) : null;
    if (!found) throw DomainError.of('MUNICIPALITY_NOT_FOUND', { ubigeo });
    return found;
  }
}
