import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { geographyWhere, yearWhere } from '../common/query-params.js';
import type { CanonTransfersQueryDto } from './dto/canon.dto.js';
import { NOMINAL, type PriceBasis } from '../prices/price-basis.js';

const KEYS = {
  municipality: { key: 't.ubigeo', name: 'm.name' },
  province: { key: 'm.province_code', name: 'm.province_name' },
  year: { key: 't.year::text', name: 't.year::text' },
  concept: { key: 't.concept', name: 't.concept' },
} as const;

@Injectable()
export class CanonRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Transfers of the latest import of each municipality-year, summed per group, with each group's share.
   * `prices`: how each municipality-year's transfer is added up (NOMINAL, or in soles of a base year).
   */
  async transfers(q: CanonTransfersQueryDto & { fromYear?: number; toYear?: number }, prices: PriceBasis = NOMINAL) {
    const amount = prices.sql('t.amount', 't.year');
    const params: unknown[] = [];
    const where = geographyWhere(q);
    const groupBy = q.groupBy ?? 'municipality';
    if (groupBy !== 'concept') {
      params.push(q.concept ?? 'rubro18_total');
      where.push(`t.concept = $${params.length}`);
    }
    yearWhere(q, 't.year', where);
    const { key, name } = KEYS[groupBy];
    const filtered = `FROM canon_transfer_latest t JOIN municipality m ON m.ubigeo = t.ubigeo ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`;
    const rows: { key: string; name: string; amount: string; through_month: number; share_pct: string | null }[] = await this.db.query(
      `SELECT ${key} AS key, max(${name}) AS name, sum(${amount}) AS amount, min(t.through_month)::int AS through_month,
              round(sum(${amount}) * 100 / nullif(sum(sum(${amount})) OVER (), 0), 1) AS share_pct
       ${filtered} GROUP BY 1 ORDER BY 1`,
      params,
    );
    const [meta]: { total: string; years: number[]; import_ids: number[] }[] = await this.db.query(
      `SELECT coalesce(sum(${amount}), 0)::numeric(18,2) AS total,
              coalesce(array_agg(DISTINCT t.year ORDER BY t.year), '{}') AS years,
              coalesce(array_agg(DISTINCT t.import_id ORDER BY t.import_id), '{}') AS import_ids
       ${filtered}`,
      params,
    );
    return { rows, meta };
  }
}
