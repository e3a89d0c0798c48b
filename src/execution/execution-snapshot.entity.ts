import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Municipality } from '../geography/municipality.entity.js';
import { Import } from '../imports/import.entity.js';

/**
 * A municipality's budget execution for one year as one import saw it. Every import keeps its
 * rows; queries read the latest snapshot of each municipality-year (view execution_latest).
 */
@Entity('execution_snapshot')
@Index('execution_snapshot_import_row_idx', ['importId', 'ubigeo', 'year'], { unique: true })
@Index('execution_snapshot_latest_idx', ['ubigeo', 'year', 'snapshotDate', 'importId'])
export class ExecutionSnapshot {
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

  @Column({ name: 'snapshot_date', type: 'date' })
  snapshotDate: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  pia: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  pim: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  certificacion: string;

  @Column({ name: 'compromiso_anual', type: 'numeric', precision: 18, scale: 2 })
  compromisoAnual: string;

  @Column({ name: 'atencion_compromiso_mensual', type: 'numeric', precision: 18, scale: 2 })
  atencionCompromisoMensual: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  devengado: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  girado: string;

  /** The file's own Avance %, as written. */
  @Column({ name: 'avance_reported', type: 'numeric', precision: 7, scale: 2, nullable: true })
  avanceReported: string | null;

  /** Row of the source file, for tracing a figure back. */
  @Column({ name: 'source_row', type: 'integer' })
  sourceRow: number;
}
