import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import pg from 'pg';
import { contractProblems } from './contract.js';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { type AppConfig, loadConfig } from '../../src/config/app-config.js';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<INestApplication['getHttpServer']>;
  document: OpenAPIObject;
  databaseUrl: string;
  /** The app's own data folder (uploads, scratch files), removed at close when the test did not choose it. */
  dataDir: string;
  /** Runs SQL against the app's database, for checking what was (not) written. */
  // biome-ignore lint/suspicious/noExplicitAny: a test reads rows field by field, as the service's Sql does
  sql<T = Record<string, any>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
  /** The admin key the app was started with (ADMIN_API_KEY). */
  adminKey: string;
  /** Requests that carry the admin key: every write needs one. */
  post(url: string): request.Test;
  put(url: string): request.Test;
  delete(url: string): request.Test;
}

export const TEST_ADMIN_KEY = 'test-admin-key-0123456789abcdef';

/** A fresh database on the test server, owned by the test's non-superuser role (its URL), migrated by the app itself at start-up. */
export async function createDatabase(): Promise<string> {
  const admin = process.env.TEST_ADMIN_DATABASE_URL;
  const app = process.env.TEST_APP_DATABASE_URL;
  if (!admin || !app) throw new Error('TEST_ADMIN_DATABASE_URL is not set: run the tests through jest (globalSetup)');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const url = new URL(app);
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name} OWNER "${decodeURIComponent(url.username)}"`);
  await client.end();
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const databaseUrl = overrides.databaseUrl ?? (await createDatabase());
  // a folder of its own: another test file's app, running beside it, sweeps its own uploads at start-up, not these
  await mkdir(overrides.dataDir ?? resolve('.data'), { recursive: true });
  const dataDir = overrides.dataDir ?? (await mkdtemp(join(resolve('.data'), 'test-app-')));
  // the database limits as the service has them by default
  const {
    dbPoolSize,
    dbReadTimeoutMs,
    dbImportTimeoutMs,
    dbPoolWaitMs,
    exportConcurrency,
    exportQueue,
    heavyRequestCost,
    wideReadConcurrency,
    wideReadQueue,
    importLeaseMs,
    importMaxAttempts,
    shutdownGraceMs,
    logLevel,
    logFormat,
  } = loadConfig({});
  // webhooks as the service has them (private addresses refused), except that no test app sends any by itself:
  // a test that sends them sets webhookPollMs, or calls the worker with the time it wants
  const { webhookAllowPrivate, webhookTimeoutMs, webhookRetryBaseMs, webhookMaxAttempts } = loadConfig({});
  // nor evaluates the commitment alerts on a clock: a test that wants them calls AlertsService.evaluateCommitments with the day
  const config: AppConfig = {
    dbPoolSize,
    dbReadTimeoutMs,
    dbImportTimeoutMs,
    dbPoolWaitMs,
    exportConcurrency,
    exportQueue,
    heavyRequestCost,
    wideReadConcurrency,
    wideReadQueue,
    importLeaseMs,
    importMaxAttempts,
    shutdownGraceMs,
    logLevel,
    logFormat,
    webhookAllowPrivate,
    webhookTimeoutMs,
    webhookRetryBaseMs,
    webhookMaxAttempts,
    webhookPollMs: 0,
    overdueAlertsMs: 0,
    port: 0,
    databaseUrl,
    seedDemoData: false,
    maxUploadBytes: 100 * 1024 * 1024,
    backgroundImportBytes: 100 * 1024 * 1024,
    ownPartitionLines: 100_000,
    adminApiKey: TEST_ADMIN_KEY,
    publicReads: true,
    rateLimitPerMinute: 100_000,
    // a guessing address's keys are answered at once (rate-limits.e2e-spec holds them as the service does)
    failedKeyDelayMs: 0,
    // and a key or address over its limit gets its 429 at once (rate-limits.e2e-spec holds them as the service does)
    overLimitDelayMs: 0,
    // tests send one key's requests side by side (key-concurrency.e2e-spec holds them as the service does)
    keyConcurrency: 1_000,
    corsOrigins: [],
    trustProxy: 0,
    ...overrides,
    dataDir,
    // the spool of background uploads: the app's own, unless the test shares one between instances
    uploadSpoolDir: overrides.uploadSpoolDir ?? join(dataDir, 'spool'),
  };
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config, databaseUrl)] }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  // every JSON answer of every e2e test is checked against the committed contract
  const contractViolations: string[] = [];
  app.use((req: Request, res: Response, next: NextFunction) => {
    const json = res.json.bind(res);
    res.json = (body: unknown) => {
      const route = (req as Request & { route?: { path: string } }).route?.path;
      if (route?.startsWith('/api/v1')) {
        try {
          contractViolations.push(
            ...contractProblems(req.method, route.replace(/:(\w+)/g, '{$1}'), res.statusCode, body, String(res.get('Content-Type') ?? 'application/json')),
          );
        } catch (e) {
          contractViolations.push((e as Error).message);
        }
      }
      return json(body);
    };
    next();
  });
  const document = configureApp(app);
  await app.init();
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  return {
    app,
    http: app.getHttpServer(),
    document,
    databaseUrl,
    dataDir,
    sql: async (text, params) => (await pool.query(text, params)).rows,
    adminKey: config.adminApiKey ?? TEST_ADMIN_KEY,
    post: (url) =>
      request(app.getHttpServer())
        .post(url)
        .set('X-API-Key', config.adminApiKey ?? TEST_ADMIN_KEY),
    put: (url) =>
      request(app.getHttpServer())
        .put(url)
        .set('X-API-Key', config.adminApiKey ?? TEST_ADMIN_KEY),
    delete: (url) =>
      request(app.getHttpServer())
        .delete(url)
        .set('X-API-Key', config.adminApiKey ?? TEST_ADMIN_KEY),
    close: async () => {
      try {
        await pool.end();
        await app.close();
      } finally {
        if (!overrides.dataDir) await rm(dataDir, { recursive: true, force: true });
      }
      if (contractViolations.length > 0) throw new Error(`Responses that break openapi.json:\n${[...new Set(contractViolations)].join('\n')}`);
    },
  };
}
