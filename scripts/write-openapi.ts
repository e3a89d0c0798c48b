// Writes openapi.json, the API contract, from the code. A test fails when the committed file and the
// code disagree: after changing a route or a DTO, run `npm run openapi` and commit the result.
// The document is the one the app serves (configureApp), post-processed there by closeSchemas
// (src/common/closed-schemas.ts): every object schema with properties gets `additionalProperties: false`,
// so a field that no DTO documents is a broken contract. Document a new field in its DTO.
import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../src/app.module.js';
import { configureApp } from '../src/app.setup.js';
import { loadConfig } from '../src/config/app-config.js';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';

const config = { ...loadConfig(), seedDemoData: false, adminApiKey: 'openapi-writer-key-0123456789' };
const db = process.env.DATABASE_URL
  ? { url: process.env.DATABASE_URL, stop: async () => undefined }
  : await startEmbeddedPostgres('.data/openapi', console, `openapi_${Date.now()}`);
const app = await NestFactory.create(AppModule.forRoot(config, db.url), { logger: ['error'] });
const document = configureApp(app);
await writeFile('openapi.json', `${JSON.stringify(document, null, 2)}\n`);
console.log(`openapi.json: ${Object.keys(document.paths).length} paths`);
await app.close();
await db.stop();
