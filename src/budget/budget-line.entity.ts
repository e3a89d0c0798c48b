import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { Municipality } from '../geography/municipality.entity.js';
import { Import } from '../imports/import.entity.js';

/**
 * A municipality's budget for one year at the grain of MEF's open data: project or activity, función,
 * división and grupo funcional, fuente and rubro. Monthly source rows are folded into one line per
 * import: stocks (PIA, PIM, certificación, compromiso anual) from the latest month, flows (devengado,
 * girado) summed. Every import keeps its lines; queries read the latest import of each municipality-year
 * (view budget_line_latest), never mixing two snapshots of the same municipality-year.
 *
 * No foreign keys: they cost half the bulk insert (a trigger per row); the import checks every
 * ubigeo against the geography before merging and writes import_id in the same transaction.
 */
@Entity('budget_line')
@Index('budget_line_ubigeo_year_idx', ['ubigeo', 'year'])
export class BudgetLine {
  /** Unique within its import: imports number their lines as they read them (lines from before the partitioning keep the sequence's). */
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_budget_line_part' })
  id: string;

  @PrimaryColumn({ name: 'import_id', type: 'integer', primaryKeyConstraintName: 'PK_budget_line_part' })
  importId: number;

  /**
   * The partition the line lives in (the table is partitioned by it): 0, the shared one, for most
   * imports; a large import's own id for its lines, COPYed into a table of their own and attached.
   */
  @PrimaryColumn({ type: 'integer', default: 0, primaryKeyConstraintName: 'PK_budget_line_part' })
  part: number;

  @ManyToOne(() => Import, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'import_id' })
  import?: Import;

  @Column({ type: 'varchar', length: 6, collation: 'C' })
  ubigeo: string;

  @ManyToOne(() => Municipality, { createForeignKeyConstraints: false })
  @JoinColumn({ name: 'ubigeo' })
  municipality?: Municipality;

  @Column({ type: 'smallint' })
  year: number;

  /** MEF TIPO_ACT_PROY: 2 = project (product code is its CUI), 3 = activity. */
  @Column({ name: 'activity_kind', type: 'smallint' })
  activityKind: number;

  /** PRODUCTO_PROYECTO (older files: ACT_PROY); for projects, the CUI. */
  @Column({ name: 'product_code', type: 'varchar', length: 12, collation: 'C' })
  productCode: string;

  @Column({ name: 'product_name', type: 'text' })
  productName: string;

  @Column({ name: 'function_code', type: 'varchar', length: 2, collation: 'C' })
  functionCode: string;

  @Column({ name: 'function_name', type: 'text' })
  functionName: string;

  @Column({ name: 'division_code', type: 'varchar', length: 3, collation: 'C' })
  divisionCode: string;

  @Column({ name: 'division_name', type: 'text' })
  divisionName: string;

  @Column({ name: 'group_code', type: 'varchar', length: 4, collation: 'C' })
  groupCode: string;

  @Column({ name: 'group_name', type: 'text' })
  groupName: string;

  @Column({ name: 'fuente_code', type: 'varchar', length: 2, collation: 'C' })
  fuenteCode: string;

  @Column({ name: 'fuente_name', type: 'text' })
  fuenteName: string;

  @Column({ name: 'rubro_code', type: 'varchar', length: 2, collation: 'C' })
  rubroCode: string;

  @Column({ name: 'rubro_name', type: 'text' })
  rubroName: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  pia: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  pim: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  certificacion: string;

  @Column({ name: 'compromiso_anual', type: 'numeric', precision: 18, scale: 2 })
  compromisoAnual: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  devengado: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  girado: string;

  /** Latest month the source covered (12 for a closed year; null when the source is annual). */
  @Column({ name: 'through_month', type: 'smallint', nullable: true })
  throughMonth: number | null;

  /**
   * Devengado of each month, January first, where the source is monthly; null for annual files, and
   * for a line made from one month's row, whose month (through_month) holds its devengado: read the
   * series through budget/monthly-series.ts.
   */
  @Column({ name: 'devengado_by_month', type: 'numeric', precision: 18, scale: 2, array: true, nullable: true })
  devengadoByMonth: string[] | null;

  /** PIM as it stood in each month (MEF repeats it on every month's row); null where the source has no months, and as above. */
  @Column({ name: 'pim_by_month', type: 'numeric', precision: 18, scale: 2, array: true, nullable: true })
  pimByMonth: string[] | null;

  /** For a project: urban or rural as the keywords of its name say (formulas.ts AREA_KEYWORDS), else null. */
  @Column({ name: 'name_area', type: 'varchar', length: 5, nullable: true })
  nameArea: string | null;
}
