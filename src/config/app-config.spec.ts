import { join, resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

/** The defaults as README.md's table of settings gives them. */
const DEFAULTS = {
  port: 3000,
  databaseUrl: undefined,
  databaseReadUrl: undefined,
  publicUrl: undefined,
  dataDir: resolve('.data'),
  uploadSpoolDir: join(resolve('.data'), 'spool'),
  seedDemoData: true,
  maxUploadBytes: 100 * 1024 * 1024,
  backgroundImportBytes: 20 * 1024 * 1024,
  ownPartitionLines: 100_000,
  adminApiKey: undefined,
  publicReads: true,
  rateLimitPerMinute: 600,
  failedKeyDelayMs: 1_000,
  overLimitDelayMs: 1_000,
  keyConcurrency: 2,
  corsOrigins: [],
  trustProxy: 0,
  dbPoolSize: 10,
  dbReadTimeoutMs: 5_000,
  dbImportTimeoutMs: 3_600_000,
  dbPoolWaitMs: 3_000,
  importLeaseMs: 30_000,
  importMaxAttempts: 3,
  shutdownGraceMs: 20_000,
  exportConcurrency: 2,
  exportQueue: 4,
  heavyRequestCost: 10,
  wideReadConcurrency: 2,
  wideReadQueue: 16,
  logLevel: 'log',
  logFormat: 'json',
  metricsToken: undefined,
  webhookAllowPrivate: false,
  webhookTimeoutMs: 10_000,
  webhookRetryBaseMs: 30_000,
  webhookMaxAttempts: 8,
  webhookPollMs: 5_000,
  overdueAlertsMs: 3_600_000,
};

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toEqual(DEFAULTS);
  });

  it('reads every setting', () => {
    const config = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:p@db:5432/x',
      DATABASE_READ_URL: 'postgresql://u:p@replica:5432/x',
      DATA_DIR: '/tmp/t',
      SEED_DEMO_DATA: 'false',
      MAX_UPLOAD_MB: '5',
      BACKGROUND_IMPORT_MB: '7',
      OWN_PARTITION_LINES: '500',
      ADMIN_API_KEY: 'k'.repeat(24),
      PUBLIC_READS: 'false',
      RATE_LIMIT_PER_MINUTE: '60',
      FAILED_KEY_DELAY_MS: '250',
      OVER_LIMIT_DELAY_MS: '400',
      KEY_CONCURRENCY: '6',
      CORS_ORIGINS: 'https://region.gob.pe, http://localhost:8080',
      TRUST_PROXY: '1',
      DB_POOL_SIZE: '20',
      DB_READ_TIMEOUT_MS: '2500',
      DB_IMPORT_TIMEOUT_MS: '60000',
      DB_POOL_WAIT_MS: '1500',
      IMPORT_LEASE_MS: '10000',
      IMPORT_MAX_ATTEMPTS: '5',
      UPLOAD_SPOOL_DIR: '/srv/spool',
      SHUTDOWN_GRACE_MS: '0',
      EXPORT_CONCURRENCY: '3',
      EXPORT_QUEUE: '0',
      HEAVY_REQUEST_COST: '5',
      WIDE_READ_CONCURRENCY: '4',
      WIDE_READ_QUEUE: '5',
      PUBLIC_URL: 'https://canon.region.gob.pe/',
      LOG_LEVEL: 'debug',
      LOG_FORMAT: 'pretty',
      METRICS_TOKEN: 'm'.repeat(16),
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_TIMEOUT_MS: '2000',
      WEBHOOK_RETRY_BASE_MS: '500',
      WEBHOOK_MAX_ATTEMPTS: '3',
      WEBHOOK_POLL_MS: '0',
      OVERDUE_ALERTS_MS: '600000',
    });
    expect(config).toEqual({
      port: 8080,
      databaseUrl: 'postgres://u:p@db:5432/x',
      databaseReadUrl: 'postgresql://u:p@replica:5432/x',
      publicUrl: 'https://canon.region.gob.pe',
      dataDir: '/tmp/t',
      uploadSpoolDir: '/srv/spool',
      seedDemoData: false,
      maxUploadBytes: 5 * 1024 * 1024,
      backgroundImportBytes: 7 * 1024 * 1024,
      ownPartitionLines: 500,
      adminApiKey: 'k'.repeat(24),
      publicReads: false,
      rateLimitPerMinute: 60,
      failedKeyDelayMs: 250,
      overLimitDelayMs: 400,
      keyConcurrency: 6,
      corsOrigins: ['https://region.gob.pe', 'http://localhost:8080'],
      trustProxy: 1,
      dbPoolSize: 20,
      dbReadTimeoutMs: 2500,
      dbImportTimeoutMs: 60_000,
      dbPoolWaitMs: 1500,
      importLeaseMs: 10_000,
      importMaxAttempts: 5,
      shutdownGraceMs: 0,
      exportConcurrency: 3,
      exportQueue: 0,
      heavyRequestCost: 5,
      wideReadConcurrency: 4,
      wideReadQueue: 5,
      logLevel: 'debug',
      logFormat: 'pretty',
      metricsToken: 'm'.repeat(16),
      webhookAllowPrivate: true,
      webhookTimeoutMs: 2000,
      webhookRetryBaseMs: 500,
      webhookMaxAttempts: 3,
      webhookPollMs: 0,
      overdueAlertsMs: 600_000,
    });
  });

  it('stops with every problem listed', () => {
    expect(() => loadConfig({ PORT: 'eighty', SEED_DEMO_DATA: 'maybe', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    const all = () => loadConfig({ PORT: 'eighty', SEED_DEMO_DATA: 'maybe', DATABASE_URL: 'mysql://x', ADMIN_API_KEY: 'short', CORS_ORIGINS: '*' });
    expect(all).toThrow(ConfigError);
    expect(all).toThrow(/DATABASE_URL.*\n.*ADMIN_API_KEY.*\n.*PORT.*\n.*SEED_DEMO_DATA.*\n.*CORS_ORIGINS/s);
  });

  it('refuses a value out of its range, and a replica URL that is not PostgreSQL', () => {
    expect(() => loadConfig({ DB_POOL_SIZE: '0' })).toThrow(/DB_POOL_SIZE must be an integer between 1 and 500, got "0"/);
    expect(() => loadConfig({ DATABASE_READ_URL: 'mysql://x' })).toThrow(/DATABASE_READ_URL must be a postgres/);
    expect(() => loadConfig({ PUBLIC_URL: 'canon.region.gob.pe' })).toThrow(/PUBLIC_URL must be the http\(s\) address/);
    expect(() => loadConfig({ PUBLIC_URL: 'https://canon.region.gob.pe/docs?x=1' })).toThrow(/PUBLIC_URL/);
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:3000/tracker/' }).publicUrl).toBe('http://10.0.0.5:3000/tracker');
  });

  it('refuses a log level or format it does not know, and a short metrics token', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'info' })).toThrow(/LOG_LEVEL must be one of error, warn, log, debug, verbose, got "info"/);
    expect(() => loadConfig({ LOG_FORMAT: 'text' })).toThrow(/LOG_FORMAT must be one of json, pretty, got "text"/);
    expect(() => loadConfig({ METRICS_TOKEN: 'm'.repeat(15) })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
    expect(loadConfig({ LOG_LEVEL: 'error' }).logLevel).toBe('error');
  });

  it('keeps the upload spool under DATA_DIR unless UPLOAD_SPOOL_DIR names a folder (one the instances share)', () => {
    expect(loadConfig({ DATA_DIR: '/tmp/t' }).uploadSpoolDir).toBe('/tmp/t/spool');
    expect(loadConfig({ DATA_DIR: '/tmp/t', UPLOAD_SPOOL_DIR: 'shared/spool' }).uploadSpoolDir).toBe(resolve('shared/spool'));
    expect(() => loadConfig({ IMPORT_MAX_ATTEMPTS: '0' })).toThrow(/IMPORT_MAX_ATTEMPTS must be an integer between 1 and 100, got "0"/);
  });

  it('refuses webhook and alert settings out of their range', () => {
    expect(() => loadConfig({ WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/WEBHOOK_MAX_ATTEMPTS must be an integer between 1 and 50, got "0"/);
    expect(() => loadConfig({ WEBHOOK_TIMEOUT_MS: '50' })).toThrow(/WEBHOOK_TIMEOUT_MS must be an integer between 100 and 120000/);
    expect(() => loadConfig({ WEBHOOK_ALLOW_PRIVATE: 'sometimes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE must be true or false/);
    expect(() => loadConfig({ OVERDUE_ALERTS_MS: '-1' })).toThrow(/OVERDUE_ALERTS_MS must be an integer between 0 and 86400000, got "-1"/);
    expect(loadConfig({ OVERDUE_ALERTS_MS: '0' }).overdueAlertsMs).toBe(0);
  });
});
