import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { projectFile } from '../../common/project-root.js';

/**
 * Loads the reference geography shipped in data/reference/ (built by scripts/build-reference-data.mjs
 * from INEI's 2025 ubigeo list and MINAM's 2019-2023 urban/rural population). A later revision of
 * those files comes with a migration of its own.
 */
export class ReferenceGeography1763792100000 implements MigrationInterface {
  name = 'ReferenceGeography1763792100000';

  async up(q: QueryRunner): Promise<void> {
    const municipalities = readCsv('municipalities.csv');
    await insertJson(
      q,
      municipalities,
      `INSERT INTO municipality (ubigeo, name, kind, department_code, department_name, province_code, province_name,
                                 capital, latitude, longitude, altitude_m)
       SELECT r->>'ubigeo', r->>'name', r->>'kind', r->>'department_code', r->>'department_name', r->>'province_code',
              r->>'province_name', nullif(r->>'capital', ''), nullif(r->>'latitude', '')::numeric,
              nullif(r->>'longitude', '')::numeric, nullif(r->>'altitude_m', '')::numeric
       FROM jsonb_array_elements($1::jsonb) AS r`,
    );
    await insertJson(
      q,
      readCsv('population.csv'),
      `INSERT INTO population (ubigeo, year, total, urban, rural, source)
       SELECT r->>'ubigeo', (r->>'year')::smallint, (r->>'total')::int, nullif(r->>'urban', '')::int,
              nullif(r->>'rural', '')::int, r->>'source'
       FROM jsonb_array_elements($1::jsonb) AS r`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM population');
    await q.query('DELETE FROM municipality WHERE ubigeo NOT IN (SELECT ubigeo FROM execution_snapshot)');
  }
}

function readCsv(name: string): Record<string, string>[] {
  return parse(readFileSync(projectFile('data', 'reference', name)), { columns: true, skip_empty_lines: true });
}

async function insertJson(q: QueryRunner, rows: unknown[], sql: string): Promise<void> {
  for (let i = 0; i < rows.length; i += 5000) {
    await q.query(sql, [JSON.stringify(rows.slice(i, i + 5000))]);
  }
}
