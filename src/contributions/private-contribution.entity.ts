import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A private contribution to a municipality's development (e.g. the mining company's Framework Agreement
 * fund, a foundation): who gave it, where, in which year, for which sector, how much.
 */
@Entity('private_contribution')
@Index('private_contribution_ubigeo_year_idx', ['ubigeo', 'year'])
@Index('private_contribution_import_idx', ['importId'])
export class PrivateContribution {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'import_id', type: 'integer' })
  importId: number;

  @Column({ type: 'varchar', length: 6, collation: 'C' })
  ubigeo: string;

  @Column({ type: 'smallint' })
  year: number;

  @Column({ type: 'text' })
  funder: string;

  @Column({ type: 'text' })
  sector: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  amount: string;

  @Column({ name: 'source_row', type: 'integer' })
  sourceRow: number;
}
