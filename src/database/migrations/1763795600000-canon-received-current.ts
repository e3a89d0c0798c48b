import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * canon_received_current: each municipality-year's canon received under the one rule of
 * src/canon/canon-received.ts (its own rubro-18 transfers where imported, else its row among its department's
 * entities of the latest import), kept as a table instead of worked out by a DISTINCT ON over both files
 * in every read: the canon analysis, the peers, the map and every analysis's coverage read it (at national
 * scale the rule cost 20-130 ms a statement, two or three statements a request).
 *
 * Kept like execution_current (migration 1763793200000): statement-level triggers on the tables the rule
 * reads (canon_transfer, scope_current's canon rows, canon_entity_transfer) work it out again, inside the
 * writing transaction, for exactly the municipality-years the statement touched: an import, the cascade of a
 * deleted import, or any other write. The rule's SQL is copied here as it stands today; canonReceived reads
 * the table and keeps the rule for reads as of a snapshot, and test/canon-received.e2e-spec.ts checks that
 * the two agree.
 */
export class CanonReceivedCurrent1763795600000 implements MigrationInterface {
  name = 'CanonReceivedCurrent1763795600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE canon_received_current (
      ubigeo varchar(6) COLLATE "C" NOT NULL, year smallint NOT NULL, amount numeric(18,2) NOT NULL, through_month smallint NOT NULL,
      import_id integer NOT NULL, source varchar(9) NOT NULL CHECK (source IN ('transfers', 'entities')), PRIMARY KEY (ubigeo, year))`);
    await q.query(`CREATE INDEX canon_received_current_year_idx ON canon_received_current (year, ubigeo)`);
    // the rule looks up a municipality-year's entity rows
    await q.query(`CREATE INDEX canon_entity_transfer_ubigeo_year_idx ON canon_entity_transfer (ubigeo, year)`);
    // the rule for the municipality-years of `keys` (ubigeo, year)
    const rule = (keys: string) => `
      SELECT DISTINCT ON (x.ubigeo, x.year) x.ubigeo, x.year, x.amount, x.through_month, x.import_id, x.source
      FROM (SELECT t.ubigeo, t.year, t.amount, t.through_month, t.import_id, 'transfers'::text AS source, 0 AS preference, NULL::date AS snapshot_date
            FROM canon_transfer t
            JOIN scope_current s ON s.dataset = 'canon' AND s.ubigeo = t.ubigeo AND s.year = t.year AND s.import_id = t.import_id
            WHERE t.concept = 'rubro18_total' AND (t.ubigeo, t.year) IN (${keys})
            UNION ALL
            SELECT e.ubigeo, e.year, e.amount, e.through_month, e.import_id, 'entities', 1, i.snapshot_date
            FROM canon_entity_transfer e JOIN import i ON i.id = e.import_id
            WHERE e.entity_type = 'municipality' AND e.concept = 'rubro18_total' AND (e.ubigeo, e.year) IN (${keys})) x
      ORDER BY x.ubigeo, x.year, x.preference, x.snapshot_date DESC, x.import_id DESC`;
    const refresh = (keys: string) => `
      DELETE FROM canon_received_current c WHERE (c.ubigeo, c.year) IN (${keys});
      INSERT INTO canon_received_current (ubigeo, year, amount, through_month, import_id, source) ${rule(keys)};`;
    // scope_current's rows of other datasets (a budget import's municipality-years) change nothing here
    for (const [fn, only] of [
      ['canon_received_refresh', ''],
      ['canon_received_scope_refresh', ` WHERE dataset = 'canon'`],
    ]) {
      const keys = (rows: string) => `SELECT ubigeo, year FROM ${rows}${only}`;
      await q.query(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN ${refresh(keys('new_rows'))}
          ELSIF TG_OP = 'DELETE' THEN ${refresh(keys('old_rows'))}
          ELSE ${refresh(`${keys('new_rows')} UNION ${keys('old_rows')}`)}
          END IF;
          RETURN NULL;
        END $$`);
    }
    for (const [table, fn] of [
      ['canon_transfer', 'canon_received_refresh'],
      ['canon_entity_transfer', 'canon_received_refresh'],
      ['scope_current', 'canon_received_scope_refresh'],
    ]) {
      await q.query(
        `CREATE TRIGGER ${table}_canon_received_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_canon_received_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_canon_received_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    }
    await q.query(`INSERT INTO canon_received_current (ubigeo, year, amount, through_month, import_id, source)
      ${rule('SELECT ubigeo, year FROM canon_transfer UNION SELECT ubigeo, year FROM canon_entity_transfer')}`);
    // planned with statistics from the first read, not after autovacuum's (a national read took 0.5 s instead of 0.3 without)
    await q.query(`ANALYZE canon_received_current`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['canon_transfer', 'canon_entity_transfer', 'scope_current']) {
      for (const op of ['insert', 'delete', 'update']) await q.query(`DROP TRIGGER ${table}_canon_received_${op} ON ${table}`);
    }
    await q.query(`DROP FUNCTION canon_received_refresh(), canon_received_scope_refresh()`);
    await q.query(`DROP INDEX canon_entity_transfer_ubigeo_year_idx`);
    await q.query(`DROP TABLE canon_received_current`);
  }
}
