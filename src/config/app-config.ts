import { join, resolve } from 'node:path';

/** Settings read once from the environment at start-up; a bad value stops the service. */
export interface AppConfig {
  port: number;
  /** A PostgreSQL server to use; when absent the service runs its own embedded one. */
  databaseUrl?: string;
  /** A streaming replica of it for anonymous reads (DATABASE_READ_URL; src/database/read-replica.ts). */
  databaseReadUrl?: string;
  /** The address clients reach the service at (PUBLIC_URL), named in the OpenAPI document's servers. */
  publicUrl?: string;
  /** Where the embedded database and upload scratch files live. */
  dataDir: string;
  /**
   * Where background imports keep their uploads until they end (UPLOAD_SPOOL_DIR; DATA_DIR/spool by default).
   * Instances that share one folder here take over each other's imports when one stops.
   */
  uploadSpoolDir: string;
  /** Load the bundled real dataset when the database holds no execution data. */
  seedDemoData: boolean;
  /** Largest accepted upload, in bytes. */
  maxUploadBytes: number;
  /** Uploads larger than this are imported in the background (202, then GET /imports/:id). */
  backgroundImportBytes: number;
  /** An import with this many budget lines or more keeps them in a partition of their own; fewer go to the shared one. */
  ownPartitionLines: number;
  /** The first admin key, when the database has none (else one is made and printed once). */
  adminApiKey?: string;
  /** Reads of aggregated data need no key (Peru's transparency law); false makes every read need one. */
  publicReads: boolean;
  /** Requests a minute per API key, or per client IP without one. */
  rateLimitPerMinute: number;
  /** How long a key from an address past FAILED_KEYS_PER_MINUTE unknown keys is held before its 429 (FAILED_KEY_DELAY_MS). */
  failedKeyDelayMs: number;
  /** How long a request of a key or address over its RATE_LIMIT_PER_MINUTE is held before its 429 (OVER_LIMIT_DELAY_MS). */
  overLimitDelayMs: number;
  /** Reads of one API key run at once by an instance; the key's next ones wait their turn (KEY_CONCURRENCY). */
  keyConcurrency: number;
  /** Browser origins allowed to call the API (CORS); none when empty. */
  corsOrigins: string[];
  /** Proxies in front of the service whose X-Forwarded-For is believed (TRUST_PROXY hops; 0: none). */
  trustProxy: number;
  /** The database connections each instance keeps (DB_POOL_SIZE). */
  dbPoolSize: number;
  /**
   * Longest a statement may run outside imports (DB_READ_TIMEOUT_MS): a read that needs longer is
   * cancelled and answered 503 QUERY_TIMEOUT, instead of holding a connection every other request needs.
   */
  dbReadTimeoutMs: number;
  /** Longest an import's (or a rollup rebuild's) statement may run (DB_IMPORT_TIMEOUT_MS). */
  dbImportTimeoutMs: number;
  /** Longest a request waits for a free connection before it is answered 503 DATABASE_BUSY (DB_POOL_WAIT_MS). */
  dbPoolWaitMs: number;
  /**
   * A background import's lease (IMPORT_LEASE_MS): an import whose instance has not renewed it for this
   * long, and whose transaction is gone, is taken over by another instance (looked for every half lease, at most a minute; an import handed back is announced and taken at once).
   */
  importLeaseMs: number;
  /**
   * The most attempts of a background import that end with their instance gone (IMPORT_MAX_ATTEMPTS): the one
   * that takes over after the last of them fails it instead of starting it again. Imports handed back at a stop do not count.
   */
  importMaxAttempts: number;
  /** On SIGTERM, how long running imports may go on before they are rolled back and handed back to the queue (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs: number;
  /** Heavy exports (template, audit report, CSV) written at once by this instance (EXPORT_CONCURRENCY). */
  exportConcurrency: number;
  /** Heavy exports waiting for a turn before 503 EXPORTS_BUSY (EXPORT_QUEUE). */
  exportQueue: number;
  /** Requests a heavy export or country-wide read counts as against its caller's rate limit when it is computed (HEAVY_REQUEST_COST). */
  heavyRequestCost: number;
  /** Country-wide analyses and detail reads run at once by this instance (WIDE_READ_CONCURRENCY). */
  wideReadConcurrency: number;
  /** Country-wide reads waiting for a turn before 503 WIDE_READS_BUSY (WIDE_READ_QUEUE). */
  wideReadQueue: number;
  /** The least severe level written (LOG_LEVEL); each level includes the more severe ones. */
  logLevel: LogLevelSetting;
  /** json: one JSON object a line, for a log collector; pretty: text for a terminal (LOG_FORMAT). */
  logFormat: 'json' | 'pretty';
  /** The bearer token GET /metrics asks for (METRICS_TOKEN); without one it answers loopback clients only. */
  metricsToken?: string;
  /** Webhook URLs may resolve to private, loopback or link-local addresses (WEBHOOK_ALLOW_PRIVATE): for a receiver on the same network, and tests. */
  webhookAllowPrivate: boolean;
  /** Longest a webhook receiver may take to answer before the attempt counts as failed (WEBHOOK_TIMEOUT_MS). */
  webhookTimeoutMs: number;
  /** The wait after a webhook's first failed attempt; it doubles after each further one (WEBHOOK_RETRY_BASE_MS). */
  webhookRetryBaseMs: number;
  /** Attempts of a webhook delivery before it is given up as failed (WEBHOOK_MAX_ATTEMPTS); it can still be replayed. */
  webhookMaxAttempts: number;
  /** How often this instance looks for webhook deliveries that are due (WEBHOOK_POLL_MS); 0: this instance sends none. */
  webhookPollMs: number;
  /**
   * How often this instance evaluates the commitment_overdue alerts of every commitment, and once at start-up
   * (OVERDUE_ALERTS_MS): a deadline passes without any import or write. Instances sharing a database take turns
   * (an advisory lock); 0: this instance does not (commitment writes and imports still evaluate them).
   */
  overdueAlertsMs: number;
}

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelSetting = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {}

const BOOLEAN: Record<string, boolean> = { true: true, '1': true, yes: true, false: false, '0': false, no: false };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  };
  const boolean = (name: string, fallback: boolean): boolean => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = BOOLEAN[raw.toLowerCase()];
    if (value === undefined) {
      problems.push(`${name} must be true or false, got "${raw}"`);
      return fallback;
    }
    return value;
  };

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }

  const databaseReadUrl = env.DATABASE_READ_URL || undefined;
  if (databaseReadUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseReadUrl)) {
    problems.push('DATABASE_READ_URL must be a postgres:// or postgresql:// URL');
  }

  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!values.includes(raw as T)) {
      problems.push(`${name} must be one of ${values.join(', ')}, got "${raw}"`);
      return fallback;
    }
    return raw as T;
  };

  const adminApiKey = env.ADMIN_API_KEY || undefined;
  if (adminApiKey !== undefined && (adminApiKey.length < 24 || /\s/.test(adminApiKey))) {
    problems.push('ADMIN_API_KEY must be at least 24 characters without spaces');
  }

  const metricsToken = env.METRICS_TOKEN || undefined;
  if (metricsToken !== undefined && (metricsToken.length < 16 || /\s/.test(metricsToken))) {
    problems.push('METRICS_TOKEN must be at least 16 characters without spaces');
  }

  const publicUrl = env.PUBLIC_URL ? env.PUBLIC_URL.replace(/\/+$/, '') : undefined;
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(publicUrl)) {
    problems.push('PUBLIC_URL must be the http(s) address clients reach the service at, such as https://canon.region.gob.pe');
  }

  const dataDir = resolve(env.DATA_DIR || '.data');
  const config: AppConfig = {
    port: integer('PORT', 3000, 0, 65535),
    publicUrl,
    databaseUrl,
    databaseReadUrl,
    dataDir,
    uploadSpoolDir: env.UPLOAD_SPOOL_DIR ? resolve(env.UPLOAD_SPOOL_DIR) : join(dataDir, 'spool'),
    seedDemoData: boolean('SEED_DEMO_DATA', true),
    maxUploadBytes: integer('MAX_UPLOAD_MB', 100, 1, 10240) * 1024 * 1024,
    backgroundImportBytes: integer('BACKGROUND_IMPORT_MB', 20, 0, 10240) * 1024 * 1024,
    ownPartitionLines: integer('OWN_PARTITION_LINES', 100_000, 1, 1_000_000_000),
    adminApiKey,
    publicReads: boolean('PUBLIC_READS', true),
    rateLimitPerMinute: integer('RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    failedKeyDelayMs: integer('FAILED_KEY_DELAY_MS', 1_000, 0, 10_000),
    overLimitDelayMs: integer('OVER_LIMIT_DELAY_MS', 1_000, 0, 10_000),
    keyConcurrency: integer('KEY_CONCURRENCY', 2, 1, 10_000),
    corsOrigins: corsOrigins(env.CORS_ORIGINS, problems),
    trustProxy: integer('TRUST_PROXY', 0, 0, 10),
    dbPoolSize: integer('DB_POOL_SIZE', 10, 1, 500),
    dbReadTimeoutMs: integer('DB_READ_TIMEOUT_MS', 5_000, 100, 3_600_000),
    dbImportTimeoutMs: integer('DB_IMPORT_TIMEOUT_MS', 3_600_000, 1_000, 86_400_000),
    dbPoolWaitMs: integer('DB_POOL_WAIT_MS', 3_000, 100, 600_000),
    importLeaseMs: integer('IMPORT_LEASE_MS', 30_000, 1_000, 3_600_000),
    importMaxAttempts: integer('IMPORT_MAX_ATTEMPTS', 3, 1, 100),
    shutdownGraceMs: integer('SHUTDOWN_GRACE_MS', 20_000, 0, 3_600_000),
    exportConcurrency: integer('EXPORT_CONCURRENCY', 2, 1, 100),
    exportQueue: integer('EXPORT_QUEUE', 4, 0, 1000),
    heavyRequestCost: integer('HEAVY_REQUEST_COST', 10, 1, 1000),
    wideReadConcurrency: integer('WIDE_READ_CONCURRENCY', 2, 1, 100),
    wideReadQueue: integer('WIDE_READ_QUEUE', 16, 0, 1000),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, 'log'),
    logFormat: oneOf('LOG_FORMAT', ['json', 'pretty'] as const, 'json'),
    metricsToken,
    webhookAllowPrivate: boolean('WEBHOOK_ALLOW_PRIVATE', false),
    webhookTimeoutMs: integer('WEBHOOK_TIMEOUT_MS', 10_000, 100, 120_000),
    webhookRetryBaseMs: integer('WEBHOOK_RETRY_BASE_MS', 30_000, 1, 86_400_000),
    webhookMaxAttempts: integer('WEBHOOK_MAX_ATTEMPTS', 8, 1, 50),
    webhookPollMs: integer('WEBHOOK_POLL_MS', 5_000, 0, 3_600_000),
    overdueAlertsMs: integer('OVERDUE_ALERTS_MS', 3_600_000, 0, 86_400_000),
  };
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return config;
}

/** CORS_ORIGINS: a comma-separated list of exact origins such as https://region.gob.pe; "*" is refused. */
function corsOrigins(raw: string | undefined, problems: string[]): string[] {
  const origins = (raw ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    if (!/^https?:\/\/[^/\s*]+$/.test(origin)) problems.push(`CORS_ORIGINS must list origins such as https://example.gob.pe, got "${origin}"`);
  }
  return origins;
}
