import { Module } from '@nestjs/common';
import { AnalyticsModule } from '../analytics/analytics.module.js';
import { WorksModule } from '../works/works.module.js';
import { ReportsController } from './reports.controller.js';
import { PeriodCutOffs } from './period-cut-offs.js';
import { ReportsService } from './reports.service.js';

@Module({ imports: [AnalyticsModule, WorksModule], controllers: [ReportsController], providers: [PeriodCutOffs, ReportsService] })
export class ReportsModule {}
