import { HttpStatus, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { keyIdOf, recordAudit } from '../audit/audit.js';
import { DomainError } from '../common/domain-error.js';
import type { ReplaceRulesDto, RuleDto, RulesVersionDto } from './dto/dimensions.dto.js';

/** The versioned rules that put each función, división or grupo in an ECLAC dimension: read, checked, replaced. */
@Injectable()
export class ClassificationRules {
  constructor(private readonly db: DataSource) {}

  async get(version?: number): Promise<RulesVersionDto> {
    const found = await this.version(await this.resolve(version));
    return { version: found!.id, note: found!.note, createdAt: found!.created_at.toISOString(), rules: found!.rules };
  }

  async replace(body: ReplaceRulesDto, createdBy: string): Promise<RulesVersionDto> {
    const seen = new Set<string>();
    for (const rule of body.rules) {
      const width = { function: 2, division: 3, group: 4 }[rule.level];
      if (rule.code.length !== width) {
        throw new DomainError(HttpStatus.BAD_REQUEST, 'INVALID_RULE', `A ${rule.level} code has ${width} digits: "${rule.code}".`);
      }
      const key = `${rule.level}/${rule.code}`;
      if (seen.has(key)) throw new DomainError(HttpStatus.BAD_REQUEST, 'INVALID_RULE', `Two rules for ${rule.level} ${rule.code}.`);
      seen.add(key);
    }
    return this.get(await this.createVersion(body.note, createdBy, body.rules));
  }

  /** The version asked for, checked to exist, or the latest. */
  async resolve(version?: number): Promise<number> {
    if (version === undefined) return (await this.latestVersion())!;
    if (!(await this.version(version))) {
      throw new DomainError(HttpStatus.NOT_FOUND, 'CLASSIFICATION_VERSION_NOT_FOUND', `There is no classification version ${version}.`);
    }
    return version;
  }

  private async latestVersion(): Promise<number | null> {
    const [row] = await this.db.query<{ id: number | null }[]>('SELECT max(id) AS id FROM classification_version');
    return row?.id ?? null;
  }

  private async version(id: number): Promise<{ id: number; note: string; created_at: Date; rules: RuleDto[] } | null> {
    const [version] = await this.db.query<{ id: number; note: string; created_at: Date }[]>(
      'SELECT id, note, created_at FROM classification_version WHERE id = $1',
      [id],
    );
    if (!version) return null;
    const rules = await this.db.query<RuleDto[]>(`SELECT level, code, dimension FROM classification_rule WHERE version_id = $1 ORDER BY length(code), code`, [
      id,
    ]);
    return { ...version, rules };
  }

  /** A new version with these rules, in one transaction; earlier versions stay for reports that used them. */
  private async createVersion(note: string, createdBy: string, rules: RuleDto[]): Promise<number> {
    return this.db.transaction(async (m) => {
      const [{ id }] = await m.query<{ id: number }[]>('INSERT INTO classification_version (note, created_by) VALUES ($1, $2) RETURNING id', [note, createdBy]);
      await m.query(
        `INSERT INTO classification_rule (version_id, level, code, dimension)
         SELECT $1, r->>'level', r->>'code', r->>'dimension' FROM jsonb_array_elements($2::jsonb) AS r`,
        [id, JSON.stringify(rules)],
      );
      const [previous] = await m.query<{ id: number | null }[]>('SELECT max(version_id) AS id FROM classification_rule WHERE version_id < $1', [id]);
      await recordAudit((sql, params) => m.query(sql, params as unknown[]), {
        keyId: keyIdOf(createdBy),
        action: 'classification_rules',
        subject: String(id),
        before: previous?.id ? { version: previous.id } : null,
        after: { version: id, note, rules: rules.length },
      });
      return id;
    });
  }
}
