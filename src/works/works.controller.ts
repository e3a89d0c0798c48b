import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WideRead } from '../common/export-slots.js';
import { ProblemDto } from '../common/problem.dto.js';
import { limaDate } from '../common/calendar-date.js';
import { WorksQueryDto, WorksResponseDto } from './dto/works.dto.js';
import { COST_GROWTH_FLAG_PCT, GAP_FLAG_POINTS, STALE_FOLLOW_UP_MONTHS } from './work-flags.js';
import { WorksService } from './works.service.js';
import { Language } from '../i18n/language.js';
import type { Lang } from '../i18n/messages.js';

@ApiTags('analytics')
@Controller()
export class WorksController {
  constructor(private readonly works: WorksService) {}

  @Get('analytics/works')
  @WideRead()
  @ApiOperation({
    operationId: 'getWorks',
    summary: 'Works on the ground: which investments are paid for but not built, stalled, late, unfollowed or costlier than viable',
    description:
      'Reads the MEF SSI follow-ups (Formato 12-B and investment detail imports) as they stood on the date, places each work by its registry ' +
      'districts, budget lines or owning entity, and flags it: financial ahead of physical progress by more than ' +
      `${GAP_FLAG_POINTS} points, stalled, past its planned end under 100 % built, no follow-up for more than ${STALE_FOLLOW_UP_MONTHS} months, ` +
      `updated cost more than ${COST_GROWTH_FLAG_PCT} % above the viable amount.`,
  })
  @ApiOkResponse({ type: WorksResponseDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  list(@Query() q: WorksQueryDto, @Language() lang: Lang): Promise<WorksResponseDto> {
    return this.works.works(q, limaDate(new Date()), lang);
  }
}
