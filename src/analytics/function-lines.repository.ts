import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fromCents, sumToCents } from '../common/decimal.js';
import { asOf, pricesOf, type Selection } from './analysis-query.js';
import { rowsWhere } from './analytics-sql.js';

const cents = sumToCents;

/** functionDimensions()'s one row: the classified sums and what was read. */
interface FunctionDimensionsRow {
  rows: { dimension: string; function_code: string; function_name: string; pim: string; devengado: string }[];
  without_rule_pim: string;
  import_ids: number[];
  years: number[];
  municipalities: number;
  finer_rules: number;
}

/** The SQL of the analyses that read budget lines by función (budget_function_line) instead of the budget lines. */
@Injectable()
export class FunctionLinesRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * PIM and devengado per dimension and función from the selection's budget lines by función: each función
   * in its función rule's dimension, else unclassified. Rules on divisiones or grupos cannot apply to them:
   * they are counted, for the note that says so. Shaped as dimensions()'s answer.
   */
  async functionDimensions(sel: Selection, version: number) {
    const params: unknown[] = [version];
    const lines = asOf('budget_function', sel.snapshot, params);
    const prices = pricesOf(sel);
    const [answer]: FunctionDimensionsRow[] = await this.db.query(
      `WITH f AS MATERIALIZED (SELECT l.* FROM ${lines} l ${rowsWhere(sel, 'l')}),
       sums AS (SELECT f.function_code, max(f.function_name) AS function_name, sum(${prices.sql('f.pim', 'f.year')}) AS pim,
                       sum(${prices.sql('f.devengado', 'f.year')}) AS devengado FROM f GROUP BY f.function_code),
       classified AS (SELECT s.*, coalesce(r.dimension, 'unclassified') AS dimension, r.dimension IS NULL AS without_rule
                      FROM sums s LEFT JOIN classification_rule r ON r.version_id = $1 AND r.level = 'function' AND r.code = s.function_code)
       SELECT (SELECT coalesce(json_agg(json_build_object('dimension', c.dimension, 'function_code', c.function_code, 'function_name', c.function_name,
                                                          'pim', c.pim::text, 'devengado', c.devengado::text) ORDER BY c.dimension, c.function_code), '[]') FROM classified c) AS rows,
              (SELECT coalesce(sum(c.pim), 0)::text FROM classified c WHERE c.without_rule) AS without_rule_pim,
              (SELECT coalesce(array_agg(DISTINCT f.import_id ORDER BY f.import_id), '{}') FROM f) AS import_ids,
              (SELECT coalesce(array_agg(DISTINCT f.year ORDER BY f.year), '{}') FROM f) AS years,
              (SELECT count(DISTINCT f.ubigeo)::int FROM f) AS municipalities,
              (SELECT count(*)::int FROM classification_rule r WHERE r.version_id = $1 AND r.level IN ('division', 'group')) AS finer_rules`,
      params,
    );
    return {
      rows: answer.rows,
      meta: {
        without_rule_pim: fromCents(cents(answer.without_rule_pim)),
        overridden_pim: '0.00',
        years: answer.years.map(Number),
        municipalities: answer.municipalities,
        import_ids: answer.import_ids.map(Number),
        finer_rules: answer.finer_rules,
      },
    };
  }
}
