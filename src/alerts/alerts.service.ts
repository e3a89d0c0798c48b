import { createHash, randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Sql } from '../common/sql.js';
import { CommitmentEvents } from '../commitments/commitment-events.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { ImportEvents } from '../imports/import-events.js';
import { limaDate } from '../common/calendar-date.js';
import type { Lang } from '../i18n/messages.js';
import { AlertsRepository, type AlertFilter, type AlertRow, type MatchedSubscription } from './alerts.repository.js';
import { Clock } from './clock.js';
import type { AlertDto, AlertPageDto } from './dto/alert.dto.js';
import { type FactKind, type Figures, type Firing, isFiguresRule, RULE_KINDS, type RuleParams, ruleKey, ruleOf } from './rules.js';
import { OutboxRepository } from './webhooks/outbox.repository.js';
import { WebhookWorker } from './webhooks/webhook-worker.js';

/** An alert's identity beyond its rule, place and period: the SHA-256 of its figures, names sorted. */
export function fingerprintOf(figures: Figures): string {
  const canonical = JSON.stringify(
    Object.keys(figures)
      .sort()
      .map((k) => [k, figures[k]]),
  );
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

/** The rule of figures of that kind; undefined for an unknown kind or a rule of commitments. */
function figuresRuleOf(kind: string) {
  const rule = ruleOf(kind);
  return rule && isFiguresRule(rule) ? rule : undefined;
}

/** Imports looked for at start-up, and every minute, whose alerts a stop kept from being evaluated. */
const SWEEP_MS = 60_000;

/** The kinds of rule of the commitments (rules.ts), evaluated on a day rather than for an import's figures. */
const COMMITMENT_KINDS = RULE_KINDS.filter((k) => !isFiguresRule(ruleOf(k)!));

/**
 * Evaluates the subscriptions' rules after each import commits (ImportEvents), never inside the
 * import's transaction: for the municipality-years the import made current, each subscription whose
 * places hold them, each rule of it that the import's datasets can change. Each firing is stored once
 * (alert_once); a new one gets a webhook delivery in the same transaction. An import is evaluated once
 * (alert_evaluation), whichever instance gets to it, and one a stop left out is evaluated at the next start.
 *
 * The rules of commitments (commitment_overdue) are evaluated on a day: after each import's evaluation,
 * after a commitment is written (that one alone), and every OVERDUE_ALERTS_MS and at start-up on the
 * Clock's day in Lima; an evaluation of every commitment runs on one instance at a time (an advisory lock;
 * the others skip it, as it covers what they would do).
 */
@Injectable()
export class AlertsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Alerts');
  private sweeper?: NodeJS.Timeout;
  private ticker?: NodeJS.Timeout;
  private ticking?: Promise<void>;

  constructor(
    private readonly db: DataSource,
    private readonly alerts: AlertsRepository,
    private readonly outbox: OutboxRepository,
    private readonly worker: WebhookWorker,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    events: ImportEvents,
    commitmentEvents: CommitmentEvents,
  ) {
    events.onCommitted(async (importId) => {
      await this.evaluate(importId);
      await this.evaluateCommitments(this.today());
    });
    commitmentEvents.onWritten(async (id) => {
      await this.evaluateCommitments(this.today(), id);
    });
  }

  onApplicationBootstrap(): void {
    void this.sweep();
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS);
    this.sweeper.unref();
    if (this.config.overdueAlertsMs > 0) {
      this.tick();
      this.ticker = setInterval(() => this.tick(), this.config.overdueAlertsMs);
      this.ticker.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    clearInterval(this.ticker);
    await this.ticking;
  }

  /** The Clock's day in Lima, as the commitments' routes take "today". */
  private today(): string {
    return limaDate(this.clock.now());
  }

  /** One evaluation of every commitment on the clock's day, unless the last one is still running; errors are logged. */
  private tick(): void {
    if (this.ticking) return;
    this.ticking = this.evaluateCommitments(this.today())
      .then((fired) => {
        if (fired) this.logger.log(`Commitment alerts: ${fired} fired`);
      })
      .catch((e: Error) => this.logger.error(`Could not evaluate the commitment alerts: ${e.message}`, e.stack))
      .finally(() => (this.ticking = undefined));
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
      const needs = new Set<FactKind>(subscriptions.flatMap((s) => s.rules.flatMap((r) => figuresRuleOf(r.kind)?.needs ?? [])));
      const facts = await this.alerts.facts(sql, places, needs);
      const names = new Map(places.map((p) => [p.ubigeo, p.name]));
      let count = 0;
      for (const subscription of subscriptions) {
        for (const { kind, params } of subscription.rules) {
          const rule = figuresRuleOf(kind);
          if (!rule) continue; // a kind this version no longer knows, or a rule of commitments
          for (const place of places.filter((p) => subscription.ubigeos.includes(p.ubigeo) && p.datasets.some((d) => rule.triggers.includes(d)))) {
            for (const firing of rule.evaluate(place, facts, params)) {
              const stored = await this.fire(sql, subscription, kind, params, firing, names.get(firing.ubigeo) ?? firing.ubigeo, importId);
              if (stored === null) continue;
              count++;
              if (stored.delivery) deliveries++;
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

  /**
   * The alerts of the rules of commitments on `today` (YYYY-MM-DD): of every commitment, or of the one
   * just written. The number fired; null when another instance was evaluating every commitment just then.
   */
  async evaluateCommitments(today: string, commitmentId: number | null = null): Promise<number | null> {
    if (COMMITMENT_KINDS.length === 0) return 0;
    let deliveries = 0;
    const fired = await this.db.transaction(async (m) => {
      const sql: Sql = (text, params) => m.query(text, params);
      // one commitment just written needs no claim: alert_once keeps each firing once, whoever stores it
      if (commitmentId === null && !(await this.alerts.claimCommitments(sql))) return null;
      const matches = await this.alerts.overdueCommitments(sql, today, COMMITMENT_KINDS, commitmentId);
      let count = 0;
      for (const subscription of new Map(matches.map((x) => [x.subscription.id, x.subscription])).values()) {
        const mine = matches.filter((x) => x.subscription.id === subscription.id);
        const names = new Map(mine.map((x) => [x.commitment.ubigeo, x.placeName]));
        for (const { kind, params } of subscription.rules) {
          const rule = ruleOf(kind);
          if (!rule || isFiguresRule(rule)) continue;
          for (const firing of rule.evaluateOn(
            mine.map((x) => x.commitment),
            today,
            params,
          )) {
            const stored = await this.fire(sql, subscription, kind, params, firing, names.get(firing.ubigeo) ?? firing.ubigeo, null);
            if (stored === null) continue;
            count++;
            if (stored.delivery) deliveries++;
          }
        }
      }
      return count;
    });
    if (deliveries > 0) this.worker.kick();
    return fired;
  }

  /** Stores a firing unless it is stored already (alert_once), with its webhook delivery when the subscription has a URL; null when it was there. */
  private async fire(
    sql: Sql,
    subscription: Pick<MatchedSubscription, 'id' | 'name' | 'webhookUrl'>,
    kind: string,
    params: RuleParams,
    firing: Firing,
    placeName: string,
    importId: number | null,
  ): Promise<{ delivery: boolean } | null> {
    const stored = await this.alerts.insert(sql, {
      subscriptionId: subscription.id,
      ruleKind: kind,
      ruleKey: ruleKey(kind, params),
      ruleParams: params,
      ubigeo: firing.ubigeo,
      period: firing.period,
      fingerprint: fingerprintOf(firing.identity ?? firing.figures),
      figures: firing.figures,
      asOf: firing.asOf,
      importId,
    });
    if (!stored) return null;
    if (!subscription.webhookUrl) return { delivery: false };
    await this.enqueue(sql, subscription, { ...firing, ...stored, subscriptionId: subscription.id, ruleKind: kind, ruleParams: params, placeName, importId });
    return { delivery: true };
  }

  /** A delivery of an alert: its body (in Spanish, the service's language) written once, sent as it is on every attempt. */
  private async enqueue(sql: Sql, subscription: { id: number; name: string }, alert: AlertRow): Promise<void> {
    const id = randomUUID();
    const body = JSON.stringify({
      deliveryId: id,
      event: 'alert.fired',
      subscription: { id: subscription.id, name: subscription.name },
      alert: alertDto(alert, 'es'),
    });
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
