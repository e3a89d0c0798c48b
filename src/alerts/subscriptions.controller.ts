import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
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
import { DomainError } from '../common/domain-error.js';
import { ProblemDto } from '../common/problem.dto.js';
import { IdPath, MAX_ID, PageDto } from '../common/query-params.js';
import { CreatedSubscriptionDto, DeliveryDto, DeliveryPageDto, SubscriptionBodyDto, SubscriptionDto } from './dto/subscription.dto.js';
import { SubscriptionsService } from './subscriptions.service.js';

type Keyed = Request & { caller: Caller };

/** A subscription id from the path: past PostgreSQL's integer it is no subscription, and must not reach the database. */
function idOf(id: number): number {
  if (id < 1 || id > MAX_ID) throw DomainError.of('SUBSCRIPTION_NOT_FOUND', { id });
  return id;
}

const BODY_ERRORS =
  'INVALID_REQUEST, INVALID_ALERT_RULE (a parameter missing, out of range or not the kind’s; a rule twice), INVALID_PLACES, WEBHOOK_URL_INVALID, WEBHOOK_URL_REFUSED (a private, loopback or link-local address, or a name that does not resolve), or INVALID_JSON / BODY_TOO_DEEP';

@ApiTags('alerts')
@ApiSecurity('apiKey')
@ApiUnauthorizedResponse({ type: ProblemDto, description: 'API_KEY_REQUIRED or API_KEY_INVALID' })
@Roles('admin', 'planner', 'auditor')
@Controller('subscriptions')
export class SubscriptionsController {
  constructor(private readonly subscriptions: SubscriptionsService) {}

  @Post()
  @ApiOperation({
    operationId: 'createSubscription',
    summary: 'Subscribe the key to alerts: places, rules and an optional webhook; the signing secret is shown once',
    description:
      'Rules are evaluated after every import commits, for the municipality-years it made current in the places. Any key may subscribe; a key sees and edits only its own subscriptions.',
  })
  @ApiCreatedResponse({ type: CreatedSubscriptionDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: BODY_ERRORS })
  create(@Body() body: SubscriptionBodyDto, @Req() req: Keyed): Promise<CreatedSubscriptionDto> {
    return this.subscriptions.create(req.caller.keyId, body);
  }

  @Get()
  @ApiOperation({ operationId: 'listSubscriptions', summary: "The key's own subscriptions" })
  @ApiOkResponse({ type: [SubscriptionDto] })
  list(@Req() req: Keyed): Promise<SubscriptionDto[]> {
    return this.subscriptions.list(req.caller.keyId);
  }

  @Get(':id')
  @ApiOperation({ operationId: 'getSubscription', summary: 'One of the key’s subscriptions' })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST: the id is not a number' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'SUBSCRIPTION_NOT_FOUND (also for another key’s)' })
  get(@IdPath() id: number, @Req() req: Keyed): Promise<SubscriptionDto> {
    return this.subscriptions.get(req.caller.keyId, idOf(id));
  }

  @Put(':id')
  @ApiOperation({
    operationId: 'replaceSubscription',
    summary: 'Replace a subscription’s name, places, rules and webhook (an absent webhookUrl removes it); the secret stays',
  })
  @ApiOkResponse({ type: SubscriptionDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: BODY_ERRORS })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'SUBSCRIPTION_NOT_FOUND (also for another key’s)' })
  replace(@IdPath() id: number, @Body() body: SubscriptionBodyDto, @Req() req: Keyed): Promise<SubscriptionDto> {
    return this.subscriptions.replace(req.caller.keyId, idOf(id), body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ operationId: 'deleteSubscription', summary: 'Delete a subscription with its alerts and deliveries' })
  @ApiNoContentResponse({ description: 'Deleted.' })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST: the id is not a number' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'SUBSCRIPTION_NOT_FOUND (also for another key’s)' })
  async remove(@IdPath() id: number, @Req() req: Keyed): Promise<void> {
    await this.subscriptions.remove(req.caller.keyId, idOf(id));
  }

  @Get(':id/deliveries')
  @ApiOperation({ operationId: 'listDeliveries', summary: 'The webhook delivery log of a subscription, newest first, each with its attempts' })
  @ApiOkResponse({ type: DeliveryPageDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'SUBSCRIPTION_NOT_FOUND (also for another key’s)' })
  deliveries(@IdPath() id: number, @Query() page: PageDto, @Req() req: Keyed): Promise<DeliveryPageDto> {
    return this.subscriptions.deliveries(req.caller.keyId, idOf(id), page.limit ?? 100, page.offset ?? 0);
  }

  @Post(':id/deliveries/:deliveryId/replay')
  @ApiOperation({ operationId: 'replayDelivery', summary: 'Send a delivery again, as a new delivery (new id, replayOf the old one) due at once' })
  @ApiParam({ name: 'deliveryId', example: '0b7d2c1e-5d0f-4a53-9a55-2f3c2b4a9e10' })
  @ApiCreatedResponse({ type: DeliveryDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST: the id is not a number' })
  @ApiNotFoundResponse({ type: ProblemDto, description: 'SUBSCRIPTION_NOT_FOUND or DELIVERY_NOT_FOUND' })
  @ApiConflictResponse({ type: ProblemDto, description: 'WEBHOOK_URL_MISSING: the subscription has no webhookUrl now' })
  replay(@IdPath() id: number, @Param('deliveryId') deliveryId: string, @Req() req: Keyed): Promise<DeliveryDto> {
    return this.subscriptions.replay(req.caller.keyId, idOf(id), deliveryId);
  }
}
