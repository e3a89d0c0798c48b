import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Every row problem of an import that was kept (onError=skip) or rejected in the background, and every warning, for the CSV download. */
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

  /** In English, for whoever reads the table; answers word the message from message_key and params. */
  @Column({ type: 'text' })
  message: string;

  /** The registry's message (src/i18n/row-problems.ts); null for rows stored before it. */
  @Column({ name: 'message_key', type: 'varchar', length: 60, nullable: true })
  messageKey: string | null;

  @Column({ type: 'jsonb', nullable: true })
  params: Record<string, unknown> | null;

  @Column({ type: 'text', nullable: true })
  value: string | null;

  /** error: the row was refused (or the file); warning: it was imported, but looks wrong. */
  @Column({ type: 'varchar', length: 7, default: 'error' })
  severity: 'error' | 'warning';
}
