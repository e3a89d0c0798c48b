import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { projectFile } from '../../common/project-root.js';

/**
 * Canon by law against canon received (src/canon-distribution):
 * - canon_rules_version / canon_rules_tier: the distribution rules as data, versioned like the ECLAC
 *   classification: each tier's share of the pot and how it is split inside the tier. Version 1 is the
 *   law in force, version 2 the shares Box 1 of the governance report gives; both frozen here.
 * - canon_entity_transfer: rubro-18 transfers to every entity of a department (municipalities,
 *   regional government units, universities), the pot the rules divide.
 * - canon_distribution_index: MEF's official distribution indices, when a user imports them.
 * - canon_producing_districts: the producing districts of a department and year, entered by users.
 * - poverty_rate: INEI's 2018 poverty map (data/reference/poverty_inei_2018.csv), which weighs
 *   population in the estimate used when no official index was imported.
 */
export class CanonDistribution1763794500000 implements MigrationInterface {
  name = 'CanonDistribution1763794500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE canon_rules_version (
      id SERIAL PRIMARY KEY, name text NOT NULL, source text NOT NULL, note text NOT NULL,
      created_by text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
    await q.query(`CREATE TABLE canon_rules_tier (
      version_id integer NOT NULL REFERENCES canon_rules_version (id),
      tier varchar(24) NOT NULL CHECK (tier IN ('producing_district', 'producing_province', 'department', 'regional_government', 'universities')),
      share_pct numeric(6,3) NOT NULL CHECK (share_pct >= 0 AND share_pct <= 100),
      split varchar(8) NOT NULL CHECK (split IN ('equal', 'index', 'whole')),
      CHECK ((tier IN ('regional_government', 'universities')) = (split = 'whole')),
      PRIMARY KEY (version_id, tier))`);

    // frozen copies of the rules (a later change of the code must not change what was seeded)
    const versions: { id: number; name: string; source: string; note: string; tiers: [string, string, string][] }[] = [
      {
        id: 1,
        name: 'Ley 27506 as modified by Leyes 28077 and 28322',
        source:
          'Ley 27506, Ley de Canon, art. 5.2, as modified by Ley 28077 (2003) and Ley 28322 (2004): 10 % to the local governments of the producing district(s), 25 % to those of the producing province(s), 40 % to those of the producing department(s), 25 % to the regional government, which transfers 20 % of it (5 % of the canon) to the national universities of its jurisdiction; among local governments by the indices MEF sets from population and unmet basic needs.',
        note: 'The law in force: municipal tiers split by an index of population and poverty.',
        tiers: [
          ['producing_district', '10', 'index'],
          ['producing_province', '25', 'index'],
          ['department', '40', 'index'],
          ['regional_government', '20', 'whole'],
          ['universities', '5', 'whole'],
        ],
      },
      {
        id: 2,
        name: 'Governance report, Box 1',
        source:
          'Box 1 of the governance report on Espinar (as issue 16 quotes it): 15 % producing district, 20 % producing province, 20 % department, 40 % regional government, 5 % universities. The split inside the municipal tiers is taken to be the same index of population and poverty, so that only the shares differ from version 1.',
        note: 'Shares as the governance report states them, to show how much the choice of rules matters.',
        tiers: [
          ['producing_district', '15', 'index'],
          ['producing_province', '20', 'index'],
          ['department', '20', 'index'],
          ['regional_government', '40', 'whole'],
          ['universities', '5', 'whole'],
        ],
      },
    ];
    for (const v of versions) {
      await q.query(`INSERT INTO canon_rules_version (id, name, source, note, created_by) VALUES ($1, $2, $3, $4, 'migration')`, [
        v.id,
        v.name,
        v.source,
        v.note,
      ]);
      for (const [tier, share, split] of v.tiers) {
        await q.query(`INSERT INTO canon_rules_tier (version_id, tier, share_pct, split) VALUES ($1, $2, $3, $4)`, [v.id, tier, share, split]);
      }
    }
    await q.query(`SELECT setval(pg_get_serial_sequence('canon_rules_version', 'id'), 2)`);

    await q.query(`CREATE TABLE canon_entity_transfer (
      id bigserial PRIMARY KEY,
      import_id integer NOT NULL REFERENCES import (id) ON DELETE CASCADE,
      department_code varchar(2) COLLATE "C" NOT NULL,
      ubigeo varchar(6) COLLATE "C" NOT NULL REFERENCES municipality (ubigeo),
      entity_type varchar(20) NOT NULL CHECK (entity_type IN ('municipality', 'regional_government', 'university')),
      entity_name text NOT NULL,
      year smallint NOT NULL,
      through_month smallint NOT NULL,
      concept varchar(24) NOT NULL,
      amount numeric(18,2) NOT NULL,
      source_row integer NOT NULL)`);
    await q.query(`CREATE INDEX canon_entity_transfer_department_year_idx ON canon_entity_transfer (department_code, year)`);
    await q.query(`CREATE INDEX canon_entity_transfer_import_idx ON canon_entity_transfer (import_id)`);

    await q.query(`CREATE TABLE canon_distribution_index (
      import_id integer NOT NULL REFERENCES import (id) ON DELETE CASCADE,
      ubigeo varchar(6) COLLATE "C" NOT NULL REFERENCES municipality (ubigeo),
      year smallint NOT NULL,
      concept varchar(24) NOT NULL,
      index_value numeric(24,15) NOT NULL CHECK (index_value >= 0),
      source_row integer NOT NULL,
      PRIMARY KEY (import_id, ubigeo, year, concept))`);
    await q.query(`CREATE INDEX canon_distribution_index_year_idx ON canon_distribution_index (year, concept, ubigeo)`);

    await q.query(`CREATE TABLE canon_producing_districts (
      department_code varchar(2) COLLATE "C" NOT NULL,
      year smallint NOT NULL,
      districts varchar(6)[] NOT NULL,
      reason text NOT NULL,
      set_by integer,
      set_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (department_code, year))`);

    await q.query(`CREATE TABLE poverty_rate (
      ubigeo varchar(6) COLLATE "C" PRIMARY KEY REFERENCES municipality (ubigeo),
      year smallint NOT NULL,
      poverty_pct numeric(12,8) NOT NULL CHECK (poverty_pct >= 0 AND poverty_pct <= 100),
      source text NOT NULL)`);
    const poverty: { ubigeo: string; poverty_pct: string }[] = parse(readFileSync(projectFile('data', 'reference', 'poverty_inei_2018.csv')), {
      columns: true,
      skip_empty_lines: true,
    });
    await q.query(
      `INSERT INTO poverty_rate (ubigeo, year, poverty_pct, source)
       SELECT r->>'ubigeo', 2018, (r->>'poverty_pct')::numeric, 'INEI, Mapa de pobreza 2018 (via ubigeo-peru-aumentado, MIT)'
       FROM jsonb_array_elements($1::jsonb) AS r`,
      [JSON.stringify(poverty)],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'poverty_rate',
      'canon_producing_districts',
      'canon_distribution_index',
      'canon_entity_transfer',
      'canon_rules_tier',
      'canon_rules_version',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
