import { Global, Module } from '@nestjs/common';
import { ImportTelemetry } from './import-telemetry.js';
import { Metrics } from './metrics.js';
import { RoutePatterns } from './route-patterns.js';

/** Logs, metrics and request ids (README, "Operations"); the HTTP side is wired in app.setup.ts. */
@Global()
@Module({
  providers: [Metrics, ImportTelemetry, RoutePatterns],
  exports: [Metrics, ImportTelemetry, RoutePatterns],
})
export class ObservabilityModule {}
