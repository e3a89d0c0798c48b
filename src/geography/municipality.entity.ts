import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A provincial or district municipality, keyed by its INEI ubigeo. */
@Entity('municipality')
@Index('municipality_province_idx', ['provinceCode'])
export class Municipality {
  @PrimaryColumn({ type: 'varchar', length: 6, collation: 'C' })
  ubigeo: string;

  @Column({ type: 'text' })
  name: string;

  /** provincial (governs the capital district, ubigeo PP01) or district */
  @Column({ type: 'varchar', length: 10 })
  kind: 'provincial' | 'district';

  @Column({ name: 'department_code', type: 'varchar', length: 2, collation: 'C' })
  departmentCode: string;

  @Column({ name: 'department_name', type: 'text' })
  departmentName: string;

  @Column({ name: 'province_code', type: 'varchar', length: 4, collation: 'C' })
  provinceCode: string;

  @Column({ name: 'province_name', type: 'text' })
  provinceName: string;

  @Column({ type: 'text', nullable: true })
  capital: string | null;

  @Column({ type: 'numeric', precision: 11, scale: 8, nullable: true })
  latitude: string | null;

  @Column({ type: 'numeric', precision: 11, scale: 8, nullable: true })
  longitude: string | null;

  @Column({ name: 'altitude_m', type: 'numeric', precision: 7, scale: 1, nullable: true })
  altitudeM: string | null;

  /** MEF executing-unit code, learned from imports. */
  @Column({ name: 'sec_ejec', type: 'integer', nullable: true })
  secEjec: number | null;

  /** The name MEF gives the executing unit, learned from imports. */
  @Column({ name: 'mef_name', type: 'text', nullable: true })
  mefName: string | null;

  /** False for codes that appear in budget files but not in INEI's current list (e.g. renumbered districts). */
  @Column({ name: 'in_current_geography', type: 'boolean', default: true })
  inCurrentGeography: boolean;
}
