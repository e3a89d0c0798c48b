import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every row problem of an import that was kept (onError=skip) or rejected in the background, for the CSV download. */
@Entity('import_error')
@Index('import_error_import_idx', ['importId', 'id'])
export class ImportError {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** No foreign key: errors are written with their import, in bulk. */
  @Column({ name: 'import_id', type: 'integer' })
  importId: number;

  /** The worksheet, for a workbook. */
  @Column({ type: 'text', nullable: true })
  sheet: string | null;

  @Column({ type: 'integer' })
  row: number;

  @Column({ type: 'text', nullable: true })
  column: string | null;

  @Column({ type: 'varchar', length: 40 })
  code: string;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'text', nullable: true })
  value: string | null;
}
