import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DIMENSION_LABELS } from './formulas.js';
import { recordAudit } from '../audit/audit.js';
import { DomainError } from '../common/domain-error.js';
import { geographyWhere } from '../common/query-params.js';
import type { Selection } from './analysis-query.js';
import { PLAN_DIMENSIONS, type PlanPrioritiesDto, type ReplacePlanPrioritiesDto } from './dto/analyses.dto.js';

/** A priority of a municipality's development plan (Plan de Desarrollo Local Concertado). */
export interface PlanPriorityRow {
  ubigeo: string;
  name: string;
  rank: number;
  level: 'dimension' | 'function';
  code: string;
  plan: string;
  set_at: Date;
}

/** Municipalities' development-plan priorities: read, checked, replaced (with the audit trail). */
@Injectable()
export class PlanPriorities {
  constructor(private readonly db: DataSource) {}

  async get(ubigeo: string): Promise<PlanPrioritiesDto> {
    if (!(await this.municipalityExists(ubigeo))) {
      throw DomainError.of('MUNICIPALITY_NOT_FOUND', { ubigeo });
    }
    const rows = await this.ofSelection({ municipality: ubigeo });
    return {
      ubigeo,
      plan: rows[0]?.plan ?? null,
      priorities: rows.map((r) => ({
        rank: r.rank,
        level: r.level,
        code: r.code,
        label: r.level === 'dimension' ? DIMENSION_LABELS[r.code] : `función ${r.code}`,
      })),
    };
  }

  async replace(ubigeo: string, body: ReplacePlanPrioritiesDto, keyId: number | null): Promise<PlanPrioritiesDto> {
    if (!(await this.municipalityExists(ubigeo))) {
      throw DomainError.of('MUNICIPALITY_NOT_FOUND', { ubigeo });
    }
    const seen = new Set<string>();
    body.priorities.forEach((p, i) => {
      const ok = p.level === 'dimension' ? (PLAN_DIMENSIONS as readonly string[]).includes(p.code) : /^\d{2}$/.test(p.code);
      if (!ok) throw DomainError.of(p.level === 'dimension' ? 'INVALID_PRIORITY' : 'INVALID_PRIORITY.function', { position: i + 1, code: p.code });
      if (seen.has(`${p.level}/${p.code}`)) throw DomainError.of('INVALID_PRIORITY.twice', { position: i + 1, level: p.level, code: p.code });
      seen.add(`${p.level}/${p.code}`);
    });
    await this.write(
      ubigeo,
      body.plan,
      body.priorities.map((p) => ({ level: p.level, code: p.code })),
      keyId,
    );
    return this.get(ubigeo);
  }

  private async municipalityExists(ubigeo: string): Promise<boolean> {
    return (await this.db.query<unknown[]>('SELECT 1 FROM municipality WHERE ubigeo = $1', [ubigeo])).length > 0;
  }

  /** Replaces a municipality's plan priorities in one transaction. */
  private async write(ubigeo: string, plan: string, priorities: { level: string; code: string }[], keyId: number | null): Promise<void> {
    await this.db.transaction(async (m) => {
      const before = await m.query<Pick<PlanPriorityRow, 'rank' | 'level' | 'code' | 'plan'>[]>(
        'SELECT rank, level, code, plan FROM plan_priority WHERE ubigeo = $1 ORDER BY rank',
        [ubigeo],
      );
      await recordAudit((sql, params) => m.query(sql, params as unknown[]), {
        keyId,
        action: 'plan_priorities',
        municipalities: [ubigeo],
        subject: ubigeo,
        before: before.length ? { plan: before[0].plan, priorities: before.map((b) => ({ level: b.level, code: b.code })) } : null,
        after: { plan, priorities },
      });
      await m.query('DELETE FROM plan_priority WHERE ubigeo = $1', [ubigeo]);
      await m.query(
        `INSERT INTO plan_priority (ubigeo, rank, level, code, plan)
         SELECT $1, p.ordinality, p.value->>'level', p.value->>'code', $2 FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY p`,
        [ubigeo, plan, JSON.stringify(priorities)],
      );
    });
  }

  /** The plan priorities of the selection's municipalities, in rank order. */
  async ofSelection(sel: Selection): Promise<PlanPriorityRow[]> {
    const params: unknown[] = [];
    const where = geographyWhere(sel);
    return this.db.query(
      `SELECT pp.ubigeo, m.name, pp.rank, pp.level, pp.code, pp.plan, pp.set_at FROM plan_priority pp JOIN municipality m ON m.ubigeo = pp.ubigeo
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY pp.ubigeo, pp.rank`,
      params,
    );
  }
}
