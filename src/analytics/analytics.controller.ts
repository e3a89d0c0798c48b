import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../common/problem.dto.js';
import { AnalyticsService } from './analytics.service.js';
import { CanonAnalysisQueryDto, CanonAnalysisResponseDto } from './dto/canon-analysis.dto.js';
import { UrbanRuralQueryDto, UrbanRuralResponseDto } from './dto/urban-rural.dto.js';
import { DimensionsQueryDto, DimensionsResponseDto, ReplaceRulesDto, RulesQueryDto, RulesVersionDto } from './dto/dimensions.dto.js';

@ApiTags('analytics')
@Controller()
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  @Get('analytics/dimensions')
  @ApiOperation({
    operationId: 'getDimensions',
    summary: "How the budget divides among ECLAC's dimensions: structural change, income and productivity, equal rights",
    description: 'Reads the latest budget lines (MEF open data or the template). Each line takes the dimension of its most specific rule (grupo, división, función).',
  })
  @ApiOkResponse({ type: DimensionsResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'CLASSIFICATION_VERSION_NOT_FOUND' })
  dimensions(@Query() q: DimensionsQueryDto): Promise<DimensionsResponseDto> {
    return this.analytics.dimensions(q);
  }

  @Get('analytics/canon')
  @ApiOperation({
    operationId: 'getUnspentCanon',
    summary: 'Unspent canon: rubro-18 transfers against PIM and devengado on rubro 18, per municipality and in total',
    description: 'Both definitions side by side: utilization = devengado / transferred, execution = devengado / PIM on rubro 18.',
  })
  @ApiOkResponse({ type: CanonAnalysisResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  canon(@Query() q: CanonAnalysisQueryDto): Promise<CanonAnalysisResponseDto> {
    return this.analytics.canon(q);
  }

  @Get('analytics/urban-rural')
  @ApiOperation({
    operationId: 'getUrbanRuralSkew',
    summary: 'Urban/rural skew at municipality level: per-capita PIM and devengado of mostly-rural against mostly-urban municipalities',
    description: 'Works with the Consulta Amigable totals alone. The project-level analysis (area of each project) is not built yet.',
  })
  @ApiOkResponse({ type: UrbanRuralResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  urbanRural(@Query() q: UrbanRuralQueryDto): Promise<UrbanRuralResponseDto> {
    return this.analytics.urbanRural(q);
  }

  @Get('classification/rules')
  @ApiOperation({ operationId: 'getClassificationRules', summary: 'The rules of a classification version (the latest by default)' })
  @ApiOkResponse({ type: RulesVersionDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'CLASSIFICATION_VERSION_NOT_FOUND' })
  rules(@Query() q: RulesQueryDto): Promise<RulesVersionDto> {
    return this.analytics.rules(q.version);
  }

  @Put('classification/rules')
  @ApiOperation({ operationId: 'replaceClassificationRules', summary: 'Replace the rules: saved as a new version; earlier versions stay' })
  @ApiOkResponse({ type: RulesVersionDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST or INVALID_RULE' })
  replaceRules(@Body() body: ReplaceRulesDto): Promise<RulesVersionDto> {
    return this.analytics.replaceRules(body, 'anonymous');
  }
}
