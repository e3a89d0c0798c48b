import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { RuleParams } from './rules.js';

export interface StoredRule {
  kind: string;
  params: RuleParams;
}

export interface SubscriptionRow {
  id: number;
  keyId: number;
  name: string;
  places: string[];
  rules: StoredRule[];
  webhookUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface SubscriptionFields {
  name: string;
  places: string[];
  rules: StoredRule[];
  webhookUrl: string | null;
}

const COLUMNS = `id, key_id AS "keyId", name, places, rules, webhook_url AS "webhookUrl", created_at AS "createdAt", updated_at AS "updatedAt"`;

/** A key's subscriptions: every read and write is limited to the key's own (another key's is as if it did not exist). */
@Injectable()
export class SubscriptionsRepository {
  constructor(private readonly db: DataSource) {}

  /** The places no department, province or municipality has as its code. */
  async unknownPlaces(places: string[]): Promise<string[]> {
    const rows: { place: string }[] = await this.db.query(
      `SELECT p.place FROM unnest($1::text[]) p(place)
       WHERE NOT EXISTS (SELECT 1 FROM municipality m WHERE m.ubigeo = p.place OR m.province_code = p.place OR m.department_code = p.place)
       ORDER BY p.place`,
      [places],
    );
    return rows.map((r) => r.place);
  }

  async create(keyId: number, fields: SubscriptionFields, secret: string): Promise<SubscriptionRow> {
    const [row]: SubscriptionRow[] = await this.db.query(
      `INSERT INTO alert_subscription (key_id, name, places, rules, webhook_url, secret) VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING ${COLUMNS}`,
      [keyId, fields.name, fields.places, JSON.stringify(fields.rules), fields.webhookUrl, secret],
    );
    return row;
  }

  async list(keyId: number): Promise<SubscriptionRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM alert_subscription WHERE key_id = $1 ORDER BY id`, [keyId]);
  }

  async find(keyId: number, id: number): Promise<SubscriptionRow | null> {
    const [row]: SubscriptionRow[] = await this.db.query(`SELECT ${COLUMNS} FROM alert_subscription WHERE key_id = $1 AND id = $2`, [keyId, id]);
    return row ?? null;
  }

  async replace(keyId: number, id: number, fields: SubscriptionFields): Promise<SubscriptionRow | null> {
    const [rows]: [SubscriptionRow[]] = await this.db.query(
      `UPDATE alert_subscription SET name = $3, places = $4, rules = $5::jsonb, webhook_url = $6, updated_at = now()
       WHERE key_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [keyId, id, fields.name, fields.places, JSON.stringify(fields.rules), fields.webhookUrl],
    );
    return rows[0] ?? null;
  }

  /** Removes the subscription with its alerts and deliveries; false when the key has no such subscription. */
  async remove(keyId: number, id: number): Promise<boolean> {
    const [, count]: [unknown, number] = await this.db.query(`DELETE FROM alert_subscription WHERE key_id = $1 AND id = $2`, [keyId, id]);
    return count > 0;
  }
}
