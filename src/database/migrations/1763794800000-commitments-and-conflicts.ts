import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dialogue-table commitments and the Defensoría's mining-conflict cases (issue 16 §2):
 * - commitment: what a company, ministry, regional government or municipality committed to at a
 *   dialogue table or in an agreement, with the places it concerns (`places`: department, province or
 *   district codes, 2, 4 or 6 digits, as entered) and the municipalities those places hold
 *   (`municipalities`, resolved when written: a planner's scope and the audit trail read them). A
 *   person sets its status and evidence; archived_at hides it from lists instead of deleting it.
 * - commitment_project: the investments (CUI) that fulfil it; their PIM, devengado and cost are read
 *   from the budget rollups and the Invierte.pe registry, never stored here.
 * - conflict_case: the cases of each import of the Defensoría's report (format defensoria-conflicts),
 *   placed at the deepest level the report names (`place`: 2, 4 or 6 digits); reads show the latest import.
 */
export class CommitmentsAndConflicts1763794800000 implements MigrationInterface {
  name = 'CommitmentsAndConflicts1763794800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE commitment (
      id serial PRIMARY KEY,
      forum text NOT NULL,
      agreed_on date NOT NULL,
      party_kind varchar(20) NOT NULL CHECK (party_kind IN ('company', 'ministry', 'regional_government', 'municipality', 'other')),
      party_name text NOT NULL,
      description text NOT NULL,
      amount numeric(18,2) CHECK (amount >= 0),
      deadline date,
      places varchar(6)[] COLLATE "C" NOT NULL CHECK (cardinality(places) > 0),
      municipalities varchar(6)[] COLLATE "C" NOT NULL,
      status varchar(12) NOT NULL DEFAULT 'pendiente' CHECK (status IN ('pendiente', 'en_curso', 'cumplido', 'incumplido')),
      evidence_url text,
      created_by integer,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      archived_at timestamptz)`);
    await q.query(`CREATE INDEX commitment_municipalities_idx ON commitment USING gin (municipalities)`);
    await q.query(`CREATE TABLE commitment_project (
      commitment_id integer NOT NULL REFERENCES commitment (id),
      cui varchar(12) COLLATE "C" NOT NULL,
      linked_by integer,
      linked_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (commitment_id, cui))`);
    await q.query(`CREATE INDEX commitment_project_cui_idx ON commitment_project (cui)`);

    await q.query(`CREATE TABLE conflict_case (
      import_id integer NOT NULL REFERENCES import (id) ON DELETE CASCADE,
      source_row integer NOT NULL,
      case_name text NOT NULL,
      place varchar(6) COLLATE "C" NOT NULL CHECK (length(place) IN (2, 4, 6)),
      department text NOT NULL,
      province text,
      district text,
      company text NOT NULL,
      kind text,
      activity text,
      state text NOT NULL,
      phase text NOT NULL,
      violence boolean NOT NULL,
      dialogue boolean NOT NULL,
      competence text,
      latitude numeric,
      longitude numeric,
      PRIMARY KEY (import_id, source_row))`);
    await q.query(`CREATE INDEX conflict_case_place_idx ON conflict_case (import_id, place)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['conflict_case', 'commitment_project', 'commitment']) await q.query(`DROP TABLE ${table}`);
  }
}
