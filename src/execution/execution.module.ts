import { Module } from '@nestjs/common';
import { GeographyModule } from '../geography/geography.module.js';
import { ExecutionController } from './execution.controller.js';
import { ExecutionRepository } from './execution.repository.js';
import { ExecutionService } from './execution.service.js';
import { HistoryRepository } from './history.repository.js';

@Module({
  imports: [GeographyModule],
  controllers: [ExecutionController],
  providers: [ExecutionService, ExecutionRepository, HistoryRepository],
})
export class ExecutionModule {}
