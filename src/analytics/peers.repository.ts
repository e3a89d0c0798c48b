import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sumToCents } from '../common/decimal.js';
import type { PeerInputs } from './peers.js';

/** A municipality of the department with what the tables the imports keep hold for it in the year. */
export interface PeerRow extends PeerInputs {
  name: string;
  kind: string;
  departmentCode: string;
  departmentName: string;
  /** The year the population is of (the nearest one with a figure), or null without any. */
  populationYear: number | null;
}

interface Row {
  ubigeo: string;
  name: string;
  kind: string;
  department_code: string;
  department_name: string;
  population: number | null;
  population_year: number | null;
  pim: string | null;
  devengado: string | null;
  transferred: string | null;
}

const cents = (v: string | null) => (v === null ? null : sumToCents(v));

@Injectable()
export class PeersRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Every municipality of the department of `ubigeo`, with its population (population_nearest), its Consulta
   * Amigable PIM and devengado (execution_current) and its canon transferred on rubro 18 in `year`: the current
   * import of its transfers (scope_current) or, without one, its row among the department's entities (the latest
   * canon-entity-transfers import of the year). One row per municipality, read by key, nothing summed at request
   * time. A ubigeo's first two digits are its department's code.
   */
  async department(ubigeo: string, year: number): Promise<PeerRow[]> {
    const department = ubigeo.slice(0, 2);
    const rows: Row[] = await this.db.query(
      `SELECT m.ubigeo, m.name, m.kind, m.department_code, m.department_name, p.total AS population, p.source_year AS population_year,
              e.pim::text AS pim, e.devengado::text AS devengado, coalesce(t.amount, d.amount)::text AS transferred
       FROM municipality m
       LEFT JOIN population_nearest p ON p.year = $1 AND p.ubigeo = m.ubigeo
       LEFT JOIN execution_current e ON e.year = $1 AND e.ubigeo = m.ubigeo
       LEFT JOIN (SELECT c.ubigeo, c.amount FROM canon_transfer c
                  JOIN scope_current s ON s.dataset = 'canon' AND s.ubigeo = c.ubigeo AND s.year = c.year AND s.import_id = c.import_id
                  WHERE c.year = $1 AND c.concept = 'rubro18_total') t ON t.ubigeo = m.ubigeo
       LEFT JOIN (SELECT DISTINCT ON (c.ubigeo) c.ubigeo, c.amount FROM canon_entity_transfer c JOIN import i ON i.id = c.import_id
                  WHERE c.department_code = $2 AND c.year = $1 AND c.entity_type = 'municipality' AND c.concept = 'rubro18_total'
                  ORDER BY c.ubigeo, i.snapshot_date DESC, c.import_id DESC) d ON d.ubigeo = m.ubigeo
       WHERE m.department_code = $2
       ORDER BY m.ubigeo`,
      [year, department],
    );
    return rows.map((r) => ({
      ubigeo: r.ubigeo,
      name: r.name,
      kind: r.kind,
      departmentCode: r.department_code,
      departmentName: r.department_name,
      population: r.population,
      populationYear: r.population_year,
      pim: cents(r.pim),
      devengado: cents(r.devengado),
      transferred: cents(r.transferred),
    }));
  }
}
