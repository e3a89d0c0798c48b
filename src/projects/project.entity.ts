import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type Area = 'urban' | 'rural' | 'unknown';

/** An investment project (Invierte.pe), keyed by its CUI; descriptive fields from its latest registry snapshot. */
@Entity('project')
@Index('project_location_idx', ['locationUbigeo'])
export class Project {
  @PrimaryColumn({ type: 'varchar', length: 12, collation: 'C' })
  cui: string;

  @Column({ name: 'snip_code', type: 'varchar', length: 12, nullable: true })
  snipCode: string | null;

  @Column({ type: 'text' })
  name: string;

  /** Entidad: who owns the project (a municipality, a regional government, a ministry). */
  @Column({ type: 'text', nullable: true })
  entity: string | null;

  @Column({ type: 'text', nullable: true })
  executor: string | null;

  /** The district where the project is, when the registry says (the first of `locations`). */
  @Column({ name: 'location_ubigeo', type: 'varchar', length: 6, nullable: true, collation: 'C' })
  locationUbigeo: string | null;

  /** Every district the project spans: the registry lists a project once per district (e.g. a road). */
  @Column({ type: 'varchar', length: 6, array: true, default: () => "'{}'" })
  locations: string[];

  @Column({ type: 'text', nullable: true })
  sector: string | null;

  @Column({ type: 'text', nullable: true })
  status: string | null;

  @Column({ name: 'registered_on', type: 'date', nullable: true })
  registeredOn: string | null;

  @Column({ name: 'viable_on', type: 'date', nullable: true })
  viableOn: string | null;

  @Column({ type: 'integer', nullable: true })
  beneficiaries: number | null;

  /** urban, rural or unknown; filled by the urban/rural analysis, an explicit value or the template. */
  @Column({ type: 'varchar', length: 8, default: 'unknown' })
  area: Area;

  /** Where the area came from (explicit, location, keyword); null while unknown. */
  @Column({ name: 'area_source', type: 'varchar', length: 16, nullable: true })
  areaSource: string | null;

  /** urban or rural as the keywords of its name say (formulas.ts AREA_KEYWORDS), else null. */
  @Column({ name: 'name_area', type: 'varchar', length: 5, nullable: true })
  nameArea: string | null;

  /** Why a person set the area (PUT /projects/:cui/area); null otherwise. */
  @Column({ name: 'area_reason', type: 'text', nullable: true })
  areaReason: string | null;

  /** An ECLAC dimension set by a person for this project; it outranks the classification rules. */
  @Column({ type: 'varchar', length: 24, nullable: true })
  dimension: string | null;

  @Column({ name: 'dimension_reason', type: 'text', nullable: true })
  dimensionReason: string | null;

  /** The import that last described the project. */
  @Column({ name: 'import_id', type: 'integer' })
  importId: number;

  @Column({ name: 'snapshot_date', type: 'date' })
  snapshotDate: string;
}
