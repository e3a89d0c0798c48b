import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { recordAudit } from '../audit/audit.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { DataVersion } from '../common/http-cache.js';
import { type Caller, keyName, type Role } from '../common/roles.js';

/** How long a valid key is remembered at most, and how many are (identify). */
const KNOWN_KEY_MS = 5_000;
const KNOWN_KEYS = 10_000;

export const hashKey = (key: string): string => createHash('sha256').update(key, 'utf8').digest('hex');

/** A key as listed: never its hash, nor any piece of the key. */
export interface KeyRow {
  id: number;
  name: string;
  role: Role;
  municipalities: string[];
  created_at: Date;
  revoked_at: Date | null;
}

@Injectable()
export class ApiKeysService implements OnApplicationBootstrap {
  private readonly logger = new Logger('ApiKeys');

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly versions: DataVersion,
  ) {}

  /** With no admin key yet: take ADMIN_API_KEY, or make one and print it once. */
  async onApplicationBootstrap(): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(7405)');
      const [admin] = await m.query<unknown[]>(`SELECT 1 FROM api_key WHERE role = 'admin' AND revoked_at IS NULL LIMIT 1`);
      if (admin) return;
      const key = this.config.adminApiKey ?? `ctk_${randomBytes(32).toString('base64url')}`;
      const [{ id }] = await m.query<{ id: number }[]>(`INSERT INTO api_key (name, role, key_hash) VALUES ('first admin', 'admin', $1) RETURNING id`, [
        hashKey(key),
      ]);
      if (this.config.adminApiKey) this.logger.log(`Admin API key taken from ADMIN_API_KEY: ${keyName(id)}.`);
      else this.logger.warn(`No admin API key existed; created ${keyName(id)}. It is shown only now, keep it: ${key}`);
    });
  }

  /**
   * The caller a key belongs to, or null for an unknown or revoked key. A valid key is remembered for
   * the data version read before its look-up, KNOWN_KEY_MS at most: a key's requests then cost no query
   * (a keyed read was two round trips, the key and the version). Revoking a key through the API writes an
   * audit event, which moves the version on every instance: on this one once the revocation is answered
   * (httpCache forgets the version after every write), on the others when the notification arrives,
   * milliseconds after the commit. A key revoked by SQL alone is refused within KNOWN_KEY_MS. Unknown keys
   * are never remembered: guessing fills no memory.
   */
  async identify(key: string): Promise<Caller | null> {
    const hash = hashKey(key);
    const version = await this.versions.current().catch(() => undefined);
    const known = this.known.get(hash);
    if (known && known.version === version && known.until > Date.now()) return known.caller;
    this.known.delete(hash);
    const [row] = await this.db.query<{ id: number; role: Role; municipalities: string[] }[]>(
      `SELECT id, role, municipalities FROM api_key WHERE key_hash = $1 AND revoked_at IS NULL`,
      [hash],
    );
    if (!row) return null;
    const caller: Caller = { keyId: row.id, role: row.role, municipalities: row.municipalities };
    if (version !== undefined) {
      if (this.known.size >= KNOWN_KEYS) this.known.delete(this.known.keys().next().value!);
      this.known.set(hash, { caller, version, until: Date.now() + KNOWN_KEY_MS });
    }
    return caller;
  }

  /** Valid keys by their hash, with the data version and time they are known for (identify). */
  private readonly known = new Map<string, { caller: Caller; version: string; until: number }>();

  async create(input: { name: string; role: Role; municipalities?: string[] }, by: Caller): Promise<{ key: string; row: KeyRow }> {
    const municipalities = input.role === 'planner' ? [...new Set(input.municipalities ?? [])].sort() : [];
    if (input.role === 'planner' && municipalities.length === 0) {
      throw DomainError.of('INVALID_KEY_REQUEST');
    }
    if (municipalities.length) {
      const [{ known }] = await this.db.query<{ known: number }[]>('SELECT count(*)::int AS known FROM municipality WHERE ubigeo = ANY($1)', [municipalities]);
      if (known !== municipalities.length) throw DomainError.of('INVALID_KEY_REQUEST.unknown');
    }
    const key = `ctk_${randomBytes(32).toString('base64url')}`;
    const row = await this.db.transaction(async (m) => {
      const [created] = await m.query<KeyRow[]>(
        `INSERT INTO api_key (name, role, municipalities, key_hash, created_by) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, name, role, municipalities, created_at, revoked_at`,
        [input.name, input.role, municipalities, hashKey(key), by.keyId],
      );
      await recordAudit((sql, p) => m.query(sql, p as unknown[]), {
        keyId: by.keyId,
        action: 'key_created',
        municipalities,
        subject: String(created.id),
        after: { id: created.id, name: input.name, role: input.role, municipalities },
      });
      return created;
    });
    return { key, row };
  }

  list(): Promise<KeyRow[]> {
    return this.db.query('SELECT id, name, role, municipalities, created_at, revoked_at FROM api_key ORDER BY id');
  }

  /** Revokes a key; the last active admin key cannot be revoked (nobody could write again). */
  async revoke(id: number, by: Caller): Promise<KeyRow | null> {
    return this.db.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock(7405)');
      const [key] = await m.query<Pick<KeyRow, 'id' | 'role' | 'revoked_at'>[]>('SELECT id, role, revoked_at FROM api_key WHERE id = $1', [id]);
      if (!key) return null;
      if (key.role === 'admin' && key.revoked_at === null) {
        const [{ admins }] = await m.query<{ admins: number }[]>(`SELECT count(*)::int AS admins FROM api_key WHERE role = 'admin' AND revoked_at IS NULL`);
        if (admins <= 1) throw DomainError.of('LAST_ADMIN_KEY');
      }
      // TypeORM answers an UPDATE … RETURNING with [rows, count]
      const [[row]] = await m.query<[KeyRow[], number]>(
        `UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE id = $1 RETURNING id, name, role, municipalities, created_at, revoked_at`,
        [id],
      );
      if (key.revoked_at === null) {
        await recordAudit((sql, p) => m.query(sql, p as unknown[]), {
          keyId: by.keyId,
          action: 'key_revoked',
          subject: String(id),
          before: { revokedAt: null },
          after: { revokedAt: row.revoked_at },
        });
      }
      return row;
    });
  }
}
