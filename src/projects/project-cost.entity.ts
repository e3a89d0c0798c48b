import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A project's viable amount and updated cost as one registry snapshot gave them: cost growth is read across these. */
@Entity('project_cost')
export class ProjectCost {
  @PrimaryColumn({ type: 'varchar', length: 12, collation: 'C' })
  cui: string;

  @PrimaryColumn({ name: 'import_id', type: 'integer' })
  importId: number;

  @Column({ name: 'snapshot_date', type: 'date' })
  snapshotDate: string;

  @Column({ name: 'viable_amount', type: 'numeric', precision: 18, scale: 2, nullable: true })
  viableAmount: string | null;

  @Column({ name: 'updated_cost', type: 'numeric', precision: 18, scale: 2, nullable: true })
  updatedCost: string | null;
}
