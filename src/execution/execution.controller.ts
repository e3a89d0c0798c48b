import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../common/problem.dto.js';
import {
  ControlTotalsQueryDto,
  ControlTotalsResponseDto,
  ExecutionQueryDto,
  ExecutionResponseDto,
  HistoryQueryDto,
  HistoryResponseDto,
  RankingQueryDto,
  RankingResponseDto,
} from './dto/execution.dto.js';
import { MonthlyQueryDto, MonthlyResponseDto } from './dto/monthly.dto.js';
import { Language } from '../i18n/language.js';
import type { Lang } from '../i18n/messages.js';
import { ExecutionService } from './execution.service.js';
import { WideRead } from '../common/export-slots.js';
import { Prices } from '../prices/prices.service.js';
import { PricedRead } from '../prices/prices.dto.js';

const PRICES_ERRORS = ' With prices=constant: PRICES_NEED_ONE_YEAR, or 422 PRICE_INDEX_MISSING.';
const PRICES_EACH_YEAR = ' With prices=constant: 422 PRICE_INDEX_MISSING.';

@ApiTags('execution')
@Controller('execution')
export class ExecutionController {
  constructor(
    private readonly execution: ExecutionService,
    private readonly prices: Prices,
  ) {}

  @Get()
  @WideRead({ detailOnly: true })
  @ApiOperation({
    operationId: 'getExecution',
    summary: 'PIA, PIM, devengado and execution rate by municipality, province, department or year',
    description:
      'Reads the latest snapshot of each municipality-year. Example: province=0808&year=2022&groupBy=province gives Espinar: PIM 450,564,829.00, devengado 335,981,965.00, 74.6 %.',
  })
  @PricedRead()
  @ApiOkResponse({ type: ExecutionResponseDto })
  @ApiBadRequestResponse({
    type: ProblemDto,
    description: `INVALID_REQUEST, or DETAIL_LEVEL_REQUIRED for a budget-line grouping at level=municipality.${PRICES_EACH_YEAR}`,
  })
  async query(@Query() q: ExecutionQueryDto, @Res({ passthrough: true }) res: Response, @Language() lang: Lang): Promise<ExecutionResponseDto | string> {
    if (q.prices !== 'constant' && q.base === undefined) {
      // in nominal soles, the answer's JSON as text, sent as res.json() sends its own (ETag, 304, charset)
      res.type('application/json');
      return this.execution.queryJson(q, lang);
    }
    // one year: its figures converted; several years: each municipality-year converted with its own year's factor before the sums
    return this.prices.apply(
      q,
      (prices) => this.execution.query(q, prices, lang),
      (a) => ({ year: a.meta.years.length === 1 ? a.meta.years[0] : undefined }),
      (a) => a.meta.years,
    );
  }

  @Get('ranking')
  @ApiOperation({
    operationId: 'getExecutionRanking',
    summary: 'Municipalities ranked by execution rate, PIM, devengado, unspent or per-capita amounts in a year',
  })
  @PricedRead()
  @ApiOkResponse({ type: RankingResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: `INVALID_REQUEST.${PRICES_ERRORS}` })
  ranking(@Query() q: RankingQueryDto): Promise<RankingResponseDto> {
    return this.prices.apply(q, () => this.execution.ranking(q));
  }

  @Get('control-totals')
  @ApiOperation({
    operationId: 'getControlTotals',
    summary: 'Consulta Amigable totals against the sum of the budget lines, per municipality-year where both exist',
    description: 'The two levels come from different MEF extracts and are never added together; this shows where they disagree.',
  })
  @PricedRead()
  @ApiOkResponse({ type: ControlTotalsResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: `INVALID_REQUEST.${PRICES_ERRORS}` })
  controlTotals(@Query() q: ControlTotalsQueryDto): Promise<ControlTotalsResponseDto> {
    return this.prices.apply(q, () => this.execution.controlTotals(q));
  }

  @Get('history')
  @ApiOperation({
    operationId: 'getExecutionHistory',
    summary:
      "How a place's figures were revised from one cut-off to the next: a municipality's snapshots, or a province's or department's sums at each cut-off",
  })
  @PricedRead()
  @ApiOkResponse({ type: HistoryResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: `INVALID_REQUEST (also when not exactly one place is given).${PRICES_ERRORS}` })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'MUNICIPALITY_NOT_FOUND, PLACE_NOT_FOUND' })
  history(@Query() q: HistoryQueryDto): Promise<HistoryResponseDto> {
    return this.prices.apply(q, () => this.execution.history(q));
  }

  @Get('monthly')
  @ApiOperation({
    operationId: 'getMonthlyExecution',
    summary: 'A year month by month from the budget lines of monthly MEF files: devengado of each month, PIM as it stood, cumulative rate',
  })
  @PricedRead()
  @ApiOkResponse({ type: MonthlyResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: `INVALID_REQUEST.${PRICES_ERRORS}` })
  monthly(@Query() q: MonthlyQueryDto): Promise<MonthlyResponseDto> {
    return this.prices.apply(q, () => this.execution.monthly(q));
  }
}
