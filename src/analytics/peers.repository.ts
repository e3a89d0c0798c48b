import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { sumToCents } from '../common/decimal.js';
import { canonReceived, type PlaceCanon, type PlaceCanonColumns, placeCanon, placeCanonColumns } from '../canon/canon-received.js';
import type { PeerInputs } from './peers.js';

/** A place (a municipality, a province or a department) with what the tables the imports keep hold for it in the year. */
export interface PeerRow extends PeerInputs {
  name: string;
  kind: string;
  departmentCode: string;
  departmentName: string;
  /** The year the population is of (the nearest one with a figure; of a province or department, the latest of its municipalities'), or null without any. */
  populationYear: number | null;
  /** Its canon received (`transferred` is the same figure in céntimos), where from, and which municipalities lack it. */
  canon: PlaceCanon;
}

interface Row extends PlaceCanonColumns {
  ubigeo: string;
  name: string;
  kind: string;
  department_code: string;
  department_name: string;
  population: number | null;
  population_year: number | null;
  pim: string | null;
  devengado: string | null;
}

/** A province's or department's sums, with how many of its municipalities each input covers. */
interface AreaRow extends Omit<Row, 'population'> {
  municipalities: number;
  population: string | null;
  with_population: number;
  with_totals: number;
}

const cents = (v: string | null) => (v === null ? null : sumToCents(v));

/**
 * Every municipality (of the department `$2`, or of the country when `$2` is null) with its population
 * (population_nearest), its Consulta Amigable PIM and devengado (execution_current) and its canon received on
 * rubro 18 in `$1` (canonReceived: its own transfers, else its row among its department's entities, with the
 * source). One row per municipality, read by key.
 */
const MUNICIPALITIES = (params: unknown[]) => `
  SELECT m.ubigeo, m.name, m.kind, m.province_code, m.province_name, m.department_code, m.department_name,
         p.total AS population, p.source_year AS population_year, e.pim, e.devengado, t.amount, t.source
  FROM municipality m
  LEFT JOIN population_nearest p ON p.year = $1 AND p.ubigeo = m.ubigeo
  LEFT JOIN execution_current e ON e.year = $1 AND e.ubigeo = m.ubigeo
  LEFT JOIN ${canonReceived(params, { within: 'SELECT ubigeo FROM municipality WHERE $2::text IS NULL OR department_code = $2' })} t ON t.year = $1 AND t.ubigeo = m.ubigeo
  WHERE $2::text IS NULL OR m.department_code = $2`;

@Injectable()
export class PeersRepository {
  constructor(private readonly db: DataSource) {}

  /** Every municipality of the department of `ubigeo` in `year`. A ubigeo's first two digits are its department's code. */
  async department(ubigeo: string, year: number): Promise<PeerRow[]> {
    const params: unknown[] = [year, ubigeo.slice(0, 2)];
    const rows: Row[] = await this.db.query(
      `SELECT ubigeo, name, kind, department_code, department_name, population, population_year,
              pim::text AS pim, devengado::text AS devengado, ${placeCanonColumns('m')}
       FROM (${MUNICIPALITIES(params)}) m GROUP BY ubigeo, name, kind, department_code, department_name, population, population_year, pim, devengado
       ORDER BY ubigeo`,
      params,
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
      transferred: cents(r.canon_transferred),
      canon: placeCanon(r),
    }));
  }

  /** Every province of `department` in `year`: its municipalities' figures added up. */
  provinces(department: string, year: number): Promise<PeerRow[]> {
    return this.areas('province', department, year);
  }

  /** Every department in `year`: its municipalities' figures added up. */
  departments(year: number): Promise<PeerRow[]> {
    return this.areas('department', null, year);
  }

  /**
   * The municipalities' figures added up per province or department (at most 1,890 rows of the tables above, no
   * budget line). An input is the area's only when every one of its municipalities has it; otherwise it is null,
   * never a partial sum (canon: placeCanonColumns, the rule the canon per place states too).
   */
  private async areas(level: 'province' | 'department', department: string | null, year: number): Promise<PeerRow[]> {
    const [code, name] = level === 'province' ? ['province_code', 'province_name'] : ['department_code', 'department_name'];
    const params: unknown[] = [year, department];
    const rows: AreaRow[] = await this.db.query(
      `SELECT ${code} AS ubigeo, max(${name}) AS name, '${level}' AS kind, max(department_code) AS department_code, max(department_name) AS department_name,
              count(*)::int AS municipalities, count(population)::int AS with_population, sum(population)::text AS population,
              max(population_year)::int AS population_year, count(pim)::int AS with_totals, sum(pim)::text AS pim, sum(devengado)::text AS devengado,
              ${placeCanonColumns('m')}
       FROM (${MUNICIPALITIES(params)}) m GROUP BY ${code} ORDER BY ${code}`,
      params,
    );
    return rows.map((r) => {
      const all = (count: number) => count === r.municipalities;
      return {
        ubigeo: r.ubigeo,
        name: r.name,
        kind: r.kind,
        departmentCode: r.department_code,
        departmentName: r.department_name,
        population: all(r.with_population) && r.population !== null ? Number(r.population) : null,
        populationYear: all(r.with_population) ? r.population_year : null,
        pim: all(r.with_totals) ? cents(r.pim) : null,
        devengado: all(r.with_totals) ? cents(r.devengado) : null,
        transferred: cents(r.canon_transferred),
        canon: placeCanon(r),
      };
    });
  }
}
