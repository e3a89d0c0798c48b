import { Module } from '@nestjs/common';
import { CommitmentsModule } from '../commitments/commitments.module.js';
import { ImportsModule } from '../imports/imports.module.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsService } from './alerts.service.js';
import { Clock } from './clock.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { SubscriptionsService } from './subscriptions.service.js';
import { OutboxRepository } from './webhooks/outbox.repository.js';
import { WebhookWorker } from './webhooks/webhook-worker.js';

/** Subscriptions, the alerts evaluated after each import, each commitment write and on a clock, and their webhooks (issue 16 §3). */
@Module({
  imports: [ImportsModule, CommitmentsModule],
  controllers: [SubscriptionsController, AlertsController],
  providers: [AlertsRepository, AlertsService, Clock, SubscriptionsRepository, SubscriptionsService, OutboxRepository, WebhookWorker],
  exports: [WebhookWorker, AlertsService, Clock],
})
export class AlertsModule {}
