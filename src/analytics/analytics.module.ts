import { Module } from '@nestjs/common';
import { AnalysisPeriods } from './analysis-periods.js';
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
import { PlanningGapRepository } from './planning-gap.repository.js';
import { PlanningGapService } from './planning-gap.service.js';
import { UrbanRuralRepository } from './urban-rural.repository.js';
import { UrbanRuralService } from './urban-rural.service.js';

@Module({
  controllers: [AnalyticsController],
  providers: [
    AnalyticsService,
    AnalyticsRepository,
    AnalysisPeriods,
    UrbanRuralService,
    UrbanRuralRepository,
    PlanningGapService,
    PlanningGapRepository,
    CoverageRepository,
    FunctionLinesRepository,
    ClassificationRules,
    PlanPriorities,
    PeersService,
    PeersRepository,
    CoverageTableService,
    CoverageTableRepository,
  ],
  exports: [AnalyticsService, UrbanRuralRepository],
})
export class AnalyticsModule {}
