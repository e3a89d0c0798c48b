import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService } from './analytics.service.js';
import { ClassificationRules } from './classification-rules.js';
import { CoverageRepository } from './coverage.repository.js';
import { FunctionLinesRepository } from './function-lines.repository.js';
import { CoverageTableRepository } from './coverage-table.repository.js';
import { CoverageTableService } from './coverage-table.service.js';
import { PeersRepository } from './peers.repository.js';
import { PeersService } from './peers.service.js';
import { PlanPriorities } from './plan-priorities.js';

@Module({
  controllers: [AnalyticsController],
  providers: [
    AnalyticsService,
    AnalyticsRepository,
    CoverageRepository,
    FunctionLinesRepository,
    ClassificationRules,
    PlanPriorities,
    PeersService,
    PeersRepository,
    CoverageTableService,
    CoverageTableRepository,
  ],
  exports: [AnalyticsService, AnalyticsRepository],
})
export class AnalyticsModule {}
