import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/database/data-source-options.js';

/**
 * DataSource for the TypeORM CLI (`npm run typeorm -- migration:generate src/database/migrations/Name`).
 * Needs DATABASE_URL; the service itself builds the same options in src/database.
 */
const url = process.env.DATABASE_URL;
if (!url) throw new Error('Set DATABASE_URL to run the TypeORM CLI');
export default new DataSource(dataSourceOptions(url));
