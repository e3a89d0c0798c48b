import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * One priority of a municipality's development plan (Plan de Desarrollo Concertado): an ECLAC dimension
 * or a función, and its rank (1 = first). A PUT replaces the whole list.
 */
@Entity('plan_priority')
export class PlanPriority {
  @PrimaryColumn({ type: 'varchar', length: 6, collation: 'C' })
  ubigeo: string;

  @PrimaryColumn({ type: 'smallint' })
  rank: number;

  /** dimension or function */
  @Column({ type: 'varchar', length: 10 })
  level: 'dimension' | 'function';

  @Column({ type: 'varchar', length: 24 })
  code: string;

  /** The plan the priorities come from, e.g. "PDC Espinar 2021-2030". */
  @Column({ type: 'text' })
  plan: string;

  @CreateDateColumn({ name: 'set_at', type: 'timestamptz' })
  setAt: Date;
}
