import { Body, Controller, Get, Headers, HttpStatus, Param, Put, Query, Req, Res } from '@nestjs/common';
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
import type { Request, Response } from 'express';
import { assertMayWrite } from '../auth/api-key.guard.js';
import { type Caller, callerName, Roles } from '../common/roles.js';
import { DomainError } from '../common/domain-error.js';
import { lookup } from '../common/lookup.js';
import { wantsCsv } from '../common/csv.js';
import { ProblemDto } from '../common/problem.dto.js';
import { validated } from '../common/query-params.js';
import { canonTables, dimensionsTables, planAlignmentTables, planningGapTables, publicPrivateTables, urbanRuralTables } from './analysis-tables.js';
import { type Table, tableCsv } from '../common/table.js';
import { AnalysisQueryDto } from './analysis-query.js';
import { AnalyticsService } from './analytics.service.js';
import { Language } from '../i18n/language.js';
import type { Lang } from '../i18n/messages.js';
import { ClassificationRules } from './classification-rules.js';
import { PlanPriorities } from './plan-priorities.js';
import {
  PlanAlignmentQueryDto,
  PlanAlignmentResponseDto,
  PlanningGapQueryDto,
  PlanningGapResponseDto,
  PlanPrioritiesDto,
  PublicPrivateResponseDto,
  ReplacePlanPrioritiesDto,
} from './dto/analyses.dto.js';
import { CanonAnalysisQueryDto, CanonAnalysisResponseDto } from './dto/canon-analysis.dto.js';
import { DimensionsQueryDto, DimensionsResponseDto, ReplaceRulesDto, RulesQueryDto, RulesVersionDto } from './dto/dimensions.dto.js';
import { UrbanRuralQueryDto, UrbanRuralResponseDto } from './dto/urban-rural.dto.js';
import { PeersQueryDto, PeersResponseDto } from './dto/peers.dto.js';
import { PeersService } from './peers.service.js';
import { COVERAGE_CSV_HEADER, CoverageTableService } from './coverage-table.service.js';
import { CoverageCsvQueryDto, CoverageTableDto, CoverageTableQueryDto } from './dto/coverage-table.dto.js';
import { MethodsDto } from './dto/methods.dto.js';
import { methods } from './methods.js';
import { HeavyExport, WideRead } from '../common/export-slots.js';
import { ANALYSIS_CSV_TABLES, csvHeaderExamples } from './analysis-table-docs.js';
import { PricedRead, type PricesQueryDto } from '../prices/prices.dto.js';
import { Prices } from '../prices/prices.service.js';
import type { PriceBasis } from '../prices/price-basis.js';

/** An analysis's answer: what the price conversion reads the years of. */
type Analysis = { inputs: { years: number[] } };

const CSV_NOTE = ' Send `Accept: text/csv` (or add `.csv` to the path) for its main table as CSV.';

@ApiTags('analytics')
@Controller()
export class AnalyticsController {
  constructor(
    private readonly analytics: AnalyticsService,
    private readonly classification: ClassificationRules,
    private readonly plans: PlanPriorities,
    private readonly prices: Prices,
    private readonly peerStandings: PeersService,
    private readonly coverageTable: CoverageTableService,
  ) {}

  /** The result (in the soles `prices` asks for) as JSON, or its first table as CSV when the client asks for text/csv. */
  private async negotiate<T extends Analysis>(
    q: PricesQueryDto,
    accept: string | undefined,
    res: Response,
    name: string,
    result: (prices: PriceBasis) => Promise<T>,
    tables: (r: T) => Table[],
  ): Promise<T | string> {
    const value = await this.priced(q, result);
    if (!wantsCsv(accept)) return value;
    res.type('text/csv; charset=utf-8').attachment(`${name}.csv`);
    return tableCsv(tables(value)[0]);
  }

  @Get('analytics/dimensions')
  @WideRead()
  @ApiOperation({
    operationId: 'getDimensions',
    summary: "How the budget divides among ECLAC's dimensions: structural change, income and productivity, equal rights",
    description: `Reads the budget lines (MEF open data or the template). Each line takes its project’s dimension when a person set one, else the dimension of its most specific rule (grupo, división, función).${CSV_NOTE}`,
  })
  @PricedRead()
  @ApiOkResponse({ type: DimensionsResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'CLASSIFICATION_VERSION_NOT_FOUND' })
  dimensions(@Query() q: DimensionsQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response, @Language() lang: Lang) {
    return this.negotiate(q, accept, res, 'dimensions', (prices) => this.analytics.dimensions(q, lang, prices), dimensionsTables);
  }

  @Get('analytics/canon')
  @WideRead()
  @ApiOperation({
    operationId: 'getUnspentCanon',
    summary: 'Unspent canon: rubro-18 transfers against PIM and devengado on rubro 18, per municipality and in total, with the carry-over year by year',
    description: `Both definitions side by side: utilization = devengado / transferred, execution = devengado / PIM on rubro 18. Each municipality’s share of the transfers shows the concentration.${CSV_NOTE}`,
  })
  @PricedRead()
  @ApiOkResponse({ type: CanonAnalysisResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  canon(@Query() q: CanonAnalysisQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response, @Language() lang: Lang) {
    return this.negotiate(q, accept, res, 'canon', (prices) => this.analytics.canon(q, lang, prices), canonTables);
  }

  @Get('analytics/urban-rural')
  @WideRead()
  @ApiOperation({
    operationId: 'getUrbanRuralSkew',
    summary:
      'Urban/rural skew: the share of PIM and devengado of urban and rural projects against their share of population, and per-capita spending of mostly-rural and mostly-urban municipalities',
    description: `Project level from the budget lines of projects, each with its area and where it came from; municipality level from the Consulta Amigable totals alone.${CSV_NOTE}`,
  })
  @PricedRead()
  @ApiOkResponse({ type: UrbanRuralResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  urbanRural(@Query() q: UrbanRuralQueryDto, @Headers('accept') accept: string | undefined, @Res({ passthrough: true }) res: Response, @Language() lang: Lang) {
    return this.negotiate(q, accept, res, 'urban-rural', (prices) => this.analytics.urbanRural(q, lang, prices), urbanRuralTables);
  }

  @Get('analytics/planning-gap')
  @WideRead()
  @ApiOperation({
    operationId: 'getPlanningGap',
    summary:
      'PIA → PIM planning gap: how many projects with PIM were in the PIA, what was added and dropped, how the largest PIA projects did, and cost growth',
    description: `Counts project-years from the budget lines (activity kind 2). Cost growth from the Invierte.pe registry snapshots.${CSV_NOTE}`,
  })
  @PricedRead()
  @ApiOkResponse({ type: PlanningGapResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  planningGap(
    @Query() q: PlanningGapQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @Language() lang: Lang,
  ) {
    return this.negotiate(q, accept, res, 'planning-gap', (prices) => this.analytics.planningGap(q, lang, prices), planningGapTables);
  }

  @Get('analytics/public-private')
  @WideRead()
  @ApiOperation({
    operationId: 'getPublicPrivate',
    summary:
      'Public spending against private contributions (e.g. the mining company’s Framework Agreement fund): the ratio, and private money by sector, district and funder',
    description: `Private contributions come from imports in the private-contributions layout (Año, Ubigeo, Financiador, Sector, Monto).${CSV_NOTE}`,
  })
  @PricedRead()
  @ApiOkResponse({ type: PublicPrivateResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  publicPrivate(
    @Query() q: AnalysisQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @Language() lang: Lang,
  ) {
    return this.negotiate(q, accept, res, 'public-private', (prices) => this.analytics.publicPrivate(q, lang, prices), publicPrivateTables);
  }

  @Get('analytics/plan-alignment')
  @WideRead()
  @ApiOperation({
    operationId: 'getPlanAlignment',
    summary: "A municipality's development-plan priorities against the rank of the same dimensions or funciones in its PIM",
    description: `Only municipalities of the selection with priorities (PUT /municipalities/{ubigeo}/plan-priorities) are listed.${CSV_NOTE}`,
  })
  @PricedRead()
  @ApiOkResponse({ type: PlanAlignmentResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'CLASSIFICATION_VERSION_NOT_FOUND' })
  planAlignment(
    @Query() q: PlanAlignmentQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
    @Language() lang: Lang,
  ) {
    return this.negotiate(q, accept, res, 'plan-alignment', (prices) => this.analytics.planAlignment(q, lang, prices), planAlignmentTables);
  }

  @Get('analytics/peers')
  @ApiOperation({
    operationId: 'getPeers',
    summary:
      'Where a place stands among its peers (a municipality among the municipalities of its department, a province among the provinces of its department, a department among the departments, with half to double its population): execution rate, devengado and canon transferred per inhabitant against their median, and its rank',
    description:
      "Read from the tables the imports keep (Consulta Amigable totals, the canon received as GET /canon/places states it: own transfers, else the department's entities file, population of the year or the nearest one); a province or department has its municipalities' figures added up, and none where any of them lacks one. A peer without an input is left out of the measure that needs it and listed in `leftOut`, never counted as zero. Nominal soles.",
  })
  @ApiOkResponse({ type: PeersResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST (also when not exactly one of municipality, province or department is given)' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'MUNICIPALITY_NOT_FOUND, PLACE_NOT_FOUND (a province or department code no municipality has)' })
  peers(@Query() q: PeersQueryDto, @Language() lang: Lang): Promise<PeersResponseDto> {
    return this.peerStandings.peers(q, lang);
  }

  @Get('analytics/methods')
  @ApiOperation({
    operationId: 'getMethods',
    summary:
      "How each figure is computed: the audit report's Methodology formulas (execution rate, shares, ECLAC, canon, planning gap, skew, …) and the pages' rules (of every 10 soles, peers, coverage)",
  })
  @ApiOkResponse({ type: MethodsDto })
  getMethods(@Language() lang: Lang): MethodsDto {
    return methods(lang);
  }

  @Get('coverage')
  @WideRead()
  @ApiOperation({
    operationId: 'getCoverage',
    summary:
      'Coverage by municipality-year: Consulta Amigable totals, budget lines and how much of the totals they cover, rubro-18 and project lines, lines by función, canon transfers and population, each with its cut-off date',
    description:
      "Every municipality of the selection in every year asked (or with data), so a municipality-year without an input shows as null. `sources` gives each dataset's cut-off dates over the whole selection. `/coverage.csv` gives every row as CSV.",
  })
  @ApiOkResponse({ type: CoverageTableDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  coverage(@Query() q: CoverageTableQueryDto): Promise<CoverageTableDto> {
    return this.coverageTable.table(q);
  }

  @Get('coverage.csv')
  @HeavyExport()
  @ApiOperation({ operationId: 'getCoverageCsv', summary: 'Coverage by municipality-year as CSV: every row of GET /coverage for the selection, unpaged' })
  @ApiOkResponse({
    content: { 'text/csv': { schema: { type: 'string' }, example: `${COVERAGE_CSV_HEADER.join(',')}\r\n` } },
    description: 'UTF-8 with a BOM: the header row, then a line per municipality-year (empty cells where a dataset holds nothing).',
  })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  async coverageCsv(@Query() q: CoverageCsvQueryDto, @Res({ passthrough: true }) res: Response): Promise<string> {
    const csv = await this.coverageTable.csv(q);
    res.type('text/csv; charset=utf-8').attachment('coverage.csv');
    return csv;
  }

  /**
   * An analysis in the soles the query asks for. Every analysis takes `prices`: over several
   * years each year's rows are converted before they are added up; figures of one year are converted after
   * the fact (src/prices/prices.service.ts).
   */
  private priced<T extends Analysis>(q: PricesQueryDto, run: (prices: PriceBasis) => Promise<T>): Promise<T> {
    return this.prices.apply(q, run, undefined, (a) => a.inputs.years);
  }

  /** An analysis's query validated from the CSV route's parameters, and its answer in the soles asked for. */
  private async csvOf<Q extends PricesQueryDto, T extends Analysis>(
    dto: new () => Q,
    q: Record<string, string>,
    run: (v: Q, prices: PriceBasis) => Promise<T>,
  ): Promise<T> {
    const v = await validated(dto, q);
    return this.priced(v, (prices) => run(v, prices));
  }

  /** `/analytics/{name}.csv`: the same as the endpoint with `Accept: text/csv`. */
  @Get('analytics/:name.csv')
  @HeavyExport()
  @ApiOperation({
    operationId: 'getAnalysisCsv',
    summary: "An analysis's main table as CSV: the same as its endpoint with Accept: text/csv",
    description: 'Takes the query parameters of the analysis named.',
  })
  @ApiParam({ name: 'name', enum: ['dimensions', 'canon', 'urban-rural', 'planning-gap', 'public-private', 'plan-alignment'] })
  @ApiOkResponse({
    content: csvHeaderExamples(ANALYSIS_CSV_TABLES),
    description:
      'The table (UTF-8 with a BOM): its header row, as in the example for each `name` (the same as the audit report’s table of that analysis), then a line per row.',
  })
  @PricedRead()
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'NOT_FOUND' })
  async csv(
    @Param('name') name: string,
    @Query() q: Record<string, string>,
    @Res({ passthrough: true }) res: Response,
    @Language() lang: Lang,
  ): Promise<string> {
    const routes: Record<string, () => Promise<Table[]>> = {
      dimensions: async () => dimensionsTables(await this.csvOf(DimensionsQueryDto, q, (v, prices) => this.analytics.dimensions(v, lang, prices))),
      canon: async () => canonTables(await this.csvOf(CanonAnalysisQueryDto, q, (v, prices) => this.analytics.canon(v, lang, prices))),
      'urban-rural': async () => urbanRuralTables(await this.csvOf(UrbanRuralQueryDto, q, (v, prices) => this.analytics.urbanRural(v, lang, prices))),
      'planning-gap': async () => planningGapTables(await this.csvOf(PlanningGapQueryDto, q, (v, prices) => this.analytics.planningGap(v, lang, prices))),
      'public-private': async () => publicPrivateTables(await this.csvOf(AnalysisQueryDto, q, (v, prices) => this.analytics.publicPrivate(v, lang, prices))),
      'plan-alignment': async () =>
        planAlignmentTables(await this.csvOf(PlanAlignmentQueryDto, q, (v, prices) => this.analytics.planAlignment(v, lang, prices))),
    };
    const route = lookup(routes, name); // not routes[name]: constructor.csv found Object.prototype's constructor
    if (!route) throw new DomainError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `There is no analysis named ${name}.`);
    const [table] = await route();
    res.type('text/csv; charset=utf-8').attachment(`${name}.csv`);
    return tableCsv(table);
  }

  @Get('municipalities/:ubigeo/plan-priorities')
  @ApiTags('municipalities')
  @ApiOperation({ operationId: 'getPlanPriorities', summary: "A municipality's development-plan priorities, in rank order" })
  @ApiParam({ name: 'ubigeo', example: '080801' })
  @ApiOkResponse({ type: PlanPrioritiesDto })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'MUNICIPALITY_NOT_FOUND' })
  priorities(@Param('ubigeo') ubigeo: string): Promise<PlanPrioritiesDto> {
    return this.plans.get(ubigeo);
  }

  @Put('municipalities/:ubigeo/plan-priorities')
  @Roles('admin', 'planner')
  @ApiSecurity('apiKey')
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'ROLE_NOT_ALLOWED, or MUNICIPALITY_NOT_ALLOWED for a planner outside its municipalities' })
  @ApiTags('municipalities')
  @ApiOperation({ operationId: 'replacePlanPriorities', summary: "Replace a municipality's development-plan priorities: ranked ECLAC dimensions or funciones" })
  @ApiParam({ name: 'ubigeo', example: '080801' })
  @ApiOkResponse({ type: PlanPrioritiesDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'INVALID_REQUEST, INVALID_PRIORITY, or INVALID_JSON / BODY_TOO_DEEP (a body that is not JSON, or nested over 32 levels)',
  })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'MUNICIPALITY_NOT_FOUND' })
  replacePriorities(
    @Param('ubigeo') ubigeo: string,
    @Body() body: ReplacePlanPrioritiesDto,
    @Req() req: Request & { caller: Caller },
  ): Promise<PlanPrioritiesDto> {
    assertMayWrite(req.caller, [ubigeo]);
    return this.plans.replace(ubigeo, body, req.caller.keyId);
  }

  @Get('classification/rules')
  @ApiOperation({ operationId: 'getClassificationRules', summary: 'The rules of a classification version (the latest by default)' })
  @ApiOkResponse({ type: RulesVersionDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'CLASSIFICATION_VERSION_NOT_FOUND' })
  rules(@Query() q: RulesQueryDto): Promise<RulesVersionDto> {
    return this.classification.get(q.version);
  }

  @Put('classification/rules')
  @Roles('admin')
  @ApiSecurity('apiKey')
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  @ApiForbiddenResponse({ type: ProblemDto, description: 'ROLE_NOT_ALLOWED: admin keys only' })
  @ApiOperation({ operationId: 'replaceClassificationRules', summary: 'Replace the rules: saved as a new version; earlier versions stay' })
  @ApiOkResponse({ type: RulesVersionDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: 'INVALID_REQUEST, INVALID_RULE, or INVALID_JSON / BODY_TOO_DEEP (a body that is not JSON, or nested over 32 levels)',
  })
  replaceRules(@Body() body: ReplaceRulesDto, @Req() req: Request & { caller: Caller }): Promise<RulesVersionDto> {
    return this.classification.replace(body, callerName(req.caller));
  }
}
