import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { ReportsController } from './reports.controller.js';
import { ReportsService } from './reports.service.js';

@Module({ imports: [AnalyticsModule], controllers: [ReportsController], providers: [ReportsService] })
export class ReportsModule {}
