import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sumToCents as cents } from '../common/decimal.js';
import type { Sql } from '../common/sql.js';
import { overdueSql } from '../commitments/overdue.js';
import { relatedPlace } from '../geography/places.js';
import { type AlertFacts, type FactKind, type Figures, type OverdueCommitment, type PlaceYear, placeKey, type RuleParams } from './rules.js';
import type { StoredRule } from './subscriptions.repository.js';

/** A subscription whose places hold some of the municipalities being evaluated. */
export interface MatchedSubscription {
  id: number;
  name: string;
  rules: StoredRule[];
  webhookUrl: string | null;
  /** The municipalities evaluated that are in its places. */
  ubigeos: string[];
}

/** A subscription with a rule of commitments, and one overdue commitment its places select. */
export interface OverdueMatch {
  subscription: { id: number; name: string; rules: StoredRule[]; webhookUrl: string | null };
  commitment: OverdueCommitment;
  placeName: string;
}

/** The transaction-level advisory lock one evaluation of every commitment holds: one instance at a time. */
const COMMITMENTS_LOCK = 7_406;

export interface AlertRow {
  id: number;
  subscriptionId: number;
  ruleKind: string;
  ruleParams: RuleParams;
  ubigeo: string;
  placeName: string;
  period: string;
  figures: Figures;
  asOf: string | null;
  importId: number | null;
  firedAt: Date;
}

export interface NewAlert {
  subscriptionId: number;
  ruleKind: string;
  ruleKey: string;
  ruleParams: RuleParams;
  ubigeo: string;
  period: string;
  fingerprint: string;
  figures: Figures;
  asOf: string | null;
  importId: number | null;
}

export interface AlertFilter {
  place?: string;
  rule?: string;
  since?: string;
  subscription?: number;
}

/** The municipality-years as two arrays, for `unnest($1::text[], $2::int[]) p(ubigeo, year)`. */
const pairs = (places: PlaceYear[]) => [places.map((p) => p.ubigeo), places.map((p) => p.year)];
const PAIRS = `unnest($1::text[], $2::int[]) p(ubigeo, year)`;

/**
 * The SQL of the alerts: what an import made current, the facts the rules read (from the rollups and
 * the current-snapshot tables, never by adding up budget_line), each firing stored once, and the feed.
 */
@Injectable()
export class AlertsRepository {
  constructor(private readonly db: DataSource) {}

  /** Takes the evaluation of an import for this transaction; false when it was (or is being) done elsewhere. */
  async claimEvaluation(sql: Sql, importId: number): Promise<boolean> {
    const rows = await sql<{ import_id: number }[]>(
      `INSERT INTO alert_evaluation (import_id, fired) VALUES ($1, 0) ON CONFLICT (import_id) DO NOTHING RETURNING import_id`,
      [importId],
    );
    return rows.length > 0;
  }

  async finishEvaluation(sql: Sql, importId: number, fired: number): Promise<void> {
    await sql(`UPDATE alert_evaluation SET fired = $2, evaluated_at = now() WHERE import_id = $1`, [importId, fired]);
  }

  /** Completed imports whose alerts were never evaluated (the process stopped between commit and evaluation). */
  async unevaluated(limit: number): Promise<number[]> {
    const rows: { id: number }[] = await this.db.query(
      `SELECT i.id FROM import i WHERE i.status = 'completed' AND NOT EXISTS (SELECT 1 FROM alert_evaluation e WHERE e.import_id = i.id) ORDER BY i.id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** The municipality-years for which the import is now the current one, with the datasets it brought, and the places' names. */
  async placesOf(sql: Sql, importId: number): Promise<(PlaceYear & { name: string })[]> {
    const rows: { ubigeo: string; year: number; department_code: string; name: string; datasets: string[] }[] = await sql(
      `SELECT s.ubigeo, s.year, m.department_code, m.name, array_agg(s.dataset ORDER BY s.dataset) AS datasets
       FROM (SELECT i.ubigeo, i.year, i.dataset FROM import_scope i
             JOIN scope_current c ON c.dataset = i.dataset AND c.ubigeo = i.ubigeo AND c.year = i.year AND c.import_id = i.import_id
             WHERE i.import_id = $1 AND i.dataset IN ('budget', 'canon')
             UNION ALL SELECT e.ubigeo, e.year, 'execution' FROM execution_current e WHERE e.import_id = $1) s
       JOIN municipality m ON m.ubigeo = s.ubigeo
       GROUP BY s.ubigeo, s.year, m.department_code, m.name ORDER BY s.ubigeo, s.year`,
      [importId],
    );
    return rows.map((r) => ({ ubigeo: r.ubigeo, year: Number(r.year), departmentCode: r.department_code, name: r.name, datasets: r.datasets }));
  }

  /** Takes the evaluation of every commitment for this transaction; false when another instance is at it now (it covers what this one would). */
  async claimCommitments(sql: Sql): Promise<boolean> {
    const [{ claimed }]: { claimed: boolean }[] = await sql(`SELECT pg_try_advisory_xact_lock($1) AS claimed`, [COMMITMENTS_LOCK]);
    return claimed;
  }

  /**
   * For the subscriptions (of keys not revoked) with a rule of `kinds`, the commitments not archived that
   * are overdue on `today` (of every commitment, or only `commitmentId`) and that their places select, as
   * the commitments' list matches a place: one is the other, inside it, or contains it. Each is filed under
   * the first of its municipalities inside the subscription's places (there is one, since the places match).
   */
  async overdueCommitments(sql: Sql, today: string, kinds: string[], commitmentId: number | null): Promise<OverdueMatch[]> {
    const rows: (OverdueCommitment & { subscriptionId: number; name: string; rules: StoredRule[]; webhookUrl: string | null; placeName: string })[] = await sql(
      `SELECT s.id AS "subscriptionId", s.name, s.rules, s.webhook_url AS "webhookUrl",
              c.id, c.forum, c.party_name AS "partyName", c.description, c.deadline::text AS deadline, c.status, f.ubigeo, m.name AS "placeName"
       FROM alert_subscription s JOIN api_key k ON k.id = s.key_id AND k.revoked_at IS NULL
       JOIN commitment c ON c.archived_at IS NULL AND ${overdueSql('$1')}
         AND EXISTS (SELECT 1 FROM unnest(c.places) AS cp, unnest(s.places) AS sp WHERE ${relatedPlace('cp', '(sp COLLATE "C")')})
       CROSS JOIN LATERAL (SELECT min(u) AS ubigeo FROM unnest(c.municipalities) AS u
                           WHERE EXISTS (SELECT 1 FROM unnest(s.places) AS sp WHERE starts_with(u, sp COLLATE "C"))) f
       JOIN municipality m ON m.ubigeo = f.ubigeo
       WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(s.rules) r WHERE r->>'kind' = ANY($2::text[])) AND ($3::int IS NULL OR c.id = $3)
       ORDER BY s.id, c.id`,
      [today, kinds, commitmentId],
    );
    return rows.map((r) => ({
      subscription: { id: r.subscriptionId, name: r.name, rules: r.rules, webhookUrl: r.webhookUrl },
      commitment: { id: r.id, forum: r.forum, partyName: r.partyName, description: r.description, deadline: r.deadline, status: r.status, ubigeo: r.ubigeo },
      placeName: r.placeName,
    }));
  }

  /** Subscriptions of keys not revoked whose places hold any of `ubigeos`, each with those it holds. */
  async subscriptionsFor(sql: Sql, ubigeos: string[]): Promise<MatchedSubscription[]> {
    const rows: { id: number; name: string; rules: StoredRule[]; webhook_url: string | null; ubigeos: string[] }[] = await sql(
      `SELECT s.id, s.name, s.rules, s.webhook_url, array_agg(DISTINCT m.ubigeo) AS ubigeos
       FROM alert_subscription s JOIN api_key k ON k.id = s.key_id AND k.revoked_at IS NULL
       JOIN municipality m ON m.ubigeo = ANY($1::text[]) AND (m.ubigeo = ANY(s.places) OR m.province_code = ANY(s.places) OR m.department_code = ANY(s.places))
       GROUP BY s.id ORDER BY s.id`,
      [ubigeos],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, rules: r.rules, webhookUrl: r.webhook_url, ubigeos: r.ubigeos }));
  }

  /** The facts `needs` names for the municipality-years (and, for peers, their departments' years). */
  async facts(sql: Sql, places: PlaceYear[], needs: Set<FactKind>): Promise<AlertFacts> {
    const facts: AlertFacts = { budget: new Map(), canon: new Map(), execution: new Map(), peers: new Map(), idleProjects: new Map() };
    if (places.length === 0) return facts;
    type Amounts = { ubigeo: string; year: number; snapshot_date: string; pia: string; pim: string; devengado: string };
    if (needs.has('budget')) {
      const rows: (Amounts & { rubro18_lines: number; rubro18_devengado: string })[] = await sql(
        `SELECT y.ubigeo, y.year, y.snapshot_date::text AS snapshot_date, y.pia::text, y.pim::text, y.devengado::text, y.rubro18_lines, y.rubro18_devengado::text
         FROM rollup_budget_year y JOIN ${PAIRS} ON p.ubigeo = y.ubigeo AND p.year = y.year`,
        pairs(places),
      );
      for (const r of rows) {
        facts.budget.set(placeKey(r.ubigeo, Number(r.year)), {
          snapshotDate: r.snapshot_date,
          pia: cents(r.pia),
          pim: cents(r.pim),
          devengado: cents(r.devengado),
          rubro18Lines: r.rubro18_lines,
          rubro18Devengado: cents(r.rubro18_devengado),
        });
      }
    }
    if (needs.has('canon')) {
      const rows: { ubigeo: string; year: number; snapshot_date: string; transferred: string }[] = await sql(
        `SELECT t.ubigeo, t.year, c.snapshot_date::text AS snapshot_date, sum(t.amount)::text AS transferred
         FROM scope_current c JOIN ${PAIRS} ON p.ubigeo = c.ubigeo AND p.year = c.year
         JOIN canon_transfer t ON t.import_id = c.import_id AND t.ubigeo = c.ubigeo AND t.year = c.year AND t.concept = 'rubro18_total'
         WHERE c.dataset = 'canon' GROUP BY t.ubigeo, t.year, c.snapshot_date`,
        pairs(places),
      );
      for (const r of rows) facts.canon.set(placeKey(r.ubigeo, Number(r.year)), { snapshotDate: r.snapshot_date, transferred: cents(r.transferred) });
    }
    if (needs.has('execution')) {
      const rows: Amounts[] = await sql(
        `SELECT e.ubigeo, e.year, e.snapshot_date::text AS snapshot_date, e.pia::text, e.pim::text, e.devengado::text
         FROM execution_current e JOIN ${PAIRS} ON p.ubigeo = e.ubigeo AND p.year = e.year`,
        pairs(places),
      );
      for (const r of rows)
        facts.execution.set(placeKey(r.ubigeo, Number(r.year)), {
          snapshotDate: r.snapshot_date,
          pia: cents(r.pia),
          pim: cents(r.pim),
          devengado: cents(r.devengado),
        });
    }
    if (needs.has('peers')) {
      // every municipality of the departments' years, as rollup_budget_year has them (one row per municipality-year)
      const rows: { department_code: string; year: number; ubigeo: string; pim: string; devengado: string }[] = await sql(
        `SELECT m.department_code, y.year, y.ubigeo, y.pim::text, y.devengado::text
         FROM (SELECT DISTINCT d.department_code, p.year FROM ${PAIRS} JOIN municipality d ON d.ubigeo = p.ubigeo) q
         JOIN municipality m ON m.department_code = q.department_code
         JOIN rollup_budget_year y ON y.ubigeo = m.ubigeo AND y.year = q.year
         ORDER BY m.department_code, y.year, y.ubigeo`,
        pairs(places),
      );
      for (const r of rows) {
        const key = `${r.department_code}/${Number(r.year)}`;
        facts.peers.set(key, [...(facts.peers.get(key) ?? []), { ubigeo: r.ubigeo, pim: cents(r.pim), devengado: cents(r.devengado) }]);
      }
    }
    if (needs.has('idleProjects')) {
      const rows: { ubigeo: string; year: number; cui: string; name: string; pia: string; pim: string; devengado: string }[] = await sql(
        `SELECT r.ubigeo, r.year, r.product_code AS cui, r.product_name AS name, r.pia::text, r.pim::text, r.devengado::text
         FROM rollup_budget_year y JOIN ${PAIRS} ON p.ubigeo = y.ubigeo AND p.year = y.year
         JOIN rollup_project_import r ON r.year = y.year AND r.ubigeo = y.ubigeo AND r.import_id = y.import_id
         WHERE r.pia > 0 AND r.devengado <= 0
         ORDER BY r.ubigeo, r.year, r.product_code`,
        pairs(places),
      );
      for (const r of rows) {
        const key = placeKey(r.ubigeo, Number(r.year));
        facts.idleProjects.set(key, [
          ...(facts.idleProjects.get(key) ?? []),
          { cui: r.cui, name: r.name, pia: cents(r.pia), pim: cents(r.pim), devengado: cents(r.devengado) },
        ]);
      }
    }
    return facts;
  }

  /** Stores a firing unless the same one is stored; its id and time, or null when it was already there. */
  async insert(sql: Sql, a: NewAlert): Promise<{ id: number; firedAt: Date } | null> {
    const rows: { id: string; fired_at: Date }[] = await sql(
      `INSERT INTO alert (subscription_id, rule_kind, rule_key, rule_params, ubigeo, period, fingerprint, figures, as_of, import_id)
       VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8::jsonb, $9::date, $10)
       ON CONFLICT ON CONSTRAINT alert_once DO NOTHING RETURNING id, fired_at`,
      [a.subscriptionId, a.ruleKind, a.ruleKey, JSON.stringify(a.ruleParams), a.ubigeo, a.period, a.fingerprint, JSON.stringify(a.figures), a.asOf, a.importId],
    );
    return rows.length > 0 ? { id: Number(rows[0].id), firedAt: rows[0].fired_at } : null;
  }

  /** A key's alerts, newest first, with how many match in all. */
  async list(keyId: number, filter: AlertFilter, limit: number, offset: number): Promise<{ rows: AlertRow[]; total: number }> {
    const params: unknown[] = [keyId];
    const where = ['s.key_id = $1'];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replaceAll('?', `$${params.length}`));
    };
    if (filter.place) add('(a.ubigeo = ? OR m.province_code = ? OR m.department_code = ?)', filter.place);
    if (filter.rule) add('a.rule_kind = ?', filter.rule);
    if (filter.since) add('a.fired_at >= ?::timestamptz', filter.since);
    if (filter.subscription) add('a.subscription_id = ?', filter.subscription);
    const from = `FROM alert a JOIN alert_subscription s ON s.id = a.subscription_id JOIN municipality m ON m.ubigeo = a.ubigeo WHERE ${where.join(' AND ')}`;
    const [{ total }]: { total: number }[] = await this.db.query(`SELECT count(*)::int AS total ${from}`, params);
    const rows: AlertRow[] = await this.db.query(
      `SELECT a.id::int AS id, a.subscription_id AS "subscriptionId", a.rule_kind AS "ruleKind", a.rule_params AS "ruleParams", a.ubigeo, m.name AS "placeName",
              a.period, a.figures, a.as_of::text AS "asOf", a.import_id AS "importId", a.fired_at AS "firedAt"
       ${from} ORDER BY a.fired_at DESC, a.id DESC LIMIT ${Number(limit)} OFFSET ${Number(offset)}`,
      params,
    );
    return { rows, total };
  }
}
