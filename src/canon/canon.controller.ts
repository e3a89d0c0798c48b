import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../common/domain-error.js';
import { ProblemDto } from '../common/problem.dto.js';
import { CanonRepository } from './canon.repository.js';
import { CanonTransfersQueryDto, CanonTransfersResponseDto } from './dto/canon.dto.js';

@ApiTags('canon')
@Controller('canon')
export class CanonController {
  constructor(private readonly canon: CanonRepository) {}

  @Get('transfers')
  @ApiOperation({
    operationId: 'getCanonTransfers',
    summary: 'Canon and rubro-18 transfers by municipality, province, concept or year, with each one\'s share',
    description: 'Example: province=0808&fromYear=2019&toYear=2024 gives each Espinar municipality\'s share of the province\'s canon.',
  })
  @ApiOkResponse({ type: CanonTransfersResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  async transfers(@Query() q: CanonTransfersQueryDto): Promise<CanonTransfersResponseDto> {
    if (q.year !== undefined && (q.fromYear !== undefined || q.toYear !== undefined)) {
      throw new DomainError(HttpStatus.BAD_REQUEST, 'INVALID_REQUEST', 'Give either year or fromYear/toYear, not both.');
    }
    const range = q.year !== undefined ? { fromYear: q.year, toYear: q.year } : { fromYear: q.fromYear, toYear: q.toYear };
    const { rows, meta } = await this.canon.transfers({ ...q, ...range });
    return {
      rows: rows.map((r: Record<string, any>) => ({
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
