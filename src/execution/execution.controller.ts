import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProblemDto } from '../common/problem.dto.js';
import {
  MonthlyQueryDto,
  MonthlyResponseDto,
  ControlTotalsQueryDto,
  ControlTotalsResponseDto,
  ExecutionQueryDto,
  ExecutionResponseDto,
  HistoryQueryDto,
  HistoryResponseDto,
  RankingQueryDto,
  RankingResponseDto,
} from './dto/execution.dto.js';
import { ExecutionService } from './execution.service.js';
import { WideRead } from '../common/export-slots.js';

@ApiTags('execution')
@Controller('execution')
export class ExecutionController {
  constructor(private readonly execution: ExecutionService) {}

  @Get()
  @WideRead({ detailOnly: true })
  @ApiOperation({
    operationId: 'getExecution',
    summary: 'PIA, PIM, devengado and execution rate by municipality, province, department or year',
    description: 'Reads the latest snapshot of each municipality-year. Example: province=0808&year=2022&groupBy=province gives Espinar: PIM 450,564,829.00, devengado 335,981,965.00, 74.6 %.',
  })
  @ApiOkResponse({ type: ExecutionResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST, or DETAIL_LEVEL_REQUIRED for a budget-line grouping at level=municipality' })
  query(@Query() q: ExecutionQueryDto): Promise<ExecutionResponseDto> {
    return this.execution.query(q);
  }

  @Get('ranking')
  @ApiOperation({ operationId: 'getExecutionRanking', summary: 'Municipalities ranked by execution rate, PIM, devengado, unspent or per-capita amounts in a year' })
  @ApiOkResponse({ type: RankingResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  ranking(@Query() q: RankingQueryDto): Promise<RankingResponseDto> {
    return this.execution.ranking(q);
  }

  @Get('control-totals')
  @ApiOperation({
    operationId: 'getControlTotals',
    summary: 'Consulta Amigable totals against the sum of the budget lines, per municipality-year where both exist',
    description: 'The two levels come from different MEF extracts and are never added together; this shows where they disagree.',
  })
  @ApiOkResponse({ type: ControlTotalsResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  controlTotals(@Query() q: ControlTotalsQueryDto): Promise<ControlTotalsResponseDto> {
    return this.execution.controlTotals(q);
  }

  @Get('history')
  @ApiOperation({ operationId: 'getExecutionHistory', summary: "How a municipality's figures were revised from one snapshot to the next" })
  @ApiOkResponse({ type: HistoryResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'MUNICIPALITY_NOT_FOUND' })
  history(@Query() q: HistoryQueryDto): Promise<HistoryResponseDto> {
    return this.execution.history(q);
  }

  @Get('monthly')
  @ApiOperation({
    operationId: 'getMonthlyExecution',
    summary: 'A year month by month from the budget lines of monthly MEF files: devengado of each month, PIM as it stood, cumulative rate',
  })
  @ApiOkResponse({ type: MonthlyResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  monthly(@Query() q: MonthlyQueryDto): Promise<MonthlyResponseDto> {
    return this.execution.monthly(q);
  }
}
