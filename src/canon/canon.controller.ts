import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { yearSpan } from '../common/query-params.js';
import { ProblemDto } from '../common/problem.dto.js';
import { CanonRepository } from './canon.repository.js';
import { CanonTransfersQueryDto, CanonTransfersResponseDto } from './dto/canon.dto.js';
import { Prices } from '../prices/prices.service.js';
import { PricedRead } from '../prices/prices.dto.js';

@ApiTags('canon')
@Controller('canon')
export class CanonController {
  constructor(
    private readonly canon: CanonRepository,
    private readonly prices: Prices,
  ) {}

  @Get('transfers')
  @ApiOperation({
    operationId: 'getCanonTransfers',
    summary: 'Canon and rubro-18 transfers by municipality, province, concept or year, with each one\'s share',
    description: 'Example: province=0808&fromYear=2019&toYear=2024 gives each Espinar municipality\'s share of the province\'s canon.',
  })
  @PricedRead()
  @ApiOkResponse({ type: CanonTransfersResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST; with prices=constant, PRICES_NEED_ONE_YEAR or 422 PRICE_INDEX_MISSING' })
  transfers(@Query() q: CanonTransfersQueryDto): Promise<CanonTransfersResponseDto> {
    // every figure is of the one year asked for or found (the totals of several years are refused in constant soles)
    return this.prices.apply(q, () => this.nominal(q), (a) => ({ year: a.years.length === 1 ? a.years[0] : undefined }));
  }

  private async nominal(q: CanonTransfersQueryDto): Promise<CanonTransfersResponseDto> {
    const { rows, meta } = await this.canon.transfers({ ...q, ...yearSpan(q) });
    return {
      rows: rows.map((r) => ({
        key: r.key,
        name: r.name,
        amount: r.amount,
        sharePct: r.share_pct === null ? null : Number(r.share_pct),
        throughMonth: r.through_month,
      })),
      total: meta.total,
      concept: q.groupBy === 'concept' ? 'all' : (q.concept ?? 'rubro18_total'),
      years: meta.years,
      importIds: meta.import_ids,
    };
  }
}
