import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Import } from './import.entity.js';

/**
 * Which municipality-years an import covers for a dataset (budget lines, canon transfers). For each
 * municipality-year the covering import with the latest snapshot is the one queries read, as a whole.
 */
@Entity('import_scope')
@Index('import_scope_latest_idx', ['dataset', 'ubigeo', 'year', 'snapshotDate', 'importId'])
export class ImportScope {
  @PrimaryColumn({ name: 'import_id', type: 'integer' })
  importId: number;

  @ManyToOne(() => Import, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id' })
  import?: Import;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  dataset: string;

  @PrimaryColumn({ type: 'varchar', length: 6, collation: 'C' })
  ubigeo: string;

  @PrimaryColumn({ type: 'smallint' })
  year: number;

  @Column({ name: 'snapshot_date', type: 'date' })
  snapshotDate: string;
}
