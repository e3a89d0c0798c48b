import { type DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AlertsModule } from './alerts/alerts.module.js';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { AuthModule } from './auth/auth.module.js';
import { AuditModule } from './audit/audit.controller.js';
import { HealthModule } from './health/health.controller.js';
import { CanonModule } from './canon/canon.module.js';
import { CanonDistributionModule } from './canon-distribution/canon-distribution.module.js';
import { CommitmentsModule } from './commitments/commitments.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ExportSlotsModule } from './common/export-slots.js';
import { DatabaseModule } from './database/database.module.js';
import { DemoDataModule } from './demo-data/demo-data.module.js';
import { ExecutionModule } from './execution/execution.module.js';
import { GeographyModule } from './geography/geography.module.js';
import { ImportsModule } from './imports/imports.module.js';
import { ObservabilityModule } from './observability/observability.module.js';
import { PricesModule } from './prices/prices.service.js';
import { ProjectsModule } from './projects/projects.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { SourcesModule } from './sources/sources.module.js';
import { ConflictsModule } from './conflicts/conflicts.module.js';
import { ContentLanguageInterceptor } from './i18n/content-language.interceptor.js';
import { KeyedAnswersInterceptor } from './common/keyed-answers.interceptor.js';
import { WorksModule } from './works/works.module.js';

@Module({})
export class AppModule {
  /** `databaseUrl` is the configured server or the embedded one started before the app. */
  static forRoot(config: AppConfig, databaseUrl: string): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule,
        ExportSlotsModule,
        DatabaseModule.forRoot(
          databaseUrl,
          { size: config.dbPoolSize, statementTimeoutMs: config.dbReadTimeoutMs, waitMs: config.dbPoolWaitMs },
          config.databaseReadUrl,
        ),
        PricesModule,
        AuthModule,
        AuditModule,
        HealthModule,
        GeographyModule,
        ImportsModule,
        ExecutionModule,
        CanonModule,
        CanonDistributionModule,
        ProjectsModule,
        WorksModule,
        CommitmentsModule,
        ConflictsModule,
        AnalyticsModule,
        ReportsModule,
        SourcesModule,
        DemoDataModule,
        AlertsModule,
      ],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: ContentLanguageInterceptor },
        { provide: APP_INTERCEPTOR, useClass: KeyedAnswersInterceptor },
      ],
    };
  }
}
