import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The three views over the latest snapshots, as the earlier migrations left them (restored by down()). */
const OLD_VIEWS = {
  execution_latest: `SELECT DISTINCT ON (ubigeo, year) * FROM execution_snapshot ORDER BY ubigeo, year, snapshot_date DESC, import_id DESC`,
  latest: (table: string, dataset: string) =>
    `SELECT t.* FROM ${table} t JOIN (SELECT DISTINCT ON (ubigeo, year) ubigeo, year, import_id FROM import_scope WHERE dataset = '${dataset}'
       ORDER BY ubigeo, year, snapshot_date DESC, import_id DESC) s ON s.ubigeo = t.ubigeo AND s.year = t.year AND s.import_id = t.import_id`,
};

/** Codes that join tables to one another: one collation ("C", byte order) everywhere, as the budget lines and rollups have. */
const CODE_COLUMNS: [table: string, column: string, length: number][] = [
  ['municipality', 'ubigeo', 6],
  ['municipality', 'department_code', 2],
  ['municipality', 'province_code', 4],
  ['execution_snapshot', 'ubigeo', 6],
  ['canon_transfer', 'ubigeo', 6],
  ['import_scope', 'ubigeo', 6],
  ['population', 'ubigeo', 6],
  ['private_contribution', 'ubigeo', 6],
  ['plan_priority', 'ubigeo', 6],
  ['project', 'location_ubigeo', 6],
  ['budget_line', 'fuente_code', 2],
];

/**
 * The latest snapshot of each municipality-year, kept as tables instead of computed per request.
 *
 * - execution_current: the latest Consulta Amigable row of each municipality-year (what the view
 *   execution_latest computed with a DISTINCT ON over every snapshot of the country, 6-13 ms a read at
 *   national scale, twice or more per request).
 * - scope_current: per dataset, the import whose snapshot is the latest for each municipality-year
 *   (the same DISTINCT ON over import_scope, for canon transfers, private contributions and budget lines).
 *
 * Both are kept by statement-level triggers on the tables they summarise, inside the writing
 * transaction, for exactly the municipality-years the statement touched: an import, the cascade of a
 * deleted import, or any other write keeps them right without the writer knowing about them (only
 * TRUNCATE, which no code path uses, would not). The views keep their names and now read the tables.
 *
 * Every code column that joins (ubigeo, department, province, fuente) becomes COLLATE "C" like the
 * budget lines' and the rollups': joins across two collations cannot use an index (issue 13: the
 * population join per budget line).
 */
export class CurrentSnapshots1763793200000 implements MigrationInterface {
  name = 'CurrentSnapshots1763793200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW execution_latest, canon_transfer_latest, budget_line_latest`);
    for (const [table, column, length] of CODE_COLUMNS) {
      await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE varchar(${length}) COLLATE "C"`);
    }

    await q.query(`CREATE TABLE execution_current (LIKE execution_snapshot INCLUDING CONSTRAINTS)`);
    await q.query(`ALTER TABLE execution_current ADD PRIMARY KEY (year, ubigeo)`);
    await q.query(`CREATE INDEX execution_current_ubigeo_idx ON execution_current (ubigeo, year)`);
    await q.query(`CREATE TABLE scope_current (
      dataset varchar(16) NOT NULL, ubigeo varchar(6) COLLATE "C" NOT NULL, year smallint NOT NULL,
      import_id integer NOT NULL, snapshot_date date NOT NULL, PRIMARY KEY (dataset, ubigeo, year))`);
    await q.query(`CREATE INDEX scope_current_year_idx ON scope_current (dataset, year, ubigeo)`);

    // keys: the municipality-years of the rows the statement wrote or removed; their latest row is read again
    const refresh = (keys: string) => ({
      execution: `
        DELETE FROM execution_current c USING (${keys}) k WHERE c.ubigeo = k.ubigeo AND c.year = k.year;
        INSERT INTO execution_current
          SELECT DISTINCT ON (s.ubigeo, s.year) s.* FROM execution_snapshot s JOIN (${keys}) k ON k.ubigeo = s.ubigeo AND k.year = s.year
          ORDER BY s.ubigeo, s.year, s.snapshot_date DESC, s.import_id DESC;`,
      scope: `
        DELETE FROM scope_current c USING (${keys.replaceAll('ubigeo, year', 'dataset, ubigeo, year')}) k
          WHERE c.dataset = k.dataset AND c.ubigeo = k.ubigeo AND c.year = k.year;
        INSERT INTO scope_current
          SELECT DISTINCT ON (s.dataset, s.ubigeo, s.year) s.dataset, s.ubigeo, s.year, s.import_id, s.snapshot_date
          FROM import_scope s JOIN (${keys.replaceAll('ubigeo, year', 'dataset, ubigeo, year')}) k ON k.dataset = s.dataset AND k.ubigeo = s.ubigeo AND k.year = s.year
          ORDER BY s.dataset, s.ubigeo, s.year, s.snapshot_date DESC, s.import_id DESC;`,
    });
    for (const [name, table] of [
      ['execution', 'execution_snapshot'],
      ['scope', 'import_scope'],
    ] as const) {
      const inserted = refresh('SELECT DISTINCT ubigeo, year FROM new_rows')[name];
      const deleted = refresh('SELECT DISTINCT ubigeo, year FROM old_rows')[name];
      const updated = refresh('SELECT ubigeo, year FROM new_rows UNION SELECT ubigeo, year FROM old_rows')[name];
      await q.query(`CREATE FUNCTION ${name}_current_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'INSERT' THEN ${inserted}
          ELSIF TG_OP = 'DELETE' THEN ${deleted}
          ELSE ${updated}
          END IF;
          RETURN NULL;
        END $$`);
      await q.query(
        `CREATE TRIGGER ${name}_current_insert AFTER INSERT ON ${table} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${name}_current_refresh()`,
      );
      await q.query(
        `CREATE TRIGGER ${name}_current_delete AFTER DELETE ON ${table} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${name}_current_refresh()`,
      );
      await q.query(
        `CREATE TRIGGER ${name}_current_update AFTER UPDATE ON ${table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${name}_current_refresh()`,
      );
    }
    await q.query(`INSERT INTO execution_current
      SELECT DISTINCT ON (ubigeo, year) * FROM execution_snapshot ORDER BY ubigeo, year, snapshot_date DESC, import_id DESC`);
    await q.query(`INSERT INTO scope_current
      SELECT DISTINCT ON (dataset, ubigeo, year) dataset, ubigeo, year, import_id, snapshot_date FROM import_scope
      ORDER BY dataset, ubigeo, year, snapshot_date DESC, import_id DESC`);

    await q.query(`CREATE VIEW execution_latest AS SELECT * FROM execution_current`);
    for (const [view, table, dataset] of [
      ['canon_transfer_latest', 'canon_transfer', 'canon'],
      ['budget_line_latest', 'budget_line', 'budget'],
    ]) {
      await q.query(`CREATE VIEW ${view} AS SELECT t.* FROM ${table} t
        JOIN scope_current s ON s.dataset = '${dataset}' AND s.ubigeo = t.ubigeo AND s.year = t.year AND s.import_id = t.import_id`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW execution_latest, canon_transfer_latest, budget_line_latest`);
    for (const [name, table] of [
      ['execution', 'execution_snapshot'],
      ['scope', 'import_scope'],
    ]) {
      for (const op of ['insert', 'delete', 'update']) await q.query(`DROP TRIGGER ${name}_current_${op} ON ${table}`);
      await q.query(`DROP FUNCTION ${name}_current_refresh()`);
    }
    await q.query(`DROP TABLE execution_current, scope_current`);
    for (const [table, column, length] of CODE_COLUMNS) {
      await q.query(`ALTER TABLE "${table}" ALTER COLUMN "${column}" TYPE varchar(${length}) COLLATE "default"`);
    }
    await q.query(`CREATE VIEW execution_latest AS ${OLD_VIEWS.execution_latest}`);
    await q.query(`CREATE VIEW canon_transfer_latest AS ${OLD_VIEWS.latest('canon_transfer', 'canon')}`);
    await q.query(`CREATE VIEW budget_line_latest AS ${OLD_VIEWS.latest('budget_line', 'budget')}`);
  }
}
