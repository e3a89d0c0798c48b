import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AlertRuleDto, CreatedSubscriptionDto, DeliveryDto, DeliveryPageDto, SubscriptionBodyDto, SubscriptionDto } from './dto/subscription.dto.js';
import { RULE_PARAMS, ruleKey, ruleOf } from './rules.js';
import { type StoredRule, type SubscriptionFields, type SubscriptionRow, SubscriptionsRepository } from './subscriptions.repository.js';
import { checkWebhookUrl } from './webhooks/url-guard.js';
import { type DeliveryRow, OutboxRepository } from './webhooks/outbox.repository.js';
import { WebhookWorker } from './webhooks/webhook-worker.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Each rule's kind and parameters checked against the registry: every parameter its kind takes, in range, and no other. */
export function storedRules(rules: AlertRuleDto[]): StoredRule[] {
  const seen = new Set<string>();
  return rules.map((r) => {
    const kind = ruleOf(r.kind)!;
    const given = r as unknown as Record<string, number | undefined>;
    const params: Record<string, number> = {};
    for (const name of RULE_PARAMS) {
      const spec = kind.params[name];
      const value = given[name];
      if (!spec) {
        if (value !== undefined) throw DomainError.of('INVALID_ALERT_RULE.extra', { kind: r.kind, param: name });
        continue;
      }
      const wrong =
        value === undefined || value < spec.min || value > spec.max || Math.abs(value * 10 ** spec.decimals - Math.round(value * 10 ** spec.decimals)) > 1e-9;
      if (wrong)
        throw DomainError.of(spec.decimals === 0 ? 'INVALID_ALERT_RULE.integer' : 'INVALID_ALERT_RULE', {
          kind: r.kind,
          param: name,
          min: spec.min,
          max: spec.max,
        });
      params[name] = spec.decimals === 0 ? Math.round(value) : Math.round(value * 10) / 10;
    }
    const key = ruleKey(r.kind, params);
    if (seen.has(key)) throw DomainError.of('INVALID_ALERT_RULE.twice', { rule: key });
    seen.add(key);
    return { kind: r.kind, params };
  });
}

const toDto = (r: SubscriptionRow): SubscriptionDto => ({
  id: r.id,
  name: r.name,
  places: r.places,
  rules: r.rules.map((rule) => ({ kind: rule.kind, ...rule.params })),
  webhookUrl: r.webhookUrl,
  createdAt: new Date(r.createdAt).toISOString(),
  updatedAt: new Date(r.updatedAt).toISOString(),
});

const deliveryDto = (d: DeliveryRow): DeliveryDto => ({
  id: d.id,
  alertId: d.alertId,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === 'pending' ? new Date(d.nextAttemptAt).toISOString() : null,
  createdAt: new Date(d.createdAt).toISOString(),
  deliveredAt: d.deliveredAt ? new Date(d.deliveredAt).toISOString() : null,
  replayOf: d.replayOf,
  attemptLog: d.attemptLog.map((a) => ({ ...a, at: new Date(a.at).toISOString() })),
});

/** A key's subscriptions, their webhook URL checked, and their delivery log with replay. */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly db: DataSource,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly outbox: OutboxRepository,
    private readonly worker: WebhookWorker,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async create(keyId: number, body: SubscriptionBodyDto): Promise<CreatedSubscriptionDto> {
    const fields = await this.fields(body);
    const secret = randomBytes(32).toString('hex');
    return { ...toDto(await this.subscriptions.create(keyId, fields, secret)), secret };
  }

  async list(keyId: number): Promise<SubscriptionDto[]> {
    return (await this.subscriptions.list(keyId)).map(toDto);
  }

  async get(keyId: number, id: number): Promise<SubscriptionDto> {
    return toDto(await this.own(keyId, id));
  }

  async replace(keyId: number, id: number, body: SubscriptionBodyDto): Promise<SubscriptionDto> {
    await this.own(keyId, id); // another key's subscription is not found before its body is looked at
    const row = await this.subscriptions.replace(keyId, id, await this.fields(body));
    if (!row) throw DomainError.of('SUBSCRIPTION_NOT_FOUND', { id });
    return toDto(row);
  }

  async remove(keyId: number, id: number): Promise<void> {
    if (!(await this.subscriptions.remove(keyId, id))) throw DomainError.of('SUBSCRIPTION_NOT_FOUND', { id });
  }

  async deliveries(keyId: number, id: number, limit: number, offset: number): Promise<DeliveryPageDto> {
    await this.own(keyId, id);
    const { rows, total } = await this.outbox.list(id, limit, offset);
    return { total, limit, offset, items: rows.map(deliveryDto) };
  }

  /**
   * Sends a delivery again as a new delivery (a new id, `replayOf` the old one), due at once: a
   * receiver that answered 2xx to the old one is never sent that one again.
   */
  async replay(keyId: number, id: number, deliveryId: string): Promise<DeliveryDto> {
    const subscription = await this.own(keyId, id);
    const old = UUID.test(deliveryId) ? await this.outbox.find(id, deliveryId.toLowerCase()) : null;
    if (!old) throw DomainError.of('DELIVERY_NOT_FOUND', { subscription: id, id: deliveryId });
    if (!subscription.webhookUrl) throw DomainError.of('WEBHOOK_URL_MISSING', { id });
    const newId = randomUUID();
    const body = JSON.stringify({ ...(JSON.parse(old.body) as Record<string, unknown>), deliveryId: newId });
    await this.outbox.enqueue((text, params) => this.db.query(text, params), {
      id: newId,
      subscriptionId: id,
      alertId: old.alertId,
      body,
      dueAt: new Date(),
      replayOf: old.id,
    });
    this.worker.kick();
    return deliveryDto((await this.outbox.find(id, newId))!);
  }

  private async own(keyId: number, id: number): Promise<SubscriptionRow> {
    const row = await this.subscriptions.find(keyId, id);
    if (!row) throw DomainError.of('SUBSCRIPTION_NOT_FOUND', { id });
    return row;
  }

  /** The body checked beyond its shape: rules against the registry, places that exist, a URL that may be sent to. */
  private async fields(body: SubscriptionBodyDto): Promise<SubscriptionFields> {
    const rules = storedRules(body.rules);
    const unknown = await this.subscriptions.unknownPlaces(body.places);
    if (unknown.length > 0) throw DomainError.of('INVALID_PLACES', { places: unknown.join(', ') });
    const webhookUrl = body.webhookUrl ? (await checkWebhookUrl(body.webhookUrl, this.config.webhookAllowPrivate)).toString() : null;
    return { name: body.name, places: body.places, rules, webhookUrl };
  }
}
