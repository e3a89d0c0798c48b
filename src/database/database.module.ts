import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { rebuildRollups } from '../budget/rollups.js';
import { DataVersion } from '../common/http-cache.js';
import { UnsupportedServerError, requireSupportedServer } from './postgres-version.js';
import { ReadReplica } from './read-replica.js';
import { type PoolSettings, dataSourceOptions } from './data-source-options.js';

/** Any fixed number shared by every instance of the service; guards migrations. */
export const MIGRATION_LOCK = 7_404_2025;

/** The data version (ETags) as a provider: listening from start-up, closed on shutdown. */
class DataVersionListener extends DataVersion {
  onApplicationBootstrap(): void {
    this.start().catch((error: Error) =>
      new Logger('Database').warn(`Not listening for data version changes (${error.message}): reads look the version up until it reconnects.`),
    );
  }
  // after the HTTP server has closed (Nest closes it between onModuleDestroy and onApplicationShutdown): requests still in flight keep their version
  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }
}

/** Reads from DATABASE_READ_URL's replica (src/database/read-replica.ts), from start-up until shutdown. */
class ReadReplicaLifecycle extends ReadReplica {
  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }
  // after the HTTP server has closed: requests still in flight keep reading the replica
  onApplicationShutdown(): Promise<void> {
    return this.stop();
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(databaseUrl: string, pool: PoolSettings = {}, readUrl?: string): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [
        { provide: DataVersion, useFactory: (db: DataSource) => new DataVersionListener(db, databaseUrl), inject: [DataSource] },
        {
          provide: ReadReplica,
          useFactory: (db: DataSource, versions: DataVersion) => new ReadReplicaLifecycle(db, versions, readUrl, pool),
          inject: [DataSource, DataVersion],
        },
      ],
      exports: [DataVersion, ReadReplica],
      imports: [
        TypeOrmModule.forRootAsync({
          // a server too old stays too old: said at once, not after the retries meant for one still starting
          useFactory: () => ({ ...dataSourceOptions(databaseUrl, pool), toRetry: (error: unknown) => !(error instanceof UnsupportedServerError) }),
          // migrations and a rollup rebuild may run for minutes: on connections of their own without the read time limit
          dataSourceFactory: async (options) => {
            const setup = await runMigrations(
              await warnIfSuperuser(await requireSupportedServer(await new DataSource(dataSourceOptions(databaseUrl, { size: 2 })).initialize())),
            );
            await setup.destroy();
            return new DataSource(options!).initialize();
          },
        }),
      ],
    };
  }
}

/**
 * A superuser can run programs on the database host (COPY … TO PROGRAM) and read its files: an
 * injection would reach the machine. The embedded server never connects as one; a DATABASE_URL that
 * does is still used, with a warning.
 */
export async function warnIfSuperuser(dataSource: DataSource, logger: Pick<Logger, 'warn'> = new Logger('Database')): Promise<DataSource> {
  const [{ user, rolsuper }] = await dataSource.query<{ user: string; rolsuper: boolean }[]>(
    'SELECT current_user AS user, rolsuper FROM pg_roles WHERE rolname = current_user',
  );
  if (rolsuper) {
    logger.warn(
      `Connected as "${user}", a PostgreSQL superuser: give the service a role that owns its database and nothing more (NOSUPERUSER NOCREATEDB NOCREATEROLE; README, "Database roles").`,
    );
  }
  return dataSource;
}

/** Migrations run at start-up, one instance at a time (a session-level advisory lock). */
export async function runMigrations(dataSource: DataSource): Promise<DataSource> {
  const logger = new Logger('Database');
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    if (applied.length > 0) logger.log(`Applied migrations: ${applied.map((m) => m.name).join(', ')}`);
    // a migration that changes the rollups marks them stale: rebuilt here from the budget lines, by the code that keeps them
    const [state]: { stale: boolean }[] = await runner.query('SELECT stale FROM rollup_state');
    if (state?.stale) {
      const started = Date.now();
      await dataSource.transaction((m) => rebuildRollups((text, params) => m.query(text, params)));
      logger.log(`Rebuilt the rollups of the budget lines in ${Date.now() - started} ms`);
    }
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
  return dataSource;
}
