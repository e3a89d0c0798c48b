import type { DataSourceOptions } from 'typeorm';
import { ExecutionSnapshot } from '../execution/execution-snapshot.entity.js';
import { Municipality } from '../geography/municipality.entity.js';
import { Population } from '../geography/population.entity.js';
import { Import } from '../imports/import.entity.js';
import { migrations } from './migrations/index.js';

export const entities = [Municipality, Population, Import, ExecutionSnapshot];

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
    extra: { max: 10, application_name: 'canon-tracker' },
  };
}
