import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { type Caller, Roles } from '../common/roles.js';
import { ProblemDto } from '../common/problem.dto.js';
import { Language } from '../i18n/language.js';
import type { Lang } from '../i18n/messages.js';
import { AlertsService } from './alerts.service.js';
import { AlertPageDto, AlertQueryDto } from './dto/alert.dto.js';

@ApiTags('alerts')
@ApiSecurity('apiKey')
@Roles('admin', 'planner', 'auditor')
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOperation({
    operationId: 'listAlerts',
    summary: "The feed of the key's alerts, newest first: each firing of its subscriptions' rules, once",
    description:
      'Filter by place (any level), rule kind, moment (since) or subscription. A client polling it keeps the newest firedAt it has seen and asks since it.',
  })
  @ApiOkResponse({ type: AlertPageDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
  list(@Query() q: AlertQueryDto, @Req() req: Request & { caller: Caller }, @Language() lang: Lang): Promise<AlertPageDto> {
    return this.alerts.list(
      req.caller.keyId,
      { place: q.place, rule: q.rule, since: q.since, subscription: q.subscription },
      q.limit ?? 100,
      q.offset ?? 0,
      lang,
    );
  }
}
