import pg from 'pg';
import type { DataSourceOptions } from 'typeorm';
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
import { PlanPriority } from '../plans/plan-priority.entity.js';
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

export const entities = [Municipality, Population, Import, ImportScope, ImportError, ExecutionSnapshot, BudgetLine, CanonTransfer, Project, ProjectCost, ClassificationVersion, ClassificationRule, PrivateContribution, PlanPriority, ApiKey, AuditEvent];

/** The one DataSource configuration, shared by the service, the tests and the TypeORM CLI. */
export function dataSourceOptions(url: string): DataSourceOptions {
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
    extra: { max: 10, application_name: 'canon-tracker', Client: PreparingClient },
  };
}
