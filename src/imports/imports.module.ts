import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { hashingDiskStorage } from './hashing-storage.js';
import { ImportEvents } from './import-events.js';
import { ImportsController } from './imports.controller.js';
import { ImportsRepository } from './imports.repository.js';
import { ImportsService } from './imports.service.js';
import { ImportTakeover } from './import-takeover.js';
import { RollupRepair } from './rollup-repair.js';
import { RunningImports } from './running-imports.js';
import { TemplateRepository } from './template.repository.js';
import { TemplateService } from './template.service.js';
import { TemplateWorkers } from './template-workers.js';

@Module({
  imports: [
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const dest = join(config.dataDir, 'uploads');
        mkdirSync(dest, { recursive: true });
        // Uploads stream to disk, never into memory, hashed on the way; one file and a few small fields per request.
        return { storage: hashingDiskStorage(dest), limits: { fileSize: config.maxUploadBytes, files: 1, fields: 10, parts: 12, fieldSize: 1024 } };
      },
    }),
  ],
  controllers: [ImportsController],
  providers: [
    ImportsService,
    ImportsRepository,
    ImportEvents,
    RunningImports,
    ImportTakeover,
    RollupRepair,
    TemplateService,
    TemplateRepository,
    TemplateWorkers,
  ],
  exports: [ImportsService, ImportEvents, RunningImports],
})
export class ImportsModule {}
