import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

import type { Role } from '../common/roles.js';

/**
 * An API key. Only the SHA-256 of the key is stored (keys are 256-bit random tokens, so a fast hash is
 * enough); the key itself is shown once, when it is created, and nothing of it (not even its first
 * characters) afterwards: lists show its id. A revoked key stays for the record.
 */
@Entity('api_key')
@Index('api_key_hash_idx', ['keyHash'], { unique: true })
export class ApiKey {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'varchar', length: 10 })
  role: Role;

  /** For a planner: the municipalities whose rows it may import or edit. */
  @Column({ type: 'varchar', length: 6, array: true, default: () => "'{}'" })
  municipalities: string[];

  @Column({ name: 'key_hash', type: 'char', length: 64 })
  keyHash: string;

  @Column({ name: 'created_by', type: 'integer', nullable: true })
  createdBy: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
