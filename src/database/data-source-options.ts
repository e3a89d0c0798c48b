import pg from 'pg';
import type { DataSource, DataSourceOptions } from 'typeorm';
import type { Sql } from '../common/sql.js';
import { ClassificationRule, ClassificationVersion } from '../analytics/classification.entity.js';
import { BudgetLine } from '../budget/budget-line.entity.js';
import { CanonTransfer } from '../canon/canon-transfer.entity.js';
import { ExecutionSnapshot } from '../execution/execution-snapshot.entity.js';
import { Municipality } from '../geography/municipality.entity.js';
import { Population } from '../geography/population.entity.js';
import { ProjectCost } from '../projects/project-cost.entity.js';
import { Project } from '../projects/project.entity.js';
import { ImportError } from '../imports/import-error.entity.js';
import { ImportScope } from '../imports/import-scope.entity.js';
import { Import } from '../imports/import.entity.js';
import { PrivateContribution } from '../contributions/private-contribution.entity.js';
import { PlanPriority } from '../analytics/plan-priority.entity.js';
import { ApiKey } from '../auth/api-key.entity.js';
import { AuditEvent } from '../audit/audit-event.entity.js';
import { migrations } from './migrations/index.js';
import { PreparingClient } from './preparing-client.js';

// A SQL date is a calendar day: keep it as 'YYYY-MM-DD' instead of a JS Date at the server's midnight,
// which in America/Lima would serialise as the previous day's 05:00Z.
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);
// numeric[] (e.g. monthly devengado) as exact decimal strings, like numeric itself: pg would make floats of them
const NUMERIC_ARRAY = 1231 as unknown as Parameters<typeof pg.types.setTypeParser>[0];
const TEXT_ARRAY = 1009 as unknown as Parameters<typeof pg.types.getTypeParser>[0];
pg.types.setTypeParser(NUMERIC_ARRAY, pg.types.getTypeParser(TEXT_ARRAY));

export const entities = [
  Municipality,
  Population,
  Import,
  ImportScope,
  ImportError,
  ExecutionSnapshot,
  BudgetLine,
  CanonTransfer,
  Project,
  ProjectCost,
  ClassificationVersion,
  ClassificationRule,
  PrivateContribution,
  PlanPriority,
  ApiKey,
  AuditEvent,
];

/** How the service's connections behave under load (src/config/app-config.ts says what each is). */
export interface PoolSettings {
  size?: number;
  /** statement_timeout of every connection; imports raise it in their own transaction (longStatements). */
  statementTimeoutMs?: number;
  /** how long a request waits for a free connection before pg gives up ("timeout exceeded when trying to connect") */
  waitMs?: number;
}

/**
 * The one DataSource configuration, shared by the service, the tests and the TypeORM CLI. Without
 * `pool`, statements have no time limit (migrations, the CLI, tests' own connections).
 */
export function dataSourceOptions(url: string, pool: PoolSettings = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    logging: ['error'],
    // reads run as prepared statements (planned once per connection): src/database/preparing-client.ts
    extra: {
      max: pool.size ?? 10,
      application_name: 'canon-tracker',
      Client: PreparingClient,
      ...(pool.statementTimeoutMs ? { statement_timeout: pool.statementTimeoutMs } : {}),
      ...(pool.waitMs ? { connectionTimeoutMillis: pool.waitMs } : {}),
    },
  };
}

/** Runs `work` in a transaction whose statements may take `timeoutMs` (imports, rebuilds), whatever the connection's read limit. */
export async function withStatementTimeout<T>(db: DataSource, timeoutMs: number, work: (sql: Sql) => Promise<T>): Promise<T> {
  return db.transaction(async (m) => {
    await m.query(`SET LOCAL statement_timeout = ${Math.trunc(timeoutMs)}`);
    return work((text, params) => m.query(text, params));
  });
}
