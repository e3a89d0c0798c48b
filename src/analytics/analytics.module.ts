import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller.js';
import { AnalyticsRepository } from './analytics.repository.js';
import { AnalyticsService } from './analytics.service.js';
import { CoverageRepository } from './coverage.repository.js';

@Module({ controllers: [AnalyticsController], providers: [AnalyticsService, AnalyticsRepository, CoverageRepository], exports: [AnalyticsService, AnalyticsRepository] })
export class AnalyticsModule {}
