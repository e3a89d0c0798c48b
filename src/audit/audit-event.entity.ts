import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const AUDIT_ACTIONS = [
  'import',
  'import_deleted',
  'rollups_repaired',
  'classification_rules',
  'project_area',
  'project_dimension',
  'plan_priorities',
  'producing_districts',
  'commitment_created',
  'commitment_updated',
  'commitment_projects',
  'commitment_archived',
  'key_created',
  'key_revoked',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * The audit trail: one row per change, written in the change's own transaction. Append-only: a
 * trigger refuses UPDATE, DELETE and TRUNCATE, and no route writes it but the changes themselves.
 */
@Entity('audit_event')
@Index('audit_event_at_idx', ['at'])
export class AuditEvent {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at: Date;

  /** The API key that made the change. */
  @Column({ name: 'key_id', type: 'integer', nullable: true })
  keyId: number | null;

  @Column({ type: 'varchar', length: 24 })
  action: AuditAction;

  /** The municipalities the change touched. */
  @Column({ type: 'varchar', length: 6, array: true, default: () => "'{}'" })
  municipalities: string[];

  /** What changed: an import id, a CUI, a ubigeo, a rules version, a key id. */
  @Column({ type: 'text' })
  subject: string;

  @Column({ type: 'jsonb', nullable: true })
  before: unknown;

  @Column({ type: 'jsonb', nullable: true })
  after: unknown;
}
