import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Sql } from '../../common/sql.js';

/** A delivery taken by one instance for one attempt. */
export interface ClaimedDelivery {
  id: string;
  attempts: number;
  body: string;
  url: string | null;
  secret: string;
}

export interface DeliveryRow {
  id: string;
  alertId: number;
  status: string;
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
  deliveredAt: Date | null;
  replayOf: string | null;
  attemptLog: { attempt: number; at: string; statusCode: number | null; error: string | null; durationMs: number }[];
}

export interface AttemptOutcome {
  id: string;
  claim: string;
  attempt: number;
  at: Date;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  /** delivered: a 2xx; retry: due again at `retryAt`; failed: no more attempts. */
  result: 'delivered' | 'retry' | 'failed';
  retryAt: Date;
}

/**
 * The webhook outbox in PostgreSQL: deliveries are written in the transaction that stores their alert,
 * claimed by whichever instance finds them due (FOR UPDATE SKIP LOCKED: two instances never take the
 * same one), and each attempt's outcome recorded under the claim it was made with, so that an instance
 * whose lease ran out cannot overwrite what the next one recorded.
 */
@Injectable()
export class OutboxRepository {
  constructor(private readonly db: DataSource) {}

  async enqueue(sql: Sql, d: { id: string; subscriptionId: number; alertId: number; body: string; dueAt: Date; replayOf?: string }): Promise<void> {
    await sql(`INSERT INTO webhook_delivery (id, subscription_id, alert_id, body, next_attempt_at, replay_of) VALUES ($1, $2, $3, $4, $5, $6)`, [
      d.id,
      d.subscriptionId,
      d.alertId,
      d.body,
      d.dueAt,
      d.replayOf ?? null,
    ]);
  }

  /**
   * Takes up to `limit` deliveries due at `now`: counts the attempt and moves them `leaseMs` ahead, so
   * that one whose instance dies mid-attempt is taken again by any instance once the lease is over.
   */
  async claimDue(now: Date, limit: number, leaseMs: number, claim: string): Promise<ClaimedDelivery[]> {
    const [rows]: [ClaimedDelivery[]] = await this.db.query(
      `WITH due AS (
         SELECT id FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= $1 ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
       UPDATE webhook_delivery d SET attempts = d.attempts + 1, claim = $3, next_attempt_at = $1::timestamptz + $4 * interval '1 millisecond'
       FROM due, alert_subscription s WHERE d.id = due.id AND s.id = d.subscription_id
       RETURNING d.id, d.attempts, d.body, s.webhook_url AS url, s.secret`,
      [now, limit, claim, leaseMs],
    );
    return rows;
  }

  /** The attempt's outcome, in one transaction with its line in the log; nothing when the claim is no longer this one. */
  async record(o: AttemptOutcome): Promise<void> {
    await this.db.transaction(async (m) => {
      const [updated]: [unknown[]] = await m.query(
        `UPDATE webhook_delivery SET status = $3::varchar, next_attempt_at = $4, delivered_at = CASE WHEN $3::varchar = 'delivered' THEN $5::timestamptz END,
                last_status = $6, last_error = $7, claim = NULL
         WHERE id = $1 AND claim = $2 RETURNING id`,
        [o.id, o.claim, o.result === 'retry' ? 'pending' : o.result, o.retryAt, o.at, o.statusCode, o.error],
      );
      if (updated.length === 0) return;
      await m.query(
        `INSERT INTO webhook_attempt (delivery_id, attempt, at, status_code, error, duration_ms) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [o.id, o.attempt, o.at, o.statusCode, o.error, o.durationMs],
      );
    });
  }

  async list(subscriptionId: number, limit: number, offset: number): Promise<{ rows: DeliveryRow[]; total: number }> {
    const [{ total }]: { total: number }[] = await this.db.query(`SELECT count(*)::int AS total FROM webhook_delivery WHERE subscription_id = $1`, [
      subscriptionId,
    ]);
    const rows: DeliveryRow[] = await this.db.query(
      `${DELIVERY_SELECT} WHERE d.subscription_id = $1 ORDER BY d.created_at DESC, d.id LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
      [subscriptionId],
    );
    return { rows, total };
  }

  async find(subscriptionId: number, id: string): Promise<(DeliveryRow & { body: string }) | null> {
    const [row]: (DeliveryRow & { body: string })[] = await this.db.query(
      `${DELIVERY_SELECT.replace('SELECT ', 'SELECT d.body, ')} WHERE d.subscription_id = $1 AND d.id = $2`,
      [subscriptionId, id],
    );
    return row ?? null;
  }
}

const DELIVERY_SELECT = `SELECT d.id, d.alert_id::int AS "alertId", d.status, d.attempts, d.next_attempt_at AS "nextAttemptAt", d.created_at AS "createdAt",
    d.delivered_at AS "deliveredAt", d.replay_of AS "replayOf",
    coalesce((SELECT json_agg(json_build_object('attempt', a.attempt, 'at', a.at, 'statusCode', a.status_code, 'error', a.error, 'durationMs', a.duration_ms) ORDER BY a.attempt)
              FROM webhook_attempt a WHERE a.delivery_id = d.id), '[]') AS "attemptLog"
  FROM webhook_delivery d`;
