import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { IndexYear } from './prices.js';

export interface IndexYears {
  years: IndexYear[];
  importIds: number[];
}

/** The monthly index as imported (price_index_month), added up by year. */
@Injectable()
export class PriceIndexRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * For each year of the series: how many months it has and their sum, exact (numeric text), from the
   * latest import of each month (by snapshot date, then id); and the imports read.
   */
  async years(series: string): Promise<IndexYears> {
    const rows: { year: number; months: number; sum: string; import_ids: number[] }[] = await this.db.query(
      `WITH latest AS (
         SELECT DISTINCT ON (p.month) p.month, p.value, p.import_id
         FROM price_index_month p JOIN import i ON i.id = p.import_id
         WHERE p.series = $1
         ORDER BY p.month, i.snapshot_date DESC, p.import_id DESC)
       SELECT extract(year FROM month)::int AS year, count(*)::int AS months, sum(value)::text AS sum,
              array_agg(DISTINCT import_id ORDER BY import_id) AS import_ids
       FROM latest GROUP BY 1 ORDER BY 1`,
      [series],
    );
    return {
      years: rows.map((r) => ({ year: r.year, months: r.months, sum: r.sum })),
      importIds: [...new Set(rows.flatMap((r) => r.import_ids))].sort((a, b) => a - b),
    };
  }
}
