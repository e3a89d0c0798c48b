import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { DemoDataService } from './demo-data/demo-data.service.js';
import type { EmbeddedDatabase } from './database/embedded-postgres.js';
import { AppLogger } from './observability/app-logger.js';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // Nest's own logger: JSON lines (LOG_FORMAT=json) at LOG_LEVEL, from the first line on
  const appLogger = new AppLogger(config);
  Logger.overrideLogger(appLogger);
  const logger = new Logger('Bootstrap');

  let embedded: EmbeddedDatabase | undefined;
  if (!config.databaseUrl) {
    // loaded only here: embedded-postgres is a development dependency, absent from the production image (which has DATABASE_URL)
    const { startEmbeddedPostgres } = await import('./database/embedded-postgres.js');
    embedded = await startEmbeddedPostgres(config.dataDir, logger);
  } else logger.log('Using the PostgreSQL server in DATABASE_URL');

  const app = await NestFactory.create(AppModule.forRoot(config, config.databaseUrl ?? embedded!.url), { bufferLogs: false, logger: appLogger });
  configureApp(app);
  if (embedded) {
    const stop = embedded.stop;
    app.getHttpServer().on('close', () => void stop());
  }
  await app.init();
  await app.get(DemoDataService).seedIfEmpty();
  await app.listen(config.port);
  const { port } = app.getHttpServer().address() as { port: number }; // PORT=0 picks a free one
  logger.log(`Listening on http://localhost:${port} — API docs at http://localhost:${port}/docs`);
}

bootstrap().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('The service could not start:', err instanceof Error ? err.message : err);
  }
  process.exit(1);
});
