import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit.js';
import { DomainError } from '../common/domain-error.js';
import type { Sql } from '../common/sql.js';
import { CanonDistributionRepository, type ProducingRow } from './canon-distribution.repository.js';
import { CanonDistributionService } from './canon-distribution.service.js';
import type { ProducingDistrictsDto, SetProducingDistrictsDto } from './dto/producing-districts.dto.js';

/** A department and year as a path names them: checked before anything reads them. */
export function departmentYear(department: string, year: string): { department: string; year: number } {
  if (!/^\d{2}$/.test(department)) throw DomainError.of('INVALID_REQUEST.department');
  if (!/^\d{4}$/.test(year) || Number(year) < 1999 || Number(year) > 2100) {
    throw DomainError.of('INVALID_REQUEST.producingYear');
  }
  return { department, year: Number(year) };
}

/** The producing districts of a department and year, as users enter them; each change is audited in its own transaction. */
@Injectable()
export class ProducingDistricts {
  constructor(
    private readonly db: DataSource,
    private readonly repository: CanonDistributionRepository,
    private readonly service: CanonDistributionService,
  ) {}

  async get(department: string, year: number): Promise<ProducingDistrictsDto> {
    await this.departmentExists(department);
    const row = await this.repository.producing(department, year);
    if (!row) throw DomainError.of('PRODUCING_DISTRICTS_NOT_SET', { department, year });
    return this.service.producingDto(department, year, row);
  }

  async set(department: string, year: number, body: SetProducingDistrictsDto, keyId: number): Promise<ProducingDistrictsDto> {
    await this.departmentExists(department);
    const districts = [...body.districts].sort();
    const known = new Set((await this.repository.districtsOf(department, districts)).map((d) => d.ubigeo));
    const outside = districts.filter((d) => !known.has(d));
    if (outside.length > 0) {
      throw DomainError.of('INVALID_PRODUCING_DISTRICT', { department, ubigeos: outside.join(', ') });
    }
    await this.db.transaction(async (m) => {
      const query: Sql = (sql, params) => m.query(sql, params);
      const [before]: { districts: string[]; reason: string }[] = await query(
        `SELECT districts, reason FROM canon_producing_districts WHERE department_code = $1 AND year = $2 FOR UPDATE`,
        [department, year],
      );
      await query(
        `INSERT INTO canon_producing_districts (department_code, year, districts, reason, set_by, set_at) VALUES ($1, $2, $3, $4, $5, now())
         ON CONFLICT (department_code, year) DO UPDATE SET districts = EXCLUDED.districts, reason = EXCLUDED.reason, set_by = EXCLUDED.set_by, set_at = EXCLUDED.set_at`,
        [department, year, districts, body.reason, keyId],
      );
      await recordAudit(query, {
        keyId,
        action: 'producing_districts',
        municipalities: [...new Set([...(before?.districts ?? []), ...districts])].sort(),
        subject: `${department}/${year}`,
        before: before ? { districts: before.districts, reason: before.reason } : null,
        after: { districts, reason: body.reason },
      });
    });
    return this.service.producingDto(department, year, (await this.repository.producing(department, year)) as ProducingRow);
  }

  private async departmentExists(department: string): Promise<void> {
    if ((await this.repository.departmentName(department)) === null) {
      throw DomainError.of('DEPARTMENT_NOT_FOUND', { department });
    }
  }
}
