import { Module } from '@nestjs/common';
import { ConflictsModule } from '../conflicts/conflicts.module.js';
import { CommitmentEvents } from './commitment-events.js';
import { CommitmentsController } from './commitments.controller.js';
import { CommitmentsRepository } from './commitments.repository.js';
import { CommitmentsService } from './commitments.service.js';

/** Dialogue-table commitments (issue 16 §2): recorded by people, their progress read from the linked projects. */
@Module({
  imports: [ConflictsModule],
  controllers: [CommitmentsController],
  providers: [CommitmentsService, CommitmentsRepository, CommitmentEvents],
  exports: [CommitmentEvents],
})
export class CommitmentsModule {}
