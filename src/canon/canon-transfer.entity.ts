import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Municipality } from '../geography/municipality.entity.js';
import { Import } from '../imports/import.entity.js';

export const CANON_CONCEPTS = ['rubro18_total', 'canon_minero', 'regalias_mineras', 'canon_gasifero', 'canon_hidroenergetico', 'foncomun'] as const;
export type CanonConcept = (typeof CANON_CONCEPTS)[number];

/** Money transferred to a municipality in a year (through a month) by concept; rubro18_total is all of rubro 18. */
@Entity('canon_transfer')
@Index('canon_transfer_key_idx', ['importId', 'ubigeo', 'year', 'concept'], { unique: true })
@Index('canon_transfer_ubigeo_year_idx', ['ubigeo', 'year'])
export class CanonTransfer {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'import_id', type: 'integer' })
  importId: number;

  @ManyToOne(() => Import, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id' })
  import?: Import;

  @Column({ type: 'varchar', length: 6, collation: 'C' })
  ubigeo: string;

  @ManyToOne(() => Municipality)
  @JoinColumn({ name: 'ubigeo' })
  municipality?: Municipality;

  @Column({ type: 'smallint' })
  year: number;

  /** The transfers cover January to this month (12 = the whole year). */
  @Column({ name: 'through_month', type: 'smallint' })
  throughMonth: number;

  @Column({ type: 'varchar', length: 24 })
  concept: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  amount: string;

  @Column({ name: 'source_row', type: 'integer' })
  sourceRow: number;
}
