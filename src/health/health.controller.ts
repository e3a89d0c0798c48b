import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Controller, Get, Injectable, Module, type OnModuleDestroy } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags, ApiBadRequestResponse } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error.js';
import { ProblemDto } from '../common/problem.dto.js';
import { Readiness } from './readiness.js';

export class EventLoopDelayDto {
  @ApiProperty({ example: 10.2, description: 'Median delay, ms.' })
  p50: number;

  @ApiProperty({ example: 21.5, description: '99th percentile, ms.' })
  p99: number;

  @ApiProperty({ example: 48.1, description: 'Largest, ms.' })
  max: number;
}

export class HealthDto {
  @ApiProperty({ example: 'ok' })
  status: string;

  @ApiProperty({ example: 'up' })
  database: string;

  @ApiProperty({ example: 3600 })
  uptimeSeconds: number;

  @ApiProperty({
    type: EventLoopDelayDto,
    description: 'Event-loop delay since the previous call to /health (or the start): how long requests waited for the one thread.',
  })
  eventLoopDelayMs: EventLoopDelayDto;
}

@Injectable()
export class HealthService implements OnModuleDestroy {
  private readonly histogram = monitorEventLoopDelay({ resolution: 10 });
  private readonly started = Date.now();

  constructor(private readonly db: DataSource) {
    this.histogram.enable();
  }

  onModuleDestroy(): void {
    this.histogram.disable();
  }

  async check(): Promise<HealthDto> {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw DomainError.of('DATABASE_UNAVAILABLE');
    }
    const ms = (ns: number) => Math.round(ns / 1e4) / 100;
    const delay = { p50: ms(this.histogram.percentile(50)), p99: ms(this.histogram.percentile(99)), max: ms(this.histogram.max) };
    this.histogram.reset();
    return { status: 'ok', database: 'up', uptimeSeconds: Math.round((Date.now() - this.started) / 1000), eventLoopDelayMs: delay };
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @ApiOperation({ operationId: 'getHealth', summary: 'Liveness and readiness: the database answers; event-loop delay since the previous call' })
  @ApiOkResponse({ type: HealthDto })
  @ApiBadRequestResponse({ type: ProblemDto, description: 'INVALID_REQUEST' })
  @ApiServiceUnavailableResponse({ type: ProblemDto, description: 'DATABASE_UNAVAILABLE' })
  check(): Promise<HealthDto> {
    return this.health.check();
  }
}

@Module({ controllers: [HealthController], providers: [HealthService, Readiness], exports: [Readiness] })
export class HealthModule {}
