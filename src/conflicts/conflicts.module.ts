import { Module } from '@nestjs/common';
import { ConflictsController } from './conflicts.controller.js';
import { ConflictsRepository } from './conflicts.repository.js';
import { ConflictsService } from './conflicts.service.js';

/** The Defensoría's mining-conflict cases, as context per place (issue 16 §2); the commitments read of a place counts them. */
@Module({ controllers: [ConflictsController], providers: [ConflictsService, ConflictsRepository], exports: [ConflictsService] })
export class ConflictsModule {}
