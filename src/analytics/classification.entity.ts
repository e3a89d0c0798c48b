import { Column, CreateDateColumn, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

export const DIMENSIONS = ['structural_change', 'income_productivity', 'equal_rights', 'unclassified'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** A version of the mapping from budget classifiers to ECLAC's dimensions; every edit makes a new one. */
@Entity('classification_version')
export class ClassificationVersion {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  note: string;

  @Column({ name: 'created_by', type: 'text' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One rule: a función (2 digits), división (3) or grupo (4) and its dimension. The most specific rule wins. */
@Entity('classification_rule')
export class ClassificationRule {
  @PrimaryColumn({ name: 'version_id', type: 'integer' })
  versionId: number;

  /** function, division or group */
  @PrimaryColumn({ type: 'varchar', length: 8 })
  level: 'function' | 'division' | 'group';

  @PrimaryColumn({ type: 'varchar', length: 4, collation: 'C' })
  code: string;

  @Column({ type: 'varchar', length: 24 })
  dimension: Dimension;
}
