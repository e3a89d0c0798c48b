import type pg from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** The pg Pool behind the service's DataSource (its size is DB_POOL_SIZE). */
export function poolOf(db: DataSource): pg.Pool {
  return (db.driver as PostgresDriver).master as pg.Pool;
}

/** More requests waiting for a connection than the pool has: each would wait a whole round of queries or more. */
export function poolExhausted(pool: pg.Pool): boolean {
  return pool.waitingCount > (pool.options.max ?? 10);
}
