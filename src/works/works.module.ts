import { Module } from '@nestjs/common';
import { WorksController } from './works.controller.js';
import { WorksRepository } from './works.repository.js';
import { WorksService } from './works.service.js';

@Module({ controllers: [WorksController], providers: [WorksService, WorksRepository], exports: [WorksService] })
export class WorksModule {}
