import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { yearSpan } from '../common/query-params.js';
import { ProblemDto } from '../common/problem.dto.js';
import { CanonRepository } from './canon.repository.js';
import { CanonTransfersQueryDto, CanonTransfersResponseDto } from './dto/canon.dto.js';
import { CanonPlacesQueryDto, CanonPlacesResponseDto } from './dto/canon-places.dto.js';
import { Prices } from '../prices/prices.service.js';
import { PricedRead } from '../prices/prices.dto.js';
import type { PriceBasis } from '../prices/price-basis.js';

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
    summary: "Canon and rubro-18 transfers by municipality, province, concept or year, with each one's share",
    description:
      "Example: province=0808&fromYear=2019&toYear=2024 gives each Espinar municipality's share of the province's canon. Each municipality-year's transfers come from its own canon-transfers import where there is one, else from its row in its department's entities file (the same MEF measure, as GET /canon/places and the analyses read it); `coverage` says how many municipality-years of the selection have a figure and which lack one, and `total` is null when none has (nothing imported is unknown, not 0). With groupBy=concept the total is rubro 18 (rubro18_total): each concept's share is of the rubro-18 total of the municipality-years that report it, and FONCOMUN (rubro 07, not canon) is listed with no share.",
  })
  @PricedRead()
  @ApiOkResponse({ type: CanonTransfersResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST; with prices=constant, 422 PRICE_INDEX_MISSING' })
  transfers(@Query() q: CanonTransfersQueryDto): Promise<CanonTransfersResponseDto> {
    // one year: its figures converted; several years: each municipality-year converted with its own year's factor before the sums
    return this.prices.apply(
      q,
      (prices) => this.transfersIn(q, prices),
      (a) => ({ year: a.years.length === 1 ? a.years[0] : undefined }),
      (a) => a.years,
    );
  }

  @Get('places')
  @ApiOperation({
    operationId: 'getCanonByPlace',
    summary: "One year's canon per department, province or municipality: transferred, per inhabitant, rubro-18 devengado and unspent canon",
    description:
      "Example: year=2024&groupBy=province&department=08. Transferred is canon received by the rule GET /analytics/peers and /analytics/canon read too: each municipality's own transfers, else its row in its department's entities file (canonSource, fromTransfers, fromEntities say which); a place's only when all its municipalities have one (withoutTransfers names those lacking). Unspent canon is transferred − rubro-18 devengado, null where either side is unknown for a municipality of the row (never drawn as 0).",
  })
  @ApiOkResponse({ type: CanonPlacesResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  async places(@Query() q: CanonPlacesQueryDto): Promise<CanonPlacesResponseDto> {
    return { year: q.year, groupBy: q.groupBy ?? 'municipality', rows: await this.canon.places(q) };
  }

  private async transfersIn(q: CanonTransfersQueryDto, prices: PriceBasis): Promise<CanonTransfersResponseDto> {
    const { rows, meta, counted } = await this.canon.transfers({ ...q, ...yearSpan(q) }, prices);
    return {
      rows: rows.map((r) => ({
        key: r.key,
        name: r.name,
        amount: r.amount,
        sharePct: r.share_pct === null ? null : Number(r.share_pct),
        throughMonth: r.through_month,
      })),
      total: meta.total,
      concept: q.groupBy === 'concept' ? 'all' : counted,
      years: meta.years,
      importIds: meta.import_ids,
      coverage: {
        municipalityYears: meta.municipality_years,
        withFigure: meta.with_figure,
        fromTransfers: meta.from_transfers,
        fromEntities: meta.from_entities,
        without: meta.without,
        complete: meta.municipality_years > 0 && meta.with_figure === meta.municipality_years,
      },
    };
  }
}
