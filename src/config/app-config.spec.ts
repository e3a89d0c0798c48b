import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './app-config.js';

describe('configuration', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toEqual({ port: 3000, databaseUrl: undefined, dataDir: resolve('.data'), seedDemoData: true, maxUploadBytes: 100 * 1024 * 1024, backgroundImportBytes: 20 * 1024 * 1024, ownPartitionLines: 100_000, adminApiKey: undefined, publicReads: true, rateLimitPerMinute: 600, corsOrigins: [] });
  });

  it('reads every setting', () => {
    const config = loadConfig({ PORT: '8080', DATABASE_URL: 'postgres://u:p@db:5432/x', DATA_DIR: '/tmp/t', SEED_DEMO_DATA: 'false', MAX_UPLOAD_MB: '5', ADMIN_API_KEY: 'k'.repeat(24), PUBLIC_READS: 'false', RATE_LIMIT_PER_MINUTE: '60', CORS_ORIGINS: 'https://region.gob.pe, http://localhost:8080' });
    expect(config).toEqual({ port: 8080, databaseUrl: 'postgres://u:p@db:5432/x', dataDir: '/tmp/t', seedDemoData: false, maxUploadBytes: 5 * 1024 * 1024, backgroundImportBytes: 20 * 1024 * 1024, ownPartitionLines: 100_000, adminApiKey: 'k'.repeat(24), publicReads: false, rateLimitPerMinute: 60, corsOrigins: ['https://region.gob.pe', 'http://localhost:8080'] });
  });

  it('stops with every problem listed', () => {
    expect(() => loadConfig({ PORT: 'eighty', SEED_DEMO_DATA: 'maybe', DATABASE_URL: 'mysql://x' })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', SEED_DEMO_DATA: 'maybe', DATABASE_URL: 'mysql://x', ADMIN_API_KEY: 'short', CORS_ORIGINS: '*' });
    } catch (e) {
      expect((e as Error).message).toMatch(/DATABASE_URL.*\n.*ADMIN_API_KEY.*\n.*PORT.*\n.*SEED_DEMO_DATA.*\n.*CORS_ORIGINS/s);
    }
  });
});
