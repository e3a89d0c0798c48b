import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { geographyWhere } from '../common/query-params.js';
import type { MunicipalityDto, MunicipalityQueryDto } from './dto/municipality.dto.js';

/** "Coporáque" and "coporaque" match alike. */
const FOLD = (sql: string) => `translate(lower(${sql}), 'áéíóúüñ', 'aeiouun')`;

@Injectable()
export class GeographyRepository {
  constructor(private readonly db: DataSource) {}

  async search(query: MunicipalityQueryDto): Promise<{ total: number; items: MunicipalityDto[] }> {
    const params: unknown[] = [];
    const where = geographyWhere(query);
    for (const word of (query.q ?? '').split(/\s+/).filter(Boolean)) {
      params.push(`%${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      const p = FOLD(`$${params.length}::text`);
      where.push(
        `(${FOLD('m.name')} LIKE ${p} OR ${FOLD('m.province_name')} LIKE ${p} OR ${FOLD('m.department_name')} LIKE ${p} OR ${FOLD("coalesce(m.mef_name, '')")} LIKE ${p})`,
      );
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.query<{ total: number }[]>(`SELECT count(*)::int AS total FROM municipality m ${whereSql}`, params);
    params.push(query.limit ?? 100, query.offset ?? 0);
    const rows: MunicipalityRow[] = await this.db.query(
      `${SELECT_MUNICIPALITY} ${whereSql} ORDER BY m.ubigeo LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return { total, items: rows.map(toMunicipality) };
  }

  async findOne(ubigeo: string): Promise<MunicipalityDto | null> {
    const rows: MunicipalityRow[] = await this.db.query(`${SELECT_MUNICIPALITY} WHERE m.ubigeo = $1`, [ubigeo]);
    return rows.length ? toMunicipality(rows[0]) : null;
  }
}

const SELECT_MUNICIPALITY = `
  SELECT m.*, p.year AS pop_year, p.total AS pop_total, p.urban AS pop_urban, p.rural AS pop_rural, p.source AS pop_source,
         CASE WHEN p.total > 0 AND p.rural IS NOT NULL THEN round(p.rural * 100.0 / p.total, 1) END AS rural_share_pct
  FROM municipality m
  LEFT JOIN LATERAL (
    SELECT * FROM population p WHERE p.ubigeo = m.ubigeo AND p.rural IS NOT NULL ORDER BY p.year DESC LIMIT 1
  ) p ON true`;

/** A municipality with its latest population split, as SELECT_MUNICIPALITY reads it. */
interface MunicipalityRow {
  ubigeo: string;
  name: string;
  kind: MunicipalityDto['kind'];
  department_code: string;
  department_name: string;
  province_code: string;
  province_name: string;
  capital: string | null;
  latitude: string | null;
  longitude: string | null;
  sec_ejec: number | null;
  mef_name: string | null;
  in_current_geography: boolean;
  pop_year: number | null;
  pop_total: number;
  pop_urban: number;
  pop_rural: number;
  pop_source: string;
  rural_share_pct: string | null;
}

function toMunicipality(r: MunicipalityRow): MunicipalityDto {
  return {
    ubigeo: r.ubigeo,
    name: r.name,
    kind: r.kind,
    departmentCode: r.department_code,
    departmentName: r.department_name,
    provinceCode: r.province_code,
    provinceName: r.province_name,
    capital: r.capital,
    latitude: r.latitude,
    longitude: r.longitude,
    secEjec: r.sec_ejec,
    mefName: r.mef_name,
    inCurrentGeography: r.in_current_geography,
    population:
      r.pop_year === null
        ? null
        : {
            year: r.pop_year,
            total: r.pop_total,
            urban: r.pop_urban,
            rural: r.pop_rural,
            ruralSharePct: r.rural_share_pct === null ? null : Number(r.rural_share_pct),
            source: r.pop_source,
          },
  };
}
