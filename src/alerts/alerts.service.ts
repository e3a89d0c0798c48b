import { createHash, randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Sql } from '../common/sql.js';
import { ImportEvents } from '../imports/import-events.js';
import type { Lang } from '../i18n/messages.js';
import { AlertsRepository, type AlertFilter, type AlertRow } from './alerts.repository.js';
import type { AlertDto, AlertPageDto } from './dto/alert.dto.js';
import { type FactKind, type Figures, ruleKey, ruleOf } from './rules.js';
import { OutboxRepository } from './webhooks/outbox.repository.js';
import { WebhookWorker } from './webhooks/webhook-worker.js';

/** An alert's identity beyond its rule, place and period: the SHA-256 of its figures, names sorted. */
export function fingerprintOf(figures: Figures): string {
  const canonical = JSON.stringify(Object.keys(figures).sort().map((k) => [k, figures[k]]));
  return createHash('sha256').update(canonical).digest('hex');
}

/** An alert as the API and the webhooks give it, its message in `lang`. */
export function alertDto(a: AlertRow, lang: Lang): AlertDto {
  const rule = ruleOf(a.ruleKind);
  return {
    id: Number(a.id),
    subscriptionId: a.subscriptionId,
    rule: { kind: a.ruleKind, ...a.ruleParams },
    place: { ubigeo: a.ubigeo, name: a.placeName },
    period: a.period,
    figures: a.figures,
    asOf: a.asOf,
    message: rule ? rule.message({ figures: a.figures, params: a.ruleParams, place: a.placeName }, lang) : a.ruleKind,
    importId: a.importId,
    firedAt: new Date(a.firedAt).toISOString(),
  };
}

/** Imports looked for at start-up, and every minute, whose alerts a stop kept from being evaluated. */
const SWEEP_MS = 60_000;

/**
 * Evaluates the subscriptions' rules after each import commits (ImportEvents), never inside the
 * import's transaction: for the municipality-years the import made current, each subscription whose
 * places hold them, each rule of it that the import's datasets can change. Each firing is stored once
 * (alert_once); a new one gets a webhook delivery in the same transaction. An import is evaluated once
 * (alert_evaluation), whichever instance gets to it, and one a stop left out is evaluated at the next start.
 */
@Injectable()
export class AlertsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  private sweeper?: NodeJS.Timeout;

  constructor(
    private readonly db: DataSource,
    private readonly alerts: AlertsRepository,
    private readonly outbox: OutboxRepository,
    private readonly worker: WebhookWorker,
    private readonly events: ImportEvents,
  ) {
    this.events.onCommitted((importId) => this.evaluate(importId).then(() => undefined));
  }

  onApplicationBootstrap(): void {
    void this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweeper);
  }

  async list(keyId: number, filter: AlertFilter, limit: number, offset: number, lang: Lang): Promise<AlertPageDto> {
    const { rows, total } = await this.alerts.list(keyId, filter, limit, offset);
    return { total, limit, offset, items: rows.map((r) => alertDto(r, lang)) };
  }

  /** The import's alerts; the number fired, or null when it had been evaluated already. */
  async evaluate(importId: number): Promise<number | null> {
    let deliveries = 0;
    const fired = await this.db.transaction(async (m) => {
      const sql: Sql = (text, params) => m.query(text, params);
      if (!(await this.alerts.claimEvaluation(sql, importId))) return null;
      const places = await this.alerts.placesOf(sql, importId);
      const subscriptions = places.length > 0 ? await this.alerts.subscriptionsFor(sql, [...new Set(places.map((p) => p.ubigeo))]) : [];
      const needs = new Set<FactKind>(subscriptions.flatMap((s) => s.rules.flatMap((r) => ruleOf(r.kind)?.needs ?? [])));
      const facts = await this.alerts.facts(sql, places, needs);
      const names = new Map(places.map((p) => [p.ubigeo, p.name]));
      let count = 0;
      for (const subscription of subscriptions) {
        for (const { kind, params } of subscription.rules) {
          const rule = ruleOf(kind);
          if (!rule) continue; // a kind this version no longer knows
          for (const place of places.filter((p) => subscription.ubigeos.includes(p.ubigeo) && p.datasets.some((d) => rule.triggers.includes(d)))) {
            for (const firing of rule.evaluate(place, facts, params)) {
              const stored = await this.alerts.insert(sql, {
                subscriptionId: subscription.id, ruleKind: kind, ruleKey: ruleKey(kind, params), ruleParams: params,
                ubigeo: firing.ubigeo, period: firing.period, fingerprint: fingerprintOf(firing.figures), figures: firing.figures, asOf: firing.asOf, importId,
              });
              if (!stored) continue;
              count++;
              if (subscription.webhookUrl) {
                const row: AlertRow = { ...firing, ...stored, subscriptionId: subscription.id, ruleKind: kind, ruleParams: params, placeName: names.get(firing.ubigeo) ?? firing.ubigeo, importId };
                await this.enqueue(sql, subscription, row);
                deliveries++;
              }
            }
          }
        }
      }
      await this.alerts.finishEvaluation(sql, importId, count);
      return count;
    });
    if (deliveries > 0) this.worker.kick();
    return fired;
  }

  /** A delivery of an alert: its body (in Spanish, the service's language) written once, sent as it is on every attempt. */
  private async enqueue(sql: Sql, subscription: { id: number; name: string }, alert: AlertRow): Promise<void> {
    const id = randomUUID();
    const body = JSON.stringify({ deliveryId: id, event: 'alert.fired', subscription: { id: subscription.id, name: subscription.name }, alert: alertDto(alert, 'es') });
    await this.outbox.enqueue(sql, { id, subscriptionId: subscription.id, alertId: alert.id, body, dueAt: new Date() });
  }

  /** Evaluates the completed imports no instance evaluated (a stop between commit and evaluation); errors are logged. */
  async sweep(): Promise<void> {
    try {
      for (const id of await this.alerts.unevaluated(100)) {
        const fired = await this.evaluate(id);
        if (fired !== null) this.logger.log(`Alerts of import ${id}, left unevaluated by an earlier stop: ${fired} fired`);
      }
    } catch (e) {
      this.logger.error(`Could not evaluate the alerts of earlier imports: ${(e as Error).message}`, (e as Error).stack);
    }
  }
}
