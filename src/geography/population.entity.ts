import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Municipality } from './municipality.entity.js';

/** Population of a district in a year, with its urban/rural split where the source gives one. */
@Entity('population')
export class Population {
  @PrimaryColumn({ type: 'varchar', length: 6, collation: 'C' })
  ubigeo: string;

  @ManyToOne(() => Municipality, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ubigeo' })
  municipality?: Municipality;

  @PrimaryColumn({ type: 'smallint' })
  year: number;

  @Column({ type: 'integer' })
  total: number;

  @Column({ type: 'integer', nullable: true })
  urban: number | null;

  @Column({ type: 'integer', nullable: true })
  rural: number | null;

  @Column({ type: 'text' })
  source: string;
}
