import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysService } from './api-keys.service.js';
import { KeyConcurrency } from './key-concurrency.js';
import { RateLimiter, RateLimitGuard } from './rate-limit.guard.js';

/** Rate limits first, then API keys (each key's requests a few at a time) and roles, on every route. */
@Module({
  controllers: [ApiKeysController],
  providers: [ApiKeysService, RateLimiter, KeyConcurrency, { provide: APP_GUARD, useClass: RateLimitGuard }, { provide: APP_GUARD, useClass: ApiKeyGuard }],
  exports: [ApiKeysService, RateLimiter],
})
export class AuthModule {}
