import { Body, Controller, Get, Param, Put, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
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
import { Language } from '../i18n/language.js';
import type { Lang } from '../i18n/messages.js';
import { CanonDistributionService } from './canon-distribution.service.js';
import { CanonDistributionQueryDto, CanonDistributionResponseDto } from './dto/canon-distribution.dto.js';
import { ProducingDistrictsDto, SetProducingDistrictsDto } from './dto/producing-districts.dto.js';
import { departmentYear, ProducingDistricts } from './producing-districts.js';
import { Prices } from '../prices/prices.service.js';
import { PricedRead } from '../prices/prices.dto.js';

@ApiTags('canon-distribution')
@Controller()
export class CanonDistributionController {
  constructor(
    private readonly distribution: CanonDistributionService,
    private readonly producing: ProducingDistricts,
    private readonly prices: Prices,
  ) {}

  @Get('analytics/canon-distribution')
  @ApiTags('analytics')
  @ApiOperation({
    operationId: 'getCanonDistribution',
    summary:
      'Canon by law against canon received: each municipality of a department, what it received on rubro 18 and what each version of the distribution rules gives it',
    description:
      'The pot is what the department’s municipalities, regional government and universities received in the year (import format canon-entity-transfers). ' +
      'Every rules version is applied to it (version 1: Ley 27506 as modified by Leyes 28077 and 28322; version 2: the governance report’s Box 1), tier by tier, with exact céntimos and largest-remainder rounding. ' +
      'Municipal tiers are split by MEF’s imported indices (official) or population × poverty (estimate); without producing districts entered, the producing-district and producing-province tiers are not split and say so.',
  })
  @PricedRead()
  @ApiOkResponse({ type: CanonDistributionResponseDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'INVALID_REQUEST (a distribution is of one year: in constant soles it is converted with that year’s factor)',
  })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'DEPARTMENT_NOT_FOUND' })
  get(@Query() q: CanonDistributionQueryDto, @Language() lang: Lang): Promise<CanonDistributionResponseDto> {
    return this.prices.apply(q, () => this.distribution.distribution(q, lang));
  }

  @Get('canon-distribution/producing-districts/:department/:year')
  @ApiOperation({ operationId: 'getProducingDistricts', summary: 'The producing districts entered for a department and year' })
  @ApiParam({ name: 'department', example: '08' })
  @ApiParam({ name: 'year', example: '2024' })
  @ApiOkResponse({ type: ProducingDistrictsDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'DEPARTMENT_NOT_FOUND or PRODUCING_DISTRICTS_NOT_SET' })
  getProducing(@Param('department') department: string, @Param('year') year: string): Promise<ProducingDistrictsDto> {
    const key = departmentYear(department, year);
    return this.producing.get(key.department, key.year);
  }

  @Put('canon-distribution/producing-districts/:department/:year')
  @Roles('admin')
  @ApiSecurity('apiKey')
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'ROLE_NOT_ALLOWED: admin keys only' })
  @ApiOperation({
    operationId: 'setProducingDistricts',
    summary: 'Enter the producing districts of a department and year, with the reason; replaces what was entered before',
    description:
      'They decide who is in the producing-district and producing-province tiers of the canon distribution. Every change is in the audit trail (type producing_districts), with what it replaced.',
  })
  @ApiParam({ name: 'department', example: '08' })
  @ApiParam({ name: 'year', example: '2024' })
  @ApiOkResponse({ type: ProducingDistrictsDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'INVALID_REQUEST, INVALID_PRODUCING_DISTRICT (not a municipality of the department), or INVALID_JSON / BODY_TOO_DEEP',
  })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'DEPARTMENT_NOT_FOUND' })
  setProducing(
    @Param('department') department: string,
    @Param('year') year: string,
    @Body() body: SetProducingDistrictsDto,
    @Req() req: Request & { caller: Caller },
  ): Promise<ProducingDistrictsDto> {
    const key = departmentYear(department, year);
    return this.producing.set(key.department, key.year, body, req.caller.keyId);
  }
}
