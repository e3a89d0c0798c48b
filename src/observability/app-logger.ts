import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { requestContext } from '../common/request-context.js';

/** Where a line goes; the standard streams unless a test collects them. */
export type LogSink = (line: string, stream: 'stdout' | 'stderr') => void;

type JsonOptions = Parameters<ConsoleLogger['getJsonLogObject']>[1];

/**
 * Nest's own ConsoleLogger in JSON mode (one object a line, structured fields flattened into it), with
 * the id of the request being handled added to every line written while it is. LOG_FORMAT=pretty
 * gives its coloured text instead.
 */
export class AppLogger extends ConsoleLogger {
  constructor(
    config: Pick<AppConfig, 'logLevel' | 'logFormat'>,
    private readonly sink?: LogSink,
  ) {
    super({
      json: config.logFormat === 'json',
      // a single level is a threshold: 'log' writes log, warn, error and fatal
      logLevels: [config.logLevel as LogLevel],
      flattenParams: true,
      // never written on purpose; a safety net should a header object ever be logged
      redact: ['x-api-key', 'authorization'],
    });
  }

  protected override getJsonLogObject(message: unknown, options: JsonOptions): ReturnType<ConsoleLogger['getJsonLogObject']> {
    const record = super.getJsonLogObject(message, options);
    const requestId = requestContext.getStore()?.requestId;
    if (requestId !== undefined && !('requestId' in record)) record.requestId = requestId;
    return record;
  }

  protected override printAsJson(message: unknown, options: JsonOptions): void {
    if (!this.sink) {
      super.printAsJson(message, options);
      return;
    }
    this.sink(this.stringifyJsonLogObject(this.getJsonLogObject(message, options)), options.writeStreamType ?? 'stdout');
  }
}
